"""What an amendment changes in money, per screen and kode rekening, and the SKRD tambahan that assesses an increase.

The difference is the price of the new terms — priced with the tariff version of the booking's SKRD, as every
assessment keeps the tariff it was made with — less what is already assessed for the booking (its SKRD, earlier
SKRD tambahan, less credits for lower prices), line by line, so reports by screen and kode rekening stay exact.
The SKRD tambahan is an `Assessment` of kind "additional" with its own gapless series, its lines the differences
(a screen dropped in the same amendment is a negative line); it is paid, receipted and charged late interest like
any SKRD, and refers to the booking's SKRD, which never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from billing.assessments import describe, frozen_line, issuer_snapshot
from billing.booking_state import LineKey
from billing.models import Assessment, AssessmentLine
from billing.numbering import number_fields
from billing.quote import Quote, QuoteLine
from billing.verification import verification_code
from billing.virtual_account import virtual_account
from playlists.models import Booking, Screen
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config

SERIES = "skrd_additional"


@dataclass(frozen=True)
class LineChange:
    """One screen and kode rekening: assessed before, the price of the new terms, and the quote line priced."""

    screen_id: str
    screen_name: str
    location: str
    zone: str
    account: str
    before: int
    after: int
    line: QuoteLine | None  # None: the screen is no longer booked

    @property
    def difference(self) -> int:
        return self.after - self.before

    @property
    def calculation(self) -> str:
        return self.line.description if self.line is not None else self.screen_name

    def as_json(self) -> dict[str, object]:
        return {"screen": self.screen_id, "screen_name": self.screen_name, "location": self.location,
                "account": self.account, "before": self.before, "after": self.after, "difference": self.difference,
                "calculation": self.calculation}  # fmt: skip


def line_changes(session: Session, before: dict[LineKey, int], quote: Quote | None) -> list[LineChange]:
    """The new price (None: nothing, a cancellation) against what was assessed, per screen and kode rekening: the
    quote's lines in their order, then what no longer is booked."""
    out: list[LineChange] = []
    seen: set[LineKey] = set()
    for ln in quote.lines if quote is not None else ():
        key = (ln.screen.id, ln.account)
        seen.add(key)
        s = ln.screen
        out.append(LineChange(s.id, s.name, s.location, s.zone, ln.account, before.get(key, 0), ln.amount, ln))
    for (screen_id, account), amount in sorted(before.items()):
        if (screen_id, account) in seen or amount == 0:
            continue
        screen = session.get(Screen, screen_id)
        name, location, zone = (screen.name, screen.location, screen.zone) if screen else (screen_id, "", "")
        out.append(LineChange(screen_id, name, location, zone, account, amount, 0, None))
    return out


def issue_additional(session: Session, original: Assessment, booking: Booking, changes: list[LineChange], *,
                     config: Config, actor: str, clock: Clock) -> Assessment:  # fmt: skip
    """The SKRD tambahan for the positive difference of `changes`, numbered in its own series."""
    today = config.today(clock)
    version = original.tariff_version
    amount = sum(c.difference for c in changes)
    numbered = number_fields(session, SERIES, config.numbering.skrd_additional, today.year)
    adv = booking.advertiser
    lines = [_line(i, c) for i, c in enumerate((c for c in changes if c.difference), 1)]
    a = Assessment(**numbered, booking_id=booking.id, kind="additional", amends_id=original.id,
                   tariff_version_id=version.id, category=booking.category, exempt=False, issued_at=clock.now(),
                   issued_by=actor, issue_date=today, due_date=today + timedelta(days=version.due_days),
                   period_start=booking.start_date, period_end=booking.end_date, advertiser_id=adv.id,
                   payer_name=adv.name, payer_address=adv.address, payer_npwrd=adv.npwrd,
                   media_title=booking.media.title or booking.media.original_name,
                   media_duration_ms=booking.media.duration_ms, plays_per_day=booking.plays_per_day, band=booking.band,
                   principal=amount, issuer_json=issuer_snapshot(config), status="issued", paid_total=0, credited=0,
                   verification=verification_code("SKRD-T", numbered["number"], amount, adv.name, today),
                   lines=lines, virtual_account=virtual_account(config.payment.va_prefix, SERIES, today.year,
                                                                numbered["seq"]))  # fmt: skip
    session.add(a)
    session.flush()
    audit.record(session, actor=actor, action="skrd.issue_additional", entity="assessment", entity_id=a.number,
                 after=describe(a), clock=clock)  # fmt: skip
    return a


def _line(position: int, c: LineChange) -> AssessmentLine:
    """An SKRD tambahan's line: the new terms' line as an SKRD keeps it (every factor frozen), charging only the
    difference; a screen no longer booked keeps its name and the (negative) difference alone."""
    if c.line is not None:
        row = frozen_line(position, c.line)
        row.amount, row.description = c.difference, c.calculation
        return row
    return AssessmentLine(position=position, screen_id=c.screen_id, screen_name=c.screen_name,
                          screen_location=c.location, zone=c.zone, rate_zone="", account=c.account, unit="",
                          unit_price=0, blocks=0, quantity=0, factor_x10000=10000, band_name=None, amount=c.difference,
                          description=c.calculation)  # fmt: skip
