"""`videotron delivery settle YYYY-MM`: what an assessed booking was owed in a month and did not get, made good.

Per booking and screen (`billing.reports.delivery_settle`): the plays due against the plays delivered. A shortfall
within the office's `delivery_tolerance` (percent of the plays due) is recorded and left. Beyond it, the shortfall
is first counted against make-good plays already granted after the month (an alert's, by `videotron makegood
plan`), then
- while the booking still runs, granted as make-good plays on the following days (up to `MAKEGOOD_DAYS`, within
  its dates, as many as the compiler can place each day: `playlists.makegood_plan.largest_extra`);
- what cannot be placed, and everything once the booking has ended, is credited to the advertiser: one credit note
  (SKRDLB) per booking, each screen's plays at its assessed price per play (net of amendments), rounded half up.
Every line keeps its reasons (failed, emergency alert, skipped, no record: screen off) and its outcome. A month is
settled once its last day is over; settling it again finds its lines and changes nothing. A booking whose last
day is settled becomes "completed". One transaction, audited as `delivery.settle`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from billing import booking_state
from billing.credits import Part, issue_credit, offset_own
from billing.documents.labels import labels as doc_labels
from billing.lifecycle_models import Credit, Settlement, SettlementGrant
from billing.money import round_half_up
from billing.pricing import booking_days
from billing.reports.delivery_settle import Count, count_month, settled_bookings
from billing.reports.labels import labels
from billing.reports.period import Month
from playlists.bookings import set_status
from playlists.capacity import lock_screens
from playlists.inputs import ScheduleInputs
from playlists.makegood_plan import largest_extra
from playlists.makegoods import MakeGood
from playlists.models import Booking, Screen
from playlists.planning import load_inputs
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import VideotronError
from videotron.core.formats import rupiah
from videotron.core.permissions import authorize

MAKEGOOD_DAYS = 7


@dataclass
class Settled:
    month: Month
    lines: list[Settlement] = field(default_factory=list)  # every line of the month, settled now or before
    new: int = 0  # lines settled by this run
    credits: list[Credit] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)


def settle_month(session: Session, month: Month, *, config: Config, actor: str, clock: Clock) -> Settled:
    """Settle `month`; see the module docstring."""
    authorize(session, actor, "delivery.settle")
    today = config.today(clock)
    if month.end >= today:
        raise VideotronError("settle.month_open", "{month} is not over yet (today is {today:date}): a month is "
                             "settled once its last day has aired", field="month", month=str(month),
                             today=today)  # fmt: skip
    bookings = {b.id: b for b in settled_bookings(session, month)}
    done = {(r.booking_id, r.screen_id) for r in _lines(session, month)}
    todo = [b for b in bookings.values() if any((b.id, sid) not in done for sid in b.screen_ids)]
    counts = {k: c for k, c in count_month(session, month, todo).items() if k not in done}
    lock_screens(session, {s for _b, s in counts})
    credited: dict[str, list[tuple[Settlement, int]]] = defaultdict(list)
    for (bid, sid), c in sorted(counts.items()):
        row, plays = _settle_line(session, bookings[bid], sid, c, month, config, today, actor, clock)
        if plays:
            credited[bid].append((row, plays))
    out = Settled(month, new=len(counts))
    for bid, rows in sorted(credited.items()):
        credit = _credit(session, bookings[bid], rows, month, config, actor, clock)
        if credit is not None:
            out.credits.append(credit)
    out.completed = _complete(session, list(bookings.values()), month, today, actor, clock)
    out.lines = _lines(session, month)
    if not out.new:
        return out  # settled before: nothing changes, not even the audit trail
    audit.record(session, actor=actor, action="delivery.settle", entity="month", entity_id=str(month),
                 after={"lines": out.new, "credits": [c.number for c in out.credits], "completed": out.completed,
                        "makegood_plays": sum(r.makegood_plays for r in out.lines)}, clock=clock)  # fmt: skip
    return out


def _lines(session: Session, month: Month) -> list[Settlement]:
    stmt = select(Settlement).where(Settlement.month == str(month))
    return list(session.scalars(stmt.order_by(Settlement.booking_id, Settlement.screen_id)))


def _settle_line(session: Session, b: Booking, sid: str, c: Count, month: Month, config: Config, today: date,
                 actor: str, clock: Clock) -> tuple[Settlement, int]:  # fmt: skip
    """Record one line and grant its make-goods; the plays left to credit."""
    row = Settlement(month=str(month), booking_id=b.id, screen_id=sid, due=c.due, played=c.played, failed=c.failed,
                     alert=c.alert, skipped=c.skipped, missing=c.missing, shortfall=c.shortfall,
                     tolerance=c.due * config.delivery_tolerance // 100, covered=0, makegood_plays=0, credited_plays=0,
                     outcome="delivered" if not c.shortfall else "tolerated", settled_at=clock.now(),
                     settled_by=actor)  # fmt: skip
    session.add(row)
    session.flush()
    if c.shortfall <= row.tolerance:
        return row, 0
    row.covered = _count_earlier_grants(session, row, month)
    rest = c.shortfall - row.covered
    if rest and b.end_date > today:
        row.makegood_plays = _grant(session, row, b, sid, rest, today, actor, clock)
    row.credited_plays = rest - row.makegood_plays
    row.outcome = "credit" if row.credited_plays and not (row.makegood_plays or row.covered) else (
        "mixed" if row.credited_plays else "makegood")  # fmt: skip
    return row, row.credited_plays


def _count_earlier_grants(session: Session, row: Settlement, month: Month) -> int:
    """Make-good plays granted after the month for this line and not counted by any settlement yet (an alert's
    make-goods), counted against its shortfall."""
    linked = (
        select(SettlementGrant.make_good_id, func.sum(SettlementGrant.plays).label("plays"))
        .group_by(SettlementGrant.make_good_id)
        .subquery()
    )
    stmt = (
        select(MakeGood.id, MakeGood.plays - func.coalesce(linked.c.plays, 0))
        .outerjoin(linked, linked.c.make_good_id == MakeGood.id)
        .where(MakeGood.booking_id == row.booking_id, MakeGood.screen_id == row.screen_id, MakeGood.day > month.end)
        .order_by(MakeGood.day, MakeGood.id)
    )
    covered = 0
    for grant_id, free in session.execute(stmt).all():
        take = min(int(free), row.shortfall - covered)
        if take > 0:
            session.add(SettlementGrant(make_good_id=grant_id, settlement_id=row.id, plays=take))
            covered += take
    return covered


def _grant(session: Session, row: Settlement, b: Booking, sid: str, wanted: int, today: date, actor: str,
           clock: Clock) -> int:  # fmt: skip
    """Make-good plays from tomorrow, within the booking's dates, as many as each day can take."""
    inputs = load_inputs(session, sid, fresh=True)
    granted = 0
    first = max(today + timedelta(days=1), b.start_date)
    for day in (first + timedelta(days=n) for n in range(MAKEGOOD_DAYS)):
        if granted == wanted or day > b.end_date:
            break
        plays, _why = largest_extra(inputs, b.id, day, wanted - granted)
        if not plays:
            continue
        inputs = _with_extra(inputs, b.id, day, plays)
        grant = MakeGood(booking_id=b.id, screen_id=sid, day=day, plays=plays, created_at=clock.now(), created_by=actor,
                         reason=f"settle {row.month}")  # fmt: skip
        session.add(grant)
        session.flush()
        session.add(SettlementGrant(make_good_id=grant.id, settlement_id=row.id, plays=plays))
        audit.record(session, actor=actor, action="makegood.grant", entity="make_good", entity_id=str(grant.id),
                     after={"booking": b.id, "screen": sid, "day": day.isoformat(), "plays": plays,
                            "reason": grant.reason}, clock=clock)  # fmt: skip
        granted += plays
    return granted


