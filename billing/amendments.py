"""Amending and cancelling a booking: the lifecycle's one way to change what an SKRD assessed.

A draft (no SKRD) is simply saved again, and cancelled for free. An assessed booking is amended: its new terms are
saved through the one write path (`playlists.bookings.save_booking`, capacity checked), priced with its SKRD's
tariff version, and the difference against what is already assessed (`billing.additional`) becomes
- an **SKRD tambahan** for exactly the increase (its own series), or
- a **credit note** (SKRDLB, `billing.credits`) for the decrease, at once offset against what the booking's own
  SKRDs still owe; the rest is lebih bayar, refunded or offset against a later SKRD of the same payer.
The SKRD and its PDF never change. Before a booking airs any term may change (its start not into the past); once
it has started (start <= the office's today) its aired days stay as assessed: only its end may move, to today at
the earliest. Cancelling an assessed booking before it airs is an amendment to zero (status cancelled); once on
air, it ends today and the days after are credited. A completed or cancelled booking is not amended.
One call is one user action in the caller's transaction, audited as `booking.amend` / `booking.cancel`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from billing import booking_state
from billing.additional import LineChange, issue_additional, line_changes
from billing.credits import Part, issue_credit, offset_own
from billing.lifecycle_models import Amendment, Credit
from billing.models import Assessment
from billing.quote import compute_quote, load_order
from playlists.bookings import BookingFields, save_booking, set_status, terms_of
from playlists.models import Booking
from playlists.saving import plain
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import NotFound, Problem, ValidationError, VideotronError, problem
from videotron.core.permissions import authorize

# A change's fields, named as the setup file's [[booking]] keys, and the BookingFields attribute each sets.
KEYS = {"plays_per_day": "plays_per_day", "start": "start_date", "end": "end_date", "screens": "screen_ids",
        "band": "band", "category": "category", "media": "media_id"}  # fmt: skip


@dataclass(frozen=True)
class Change:
    """What an amendment changes; None leaves a term as it is ("" for the band: the whole operating day)."""

    plays_per_day: int | None = None
    start: date | None = None
    end: date | None = None
    screens: list[str] | None = None
    band: str | None = None
    category: str | None = None
    media: str | None = None

    def applied(self, t: BookingFields) -> BookingFields:
        given = {KEYS[k]: v for k, v in vars(self).items() if v is not None}
        if "band" in given:
            given["band"] = given["band"] or None
        return replace(t, **given)


@dataclass
class Amended:
    """What an amendment or cancellation did: the booking, and the documents issued (none for a draft)."""

    booking: Booking
    amendment: Amendment | None = None
    additional: Assessment | None = None
    credit: Credit | None = None
    changed: list[str] = field(default_factory=list)
    cause: str = "amendment"

    def notes(self) -> list[Problem]:
        """What was done, as notes each edge words in its user's language: the booking, then each document."""
        b = self.booking
        out = [problem("amend.done", "booking {booking}: {status:tr}, {plays} plays a day, {start:date} to {end:date}",
                       booking=b.id, status=b.status, plays=b.plays_per_day, start=b.start_date,
                       end=b.end_date)]  # fmt: skip
        if self.amendment is not None and self.additional is None and self.credit is None:
            out.append(problem("amend.no_money", "the price does not change: no document"))
        if self.additional is not None:
            a = self.additional
            out.append(problem("amend.additional", "SKRD tambahan {number} (to SKRD {skrd}): {amount:rupiah}, due "
                               "{due:date}", number=a.number, skrd=a.amends.number if a.amends else "",
                               amount=a.principal, due=a.due_date))  # fmt: skip
        if self.credit is not None:
            c = self.credit
            out.append(problem("amend.credit", "credit note {number} (to SKRD {skrd}): {amount:rupiah}; offset "
                               "{used:rupiah} against what the booking still owed, {left:rupiah} left to refund or "
                               "offset", number=c.number, skrd=c.assessment.number, amount=c.amount,
                               used=c.offset_at_issue, left=c.amount - c.offset_at_issue))  # fmt: skip
        return out


def amend_booking(session: Session, booking_id: str, change: Change, *, reason: str, config: Config, actor: str,
                  clock: Clock) -> Amended:  # fmt: skip
    """Change a booking's terms; see the module docstring."""
    b = _amendable(session, booking_id, reason)
    old = terms_of(b)
    new = change.applied(old)
    changed = [k for k, attr in KEYS.items() if plain(getattr(old, attr)) != plain(_norm(getattr(new, attr)))]
    if not changed:
        raise VideotronError("amend.nothing", "the amendment changes nothing in booking {booking}", booking=b.id)
    if b.status == "draft":
        return Amended(save_booking(session, new, actor=actor, clock=clock).row, changed=changed)
    authorize(session, actor, "booking.amend")
    _check_dates(b, new, changed, config.today(clock))
    return _assess(session, b, new, "amendment", reason, changed, config=config, actor=actor, clock=clock)


def cancel_booking(session: Session, booking_id: str, *, reason: str, config: Config, actor: str,
                   clock: Clock) -> Amended:  # fmt: skip
    """Cancel a booking: free for a draft; an amendment to zero before an assessed booking airs; once it airs, it
    ends today and the days after are credited."""
    b = _amendable(session, booking_id, reason)
    if b.status == "draft":
        authorize(session, actor, "booking.edit")
        row = set_status(session, b.id, "cancelled", actor=actor, clock=clock, reason=reason.strip(),
                         audit_as="booking.cancel")  # fmt: skip
        return Amended(row, cause="cancellation")
    authorize(session, actor, "booking.amend")
    today = config.today(clock)
    if b.start_date > today:
        return _assess(session, b, None, "cancellation", reason, ["status"], config=config, actor=actor, clock=clock)
    if b.end_date <= today:
        raise VideotronError("amend.cancel_aired", "booking {booking} ends {end:date}: nothing unaired is left to "
                             "cancel (`videotron delivery settle` credits plays that did not air)", field="booking",
                             booking=b.id, end=b.end_date)  # fmt: skip
    return _assess(session, b, replace(terms_of(b), end_date=today), "cancellation", reason, ["end"], config=config,
                   actor=actor, clock=clock)  # fmt: skip


