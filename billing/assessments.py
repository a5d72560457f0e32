"""SKRD assessments: issue (freeze a quote under a gapless number), void, look up and list.

An assessment copies everything it prints at issue time (payer, screens, lines, issuing office, signer, payment
instructions) so a reprint years later shows exactly what the payer received, whatever changed since.
Each action runs in the caller's transaction and is written to the audit trail in it.

Issuing the SKRD makes the booking "assessed" (its billable terms freeze, the airing gate opens); voiding it makes
it a draft again. A booking amended since (`billing.amendments`) keeps its SKRD: its SKRD tambahan cannot be voided
(amend again: a credit note undoes it) and its SKRD only once nothing amends it.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billing import booking_state, text_state
from billing.dating import is_closed
from billing.lifecycle_models import Amendment
from billing.models import Assessment, AssessmentLine, Payment
from billing.numbering import number_fields
from billing.quote import Quote, QuoteLine, compute_quote, load_order
from billing.tariffs import version_at
from billing.verification import verification_code
from billing.virtual_account import virtual_account
from playlists.models import Advertiser, Booking
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import NotFound, VideotronError
from videotron.core.i18n import N_
from videotron.core.office_identity import require_identity
from videotron.core.permissions import authorize

SERIES = "skrd"


# Documents frozen before the office's zone was configuration were dated in the zone then hard-coded.
ZONE_BEFORE_CONFIG = "Asia/Jakarta"


def issuer_snapshot(config: Config) -> str:
    """Office, signer, treasurer, payment instructions and the office's zone as they are today, frozen into the
    document (a reprint years later prints its times in the zone it was issued in, with that zone's name). Refused,
    naming the keys, while the office's identity is not configured: a document must never print someone else's."""
    require_identity(config)
    data = {
        "office": asdict(config.office),
        "signer": asdict(config.signer),
        "treasurer": asdict(config.treasurer),
        "payment": asdict(config.payment),
        "language": config.language,
        "timezone": config.timezone,
        "qris": asdict(config.qris) if config.qris else None,  # the QRIS merchant the SKRD's code pays
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def frozen_zone(info: dict[str, Any]) -> str:
    """The office's zone a document was issued in (its issuer snapshot)."""
    return str(info.get("timezone", ZONE_BEFORE_CONFIG))


@dataclass(frozen=True)
class AssessmentPreview:
    """What an SKRD for a booking will carry if issued now: the payer, the lines and total (the quote with today's
    tariff, in the office's language), the issue and due dates. Nothing is written."""

    booking_id: str
    payer_name: str
    payer_address: str
    payer_npwrd: str
    media_title: str
    quote: Quote
    issue_date: date
    due_date: date

    @property
    def total(self) -> int:
        return self.quote.total


def preview_assessment(session: Session, booking_id: str, *, config: Config, clock: Clock) -> AssessmentPreview:
    """The SKRD `issue_assessment` would issue for this booking today, or its refusal: the one place the rules of
    issuing are checked (the booking exists, has no SKRD yet, its ad media is approved) and the booking is priced."""
    today = config.today(clock)
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound("skrd.booking_not_found", "booking {booking!r} not found", booking=booking_id)
    existing = session.scalar(
        select(Assessment).where(
            Assessment.booking_id == booking_id, Assessment.status != "void", Assessment.kind == "skrd"
        )
    )
    if existing is not None:
        raise VideotronError("skrd.already_assessed", "booking {booking} is already assessed by SKRD {number}; void "
                             "that one first to issue a new assessment", booking=booking_id,
                             number=existing.number)  # fmt: skip
    media = booking.media
    if not media.approved:
        state = N_("rejected") if media.rejected_reason is not None else N_("not yet approved")
        raise VideotronError("skrd.media_not_approved", "booking {booking}: its ad media {media} ({title}) is "
                             "{state:tr}; an SKRD is issued only for approved media", booking=booking_id,
                             media=media.id, title=media.title or media.original_name, state=state)  # fmt: skip
    version = version_at(session, today)
    quote = compute_quote(version, load_order(session, booking_id), language=config.language)
    advertiser = booking.advertiser
    return AssessmentPreview(booking_id, advertiser.name, advertiser.address, advertiser.npwrd,
                             media.title or media.original_name, quote, today,
                             today + timedelta(days=version.due_days))  # fmt: skip


def issue_assessment(session: Session, booking_id: str, *, config: Config, actor: str, clock: Clock) -> Assessment:
    """Price a booking with the tariff in force today and freeze it as an SKRD with the next number. Today, the
    numbering year and the due date are the office's (`config.zone`); the lines speak the office's language."""
    authorize(session, actor, "skrd.issue")
    preview = preview_assessment(session, booking_id, config=config, clock=clock)
    booking = session.get(Booking, booking_id)
    assert booking is not None  # the preview found it
    subject = Subject(booking.category, booking.start_date, booking.end_date, booking.advertiser,
                      booking.media.title or booking.media.original_name, booking.media.duration_ms,
                      booking.plays_per_day, booking.band, booking_id=booking.id)  # fmt: skip
    assessment = freeze(session, subject, preview.quote, preview.issue_date, preview.due_date, config=config,
                        actor=actor, clock=clock)  # fmt: skip
    booking_state.refresh(session, booking.id, actor=actor, clock=clock, language=config.language)
    return assessment


@dataclass(frozen=True)
class Subject:
    """What an SKRD assesses, as it prints it: a spot booking (`booking_id`) or a running-text booking
    (`text_booking_id`, `billing.text_assessments`)."""

    category: str
    start: date
    end: date
    advertiser: Advertiser
    title: str  # the spot's title, or the running text itself
    media_ms: int
    plays_per_day: int
    band: str | None
    booking_id: str | None = None
    text_booking_id: str | None = None


def freeze(session: Session, subject: Subject, quote: Quote, today: date, due: date, *, config: Config, actor: str,
           clock: Clock) -> Assessment:  # fmt: skip
    """Freeze a quote as an SKRD under the next number, audited `skrd.issue`."""
    numbered = number_fields(session, SERIES, config.numbering.skrd, today.year)
    number = numbered["number"]
    advertiser = subject.advertiser
    assessment = Assessment(
        **numbered,
        booking_id=subject.booking_id,
        text_booking_id=subject.text_booking_id,
        tariff_version_id=quote.tariff_version_id,
        category=subject.category,
        exempt=quote.exempt,
        issued_at=clock.now(),
        issued_by=actor,
        issue_date=today,
        due_date=due,
        period_start=subject.start,
        period_end=subject.end,
        advertiser_id=advertiser.id,
        payer_name=advertiser.name,
        payer_address=advertiser.address,
        payer_npwrd=advertiser.npwrd,
        media_title=subject.title[:300],
        media_duration_ms=subject.media_ms,
        plays_per_day=subject.plays_per_day,
        band=subject.band,
        principal=quote.total,
        issuer_json=issuer_snapshot(config),
        status="paid" if quote.total == 0 else "issued",
        paid_total=0,
        verification=verification_code("SKRD", number, quote.total, advertiser.name, today),
        lines=[frozen_line(i, ln) for i, ln in enumerate(quote.lines, 1)],
        virtual_account=virtual_account(config.payment.va_prefix, SERIES, today.year, numbered["seq"])
        if quote.total
        else None,
    )
    session.add(assessment)
    session.flush()
    after = describe(assessment)
    audit.record(session, actor=actor, action="skrd.issue", entity="assessment", entity_id=number, after=after,
                 clock=clock)  # fmt: skip
    return assessment


def frozen_line(position: int, ln: QuoteLine) -> AssessmentLine:
    """A quote line as the SKRD keeps it: the screen as it was named and placed that day, and every factor."""
    s = ln.screen
    return AssessmentLine(position=position, screen_id=s.id, screen_name=s.name, screen_location=s.location,
                          zone=s.zone, rate_zone=ln.rate_zone, account=ln.account, unit=ln.unit,
                          unit_price=ln.unit_price, blocks=ln.blocks, quantity=math.ceil(ln.quantity),
                          factor_x10000=int(ln.factor * 10000), band_name=ln.band_name, amount=ln.amount,
                          description=ln.description,
                          calculation=ln.calculation.to_json() if ln.calculation else None)  # fmt: skip


def void_assessment(session: Session, number: str, reason: str, *, actor: str, clock: Clock) -> Assessment:
    """Mark an unpaid assessment void. The row and its number stay; nothing is deleted."""
    authorize(session, actor, "skrd.void")
    if not reason or not reason.strip():
        raise VideotronError("skrd.void_without_reason", "a void needs a reason (it is printed in the audit trail)",
                             field="reason")  # fmt: skip
    assessment = get_assessment(session, number, for_update=True)
    if assessment.status == "void":
        raise VideotronError("skrd.already_void", "SKRD {number} is already void ({reason})", number=number,
                             reason=assessment.void_reason)  # fmt: skip
    if assessment.payments:
        raise VideotronError("skrd.void_paid", "SKRD {number} has {count} payment(s); only an unpaid assessment can "
                             "be voided", number=number, count=len(assessment.payments))  # fmt: skip
    _check_not_amended(session, assessment)
    if is_closed(session, assessment.issue_date):
        raise VideotronError("skrd.void_closed_month", "SKRD {number} was issued in {month:month}, a closed month: it "
                             "stays as issued; correct it in the open month by amending or cancelling booking "
                             "{booking} (a credit note)", number=number, month=assessment.issue_date,
                             booking=assessment.booking_id or assessment.text_booking_id)  # fmt: skip
    before = describe(assessment)
    assessment.status = "void"
    assessment.void_reason = reason.strip()
    assessment.voided_at = clock.now()
    assessment.voided_by = actor
    session.flush()
    after = describe(assessment)
    audit.record(session, actor=actor, action="skrd.void", entity="assessment", entity_id=number, before=before,
                 after=after, clock=clock)  # fmt: skip
    refresh_subject(session, assessment, actor=actor, clock=clock)
    return assessment


def refresh_subject(session: Session, a: Assessment, *, actor: str, clock: Clock) -> None:
    """Bring what the SKRD assesses (a spot booking or a running-text booking) in line with its SKRDs."""
    if a.text_booking_id is not None:
        text_state.refresh(session, a.text_booking_id, actor=actor, clock=clock)
    else:
        booking_state.refresh(session, a.booking_id, actor=actor, clock=clock)


def _check_not_amended(session: Session, a: Assessment) -> None:
    """An SKRD tambahan is undone by amending back (a credit note offsets it), never voided; an SKRD is voided only
    while no amendment refers to it, so every amendment keeps the document it amended."""
    if a.kind == "additional":
        raise VideotronError("skrd.void_additional", "SKRD {number} is an SKRD tambahan for an amendment of booking "
                             "{booking}; to undo it, amend the booking back (`videotron booking amend {booking}`): "
                             "the credit note offsets it", number=a.number, booking=a.booking_id)  # fmt: skip
    amended = session.scalar(select(Amendment.id).where(Amendment.assessment_id == a.id).limit(1))
    if amended is not None or a.offsets:
        raise VideotronError("skrd.void_amended", "SKRD {number} has amendments or credits against it; it stays, and "
                             "booking {booking} changes only by amendment", number=a.number,
                             booking=a.booking_id)  # fmt: skip


def get_assessment(session: Session, number: str, *, for_update: bool = False) -> Assessment:
    stmt = select(Assessment).where(Assessment.number == number)
    if for_update:
        stmt = stmt.with_for_update()
    assessment = session.scalar(
        stmt.options(
            selectinload(Assessment.lines),
            selectinload(Assessment.penalties),
            selectinload(Assessment.payments).selectinload(Payment.receipt),
        )
    )
    if assessment is None:
        raise NotFound("skrd.not_found", "SKRD {number!r} not found", number=number)
    return assessment


def list_assessments(
    session: Session, *, start: date | None = None, end: date | None = None, status: str | None = None
) -> list[Assessment]:
    """Assessments issued between two dates (inclusive), in number order: the register for monthly reports."""
    stmt = select(Assessment).options(selectinload(Assessment.lines), selectinload(Assessment.penalties))
    if start:
        stmt = stmt.where(Assessment.issue_date >= start)
    if end:
        stmt = stmt.where(Assessment.issue_date <= end)
    if status:
        stmt = stmt.where(Assessment.status == status)
    return list(session.scalars(stmt.order_by(Assessment.year, Assessment.series, Assessment.seq)))


def issuer(assessment_or_json: Assessment | str) -> dict[str, Any]:
    raw = assessment_or_json if isinstance(assessment_or_json, str) else assessment_or_json.issuer_json
    return dict(json.loads(raw))


def describe(a: Assessment) -> dict[str, object]:
    """A plain dict of an assessment, for the audit trail and `skrd show --json`."""
    return {
        "number": a.number,
        "kind": a.kind,
        "amends": a.amends.number if a.amends is not None else None,
        "booking": a.booking_id,
        **({"text_booking": a.text_booking_id} if a.text_booking_id else {}),
        "tariff_version": a.tariff_version_id,
        "category": a.category,
        "issue_date": a.issue_date.isoformat(),
        "due_date": a.due_date.isoformat(),
        "period": [a.period_start.isoformat(), a.period_end.isoformat()],
        "payer": {"name": a.payer_name, "address": a.payer_address, "npwrd": a.payer_npwrd},
        "lines": [
            {"screen": ln.screen_id, "account": ln.account, "description": ln.description, "amount": ln.amount}
            for ln in a.lines
        ],
        "principal": a.principal,
        "sanksi": a.sanksi,
        "total": a.total,
        "paid": a.paid_total,
        "credited": a.credited,
        "outstanding": a.outstanding,
        "status": a.status,
        "verification": a.verification,
        "void_reason": a.void_reason,
        "virtual_account": a.virtual_account,
    }
