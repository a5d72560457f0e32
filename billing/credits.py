"""Credit notes (SKRDLB, surat ketetapan retribusi daerah lebih bayar): money the office owes back to a payer, and
what became of it.

A credit is issued by an amendment that lowered a booking's price, by cancelling an assessed booking, or by a
delivery settlement for plays not delivered; it has its own gapless number series and refers to the booking's SKRD.
It is then used, in parts or at once, either
- **offset** against an SKRD of the same payer that still owes (the booking's own first, automatically: money that
  was never paid is not "lebih bayar"), which settles it without new money (`Assessment.credited`; no receipt), or
- **refunded** (the treasury's transfer, with its reference).
Every credit and every use is audited; none is rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billing import booking_state
from billing.assessments import get_assessment, issuer_snapshot, refresh_subject
from billing.dating import ensure_open
from billing.lifecycle_models import Credit, CreditLine, CreditUse
from billing.models import Assessment
from billing.numbering import number_fields
from billing.verification import verification_code
from playlists.models import Booking
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import NotFound, VideotronError
from videotron.core.permissions import authorize

SERIES = "credit"


@dataclass(frozen=True)
class Part:
    """One screen's part of a credit: its kode rekening, the rupiah, and the calculation as printed."""

    screen_id: str
    screen_name: str
    account: str
    amount: int
    description: str


def issue_credit(session: Session, booking: Booking, original: Assessment, parts: list[Part], *, cause: str,
                 reason: str, config: Config, actor: str, clock: Clock) -> Credit:  # fmt: skip
    """Number and record a credit note for `booking` (its SKRD `original`); the caller authorized the action."""
    today = config.today(clock)
    amount = sum(p.amount for p in parts)
    if amount <= 0:  # pragma: no cover - callers only credit a positive difference
        raise ValueError(f"a credit must be positive, got {amount}")
    numbered = number_fields(session, SERIES, config.numbering.credit, today.year)
    adv = booking.advertiser
    credit = Credit(**numbered, booking_id=booking.id, assessment_id=original.id, cause=cause, reason=reason,
                    issue_date=today, issued_at=clock.now(), issued_by=actor, advertiser_id=adv.id,
                    payer_name=adv.name, payer_address=adv.address, payer_npwrd=adv.npwrd, amount=amount, used=0,
                    offset_at_issue=0, issuer_json=issuer_snapshot(config),
                    verification=verification_code("SKRDLB", numbered["number"], amount, adv.name, today),
                    lines=[CreditLine(position=i, screen_id=p.screen_id, screen_name=p.screen_name, account=p.account,
                                      description=p.description, amount=p.amount)
                           for i, p in enumerate(parts, 1)])  # fmt: skip
    session.add(credit)
    session.flush()
    audit.record(session, actor=actor, action="credit.issue", entity="credit", entity_id=credit.number,
                 after=describe_credit(credit), clock=clock)  # fmt: skip
    return credit


def offset_own(session: Session, credit: Credit, *, config: Config, actor: str, clock: Clock) -> None:
    """Offset a new credit against what the booking's own SKRDs still owe (oldest first)."""
    for a in booking_state.live_assessments(session, credit.booking_id):
        if credit.remaining and a.outstanding > 0:
            use = _offset(session, credit, a, min(credit.remaining, a.outstanding), config.today(clock), actor, clock,
                          config)  # fmt: skip
            credit.offset_at_issue += use.amount


def offset_credit(session: Session, number: str, skrd: str, *, amount: int | None = None, config: Config,
                  actor: str, clock: Clock) -> CreditUse:  # fmt: skip
    """Offset (part of) credit `number` against SKRD `skrd` of the same payer; all it can when `amount` is None."""
    authorize(session, actor, "credit.use")
    credit = get_credit(session, number, for_update=True)
    a = get_assessment(session, skrd, for_update=True)
    if a.advertiser_id != credit.advertiser_id:
        raise VideotronError("credit.other_payer", "SKRD {skrd} is {payer}'s, credit {number} is {owner}'s: a credit "
                             "is offset only against its own payer's SKRD", field="skrd", skrd=skrd, payer=a.payer_name,
                             number=number, owner=credit.payer_name)  # fmt: skip
    if a.outstanding <= 0:
        raise VideotronError("credit.nothing_owed", "SKRD {skrd} owes nothing ({status:tr})", field="skrd", skrd=skrd,
                             status=a.status)  # fmt: skip
    most = min(credit.remaining, a.outstanding)
    amount = most if amount is None else _amount(amount, credit)
    if amount > a.outstanding:
        raise VideotronError("credit.more_than_owed", "{amount:rupiah} is more than the {owed:rupiah} SKRD {skrd} "
                             "still owes", field="amount", amount=amount, owed=a.outstanding, skrd=skrd)  # fmt: skip
    return _offset(session, credit, a, amount, config.today(clock), actor, clock, config)