def _amendable(session: Session, booking_id: str, reason: str) -> Booking:
    if not reason or not reason.strip():
        raise ValidationError("amend.reason", "an amendment needs a reason (it is kept with the amendment and in the "
                              "audit trail)", field="reason")  # fmt: skip
    b = session.get(Booking, booking_id)
    if b is None:
        raise NotFound("amend.not_found", "booking {booking!r} not found", field="booking", booking=booking_id)
    if b.status in ("cancelled", "completed"):
        raise VideotronError("amend.closed", "booking {booking} is {status:tr}: it cannot be amended or cancelled",
                             field="booking", booking=b.id, status=b.status)  # fmt: skip
    return b


def _norm(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value.strip() if isinstance(value, str) else value


def _check_dates(b: Booking, new: BookingFields, changed: list[str], today: date) -> None:
    """Aired days stay as assessed: once started only the end moves, to today at the earliest."""
    if b.start_date <= today:
        others = [k for k in changed if k != "end"]
        if others:
            raise VideotronError("amend.started", "booking {booking} has been on air since {start:date}: only its end "
                                 "can change now (the days aired stay as assessed); book other terms as a new "
                                 "booking", field=others[0], booking=b.id, start=b.start_date)  # fmt: skip
        if new.end_date < today:
            raise VideotronError("amend.end_aired", "{end:date} is before today ({today:date}): days already aired "
                                 "cannot be taken back", field="end", end=new.end_date, today=today)  # fmt: skip
    elif "start" in changed and new.start_date < today:
        raise VideotronError("amend.start_past", "{start:date} is in the past (today is {today:date})", field="start",
                             start=new.start_date, today=today)  # fmt: skip


def _assess(session: Session, b: Booking, new: BookingFields | None, cause: str, reason: str, changed: list[str], *,
            config: Config, actor: str, clock: Clock) -> Amended:  # fmt: skip
    """Save the new terms (None: cancelled), price them, and issue the document for the difference."""
    original = booking_state.original_of(session, b.id)
    if original is None:  # pragma: no cover - an assessed booking has its SKRD (kept in step by booking_state)
        raise VideotronError("amend.no_skrd", "booking {booking} has no SKRD", booking=b.id)
    before_terms, before = _terms_json(b), booking_state.assessed_lines(session, b.id)
    if new is not None:
        save_booking(session, new, actor=actor, clock=clock, amending=True)
        quote = compute_quote(original.tariff_version, load_order(session, b.id), config.language)
    else:
        set_status(session, b.id, "cancelled", actor=actor, clock=clock, reason=reason.strip())
        quote = None
    changes = line_changes(session, before, quote)
    difference = sum(c.difference for c in changes)
    who: dict[str, Any] = {"config": config, "actor": actor, "clock": clock}
    done = Amended(b, changed=changed, cause=cause)
    if difference > 0:
        done.additional = issue_additional(session, original, b, changes, **who)
    elif difference < 0:
        parts = [Part(c.screen_id, c.screen_name, c.account, -c.difference, c.calculation) for c in changes
                 if c.difference]  # fmt: skip
        done.credit = issue_credit(session, b, original, parts, cause=cause, reason=reason.strip(), **who)
    done.amendment = _record(session, b, original, before_terms, changes, reason, done, config.today(clock), actor,
                             clock)  # fmt: skip
    if done.credit is not None:
        offset_own(session, done.credit, **who)
    booking_state.refresh(session, b.id, actor=actor, clock=clock, language=config.language)
    return done


def _terms_json(b: Booking) -> dict[str, Any]:
    t = terms_of(b)
    return {"status": b.status, "plays_per_day": t.plays_per_day, "start": t.start_date.isoformat(),
            "end": t.end_date.isoformat(), "screens": t.screen_ids, "band": t.band, "category": t.category,
            "media": t.media_id, "media_ms": b.media.duration_ms}  # fmt: skip


def _record(session: Session, b: Booking, original: Assessment, before: dict[str, Any], changes: list[LineChange],
            reason: str, done: Amended, today: date, actor: str, clock: Clock) -> Amendment:  # fmt: skip
    session.flush()
    session.refresh(b)
    after = _terms_json(b)
    assessed, price = sum(c.before for c in changes), sum(c.after for c in changes)
    row = Amendment(booking_id=b.id, assessment_id=original.id, made_on=today, made_at=clock.now(), made_by=actor,
                    reason=reason.strip(), before_json=json.dumps(before, ensure_ascii=False),
                    after_json=json.dumps(after, ensure_ascii=False),
                    lines_json=json.dumps([c.as_json() for c in changes], ensure_ascii=False),
                    assessed_before=assessed, price_after=price, difference=price - assessed,
                    additional_id=done.additional.id if done.additional else None,
                    credit_id=done.credit.id if done.credit else None)  # fmt: skip
    session.add(row)
    session.flush()
    action = "booking.cancel" if done.cause == "cancellation" else "booking.amend"
    audit.record(session, actor=actor, action=action, entity="booking", entity_id=b.id, before=before,
                 after=after | {"reason": row.reason, "assessed_before": assessed, "price_after": price,
                                "difference": row.difference, "skrd": original.number,
                                "skrd_additional": done.additional.number if done.additional else None,
                                "credit": done.credit.number if done.credit else None}, clock=clock)  # fmt: skip
    return row