def _with_extra(inputs: ScheduleInputs, booking_id: str, day: date, plays: int) -> ScheduleInputs:
    specs = tuple(replace(s, extra_plays=(*s.extra_plays, (day, plays))) if s.id == booking_id else s
                  for s in inputs.bookings)  # fmt: skip
    return replace(inputs, bookings=specs)


def _credit(session: Session, b: Booking, rows: list[tuple[Settlement, int]], month: Month, config: Config,
            actor: str, clock: Clock) -> Credit | None:  # fmt: skip
    """One credit note for the booking's plays not delivered: each screen's plays at its assessed price per play."""
    original = booking_state.original_of(session, b.id)
    if original is None:  # pragma: no cover - settled bookings are assessed
        return None
    net: dict[str, int] = defaultdict(int)
    for (screen_id, _account), amount in booking_state.assessed_lines(session, b.id).items():
        net[screen_id] += amount
    total_plays = b.plays_per_day * booking_days(b.start_date, b.end_date)
    t, words = labels(config.language), doc_labels(config.language)
    parts = []
    for row, plays in rows:
        amount = round_half_up(Decimal(net[row.screen_id]) * plays / total_plays, 1) if total_plays else 0
        causes = [(t["failed"].lower(), row.failed), (t["alert_reason"], row.alert), (t["skipped"].lower(),
                  row.skipped), (t["missing_cause"], row.missing)]  # fmt: skip
        text = words["delivery_line"].format(plays=plays, month=str(month), due=row.due,
                                             net=rupiah(net[row.screen_id], config.language),
                                             total=total_plays,
                                             causes=", ".join(f"{w} {n}" for w, n in causes if n))  # fmt: skip
        if amount > 0:
            screen = session.get(Screen, row.screen_id)
            parts.append(Part(row.screen_id, screen.name if screen else row.screen_id,
                              _account_of(session, b.id, row.screen_id), amount, text))  # fmt: skip
    if not parts:
        return None
    reason = words["delivery_reason"].format(month=str(month), plays=sum(p for _r, p in rows))
    credit = issue_credit(session, b, original, parts, cause="delivery", reason=reason, config=config, actor=actor,
                          clock=clock)  # fmt: skip
    for row, _plays in rows:
        row.credit_id = credit.id
    offset_own(session, credit, config=config, actor=actor, clock=clock)
    return credit


def _account_of(session: Session, booking_id: str, screen_id: str) -> str:
    lines = booking_state.assessed_lines(session, booking_id)
    return next((acct for (screen, acct), amount in lines.items() if screen == screen_id and amount), "")


def _complete(session: Session, bookings: list[Booking], month: Month, today: date, actor: str,
              clock: Clock) -> list[str]:  # fmt: skip
    """Bookings whose last day is in (or before) the settled month: completed."""
    out = []
    for b in bookings:
        if b.status == "assessed" and b.end_date <= month.end and b.end_date < today:
            set_status(session, b.id, "completed", actor=actor, clock=clock, reason=f"settled {month}")
            out.append(b.id)
    return out