def refund_credit(session: Session, number: str, *, amount: int, paid_on: date, reference: str, config: Config,
                  actor: str, clock: Clock) -> CreditUse:  # fmt: skip
    """Record that (part of) credit `number` was paid back to the payer on `paid_on` (reference: the transfer)."""
    authorize(session, actor, "credit.use")
    credit = get_credit(session, number, for_update=True)
    amount = _amount(amount, credit)
    if paid_on > config.today(clock):
        raise VideotronError("credit.refund_in_future", "{day} is in the future", field="paid_on", day=paid_on)
    if paid_on < credit.issue_date:
        raise VideotronError("credit.refund_before_issue", "{day} is before credit {number} was issued ({issued})",
                             field="paid_on", day=paid_on, number=number, issued=credit.issue_date)  # fmt: skip
    if not reference.strip():
        raise VideotronError("credit.refund_reference", "a refund needs the transfer's reference (bank or SP2D "
                             "number)", field="reference")  # fmt: skip
    return _use(session, credit, "refund", None, amount, paid_on, reference.strip(), actor, clock, config)


def _amount(amount: int, credit: Credit) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise VideotronError("credit.amount", "must be a whole number of rupiah above 0, got {amount!r}",
                             field="amount", amount=amount)  # fmt: skip
    if amount > credit.remaining:
        raise VideotronError("credit.more_than_left", "{amount:rupiah} is more than the {left:rupiah} left on credit "
                             "{number}", field="amount", amount=amount, left=credit.remaining,
                             number=credit.number)  # fmt: skip
    return amount


def _offset(session: Session, credit: Credit, a: Assessment, amount: int, day: date, actor: str,
            clock: Clock, config: Config) -> CreditUse:  # fmt: skip
    use = _use(session, credit, "offset", a, amount, day, "", actor, clock, config)
    a.credited += amount
    a.settle_status()
    session.flush()
    session.refresh(a, ["offsets"])
    refresh_subject(session, a, actor=actor, clock=clock)  # a spot booking's SKRD, or a running-text booking's
    return use


def _use(session: Session, credit: Credit, kind: str, a: Assessment | None, amount: int, day: date, reference: str,
         actor: str, clock: Clock, config: Config) -> CreditUse:  # fmt: skip
    ensure_open(session, day, field="paid_on" if kind == "refund" else "skrd", config=config)
    before = {"used": credit.used, "remaining": credit.remaining}
    use = CreditUse(credit=credit, kind=kind, assessment_id=a.id if a else None, amount=amount, used_on=day,
                    reference=reference, recorded_at=clock.now(), recorded_by=actor)  # fmt: skip
    session.add(use)
    credit.used += amount
    session.flush()
    after = {"used": credit.used, "remaining": credit.remaining, kind: amount, "date": day.isoformat(),
             "skrd": a.number if a else None, "reference": reference or None}  # fmt: skip
    audit.record(session, actor=actor, action=f"credit.{kind}", entity="credit", entity_id=credit.number,
                 before=before, after=after, clock=clock)  # fmt: skip
    return use


def get_credit(session: Session, number: str, *, for_update: bool = False) -> Credit:
    stmt = select(Credit).where(Credit.number == number)
    if for_update:
        stmt = stmt.with_for_update()
    credit = session.scalar(stmt.options(selectinload(Credit.lines), selectinload(Credit.uses)))
    if credit is None:
        raise NotFound("credit.not_found", "credit note {number!r} not found", number=number)
    return credit


def list_credits(session: Session, *, advertiser_id: str | None = None, booking_id: str | None = None) -> list[Credit]:
    stmt = select(Credit).options(selectinload(Credit.lines), selectinload(Credit.uses))
    if advertiser_id is not None:
        stmt = stmt.where(Credit.advertiser_id == advertiser_id)
    if booking_id is not None:
        stmt = stmt.where(Credit.booking_id == booking_id)
    return list(session.scalars(stmt.order_by(Credit.year, Credit.seq)))


def describe_credit(c: Credit) -> dict[str, object]:
    """A plain dict of a credit note, for the audit trail and `credit show --json`."""
    return {
        "number": c.number, "booking": c.booking_id, "skrd": c.assessment.number if c.assessment else None,
        "cause": c.cause, "reason": c.reason, "issue_date": c.issue_date.isoformat(),
        "payer": {"name": c.payer_name, "address": c.payer_address, "npwrd": c.payer_npwrd},
        "lines": [{"screen": ln.screen_id, "account": ln.account, "description": ln.description, "amount": ln.amount}
                  for ln in c.lines],
        "amount": c.amount, "used": c.used, "remaining": c.remaining, "verification": c.verification,
        "uses": [{"kind": u.kind, "amount": u.amount, "date": u.used_on.isoformat(),
                  "skrd": u.assessment.number if u.assessment else None, "reference": u.reference} for u in c.uses],
    }  # fmt: skip
