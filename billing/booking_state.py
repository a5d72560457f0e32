"""What billing knows of a booking, kept on the booking for scheduling to read: its lifecycle status (assessed while
its SKRD stands, draft again when that is voided), the day it was paid in full and the due date of what it still
owes (the airing gate, `playlists.gate`), and the media lengths its SKRD covers (what `save_booking` lets a media
swap change). Every billing action that touches a booking ends with `refresh`, in the same transaction.

Also the booking's money as it stands: what is assessed for it, per screen and kode rekening, net of the credits
that lowered its price (amendments, cancellation; credits for undelivered plays are compensation, not price).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.lifecycle_models import Credit
from billing.models import Assessment
from billing.quote import compute_quote, load_order
from playlists.bookings import set_billing_facts, set_status
from playlists.models import Booking
from videotron.core.clock import Clock
from videotron.core.errors import VideotronError

MAX_MEDIA_MS = 24 * 3_600_000  # the widest media length range worth stating
PRICE_CAUSES = ("amendment", "cancellation")  # credits that lower a booking's price (not delivery compensation)
LineKey = tuple[str, str]  # (screen id, kode rekening)


def live_assessments(session: Session, booking_id: str) -> list[Assessment]:
    """The booking's SKRD and SKRD tambahan that are not void, in issue order."""
    stmt = select(Assessment).where(Assessment.booking_id == booking_id, Assessment.status != "void")
    return list(session.scalars(stmt.order_by(Assessment.id)))


def original_of(session: Session, booking_id: str) -> Assessment | None:
    return next((a for a in live_assessments(session, booking_id) if a.kind == "skrd"), None)


def price_credits(session: Session, booking_id: str) -> list[Credit]:
    stmt = select(Credit).where(Credit.booking_id == booking_id, Credit.cause.in_(PRICE_CAUSES))
    return list(session.scalars(stmt.order_by(Credit.id)))


def assessed_lines(session: Session, booking_id: str) -> dict[LineKey, int]:
    """Rupiah assessed for the booking per (screen, kode rekening), net of price credits."""
    out: dict[LineKey, int] = defaultdict(int)
    for a in live_assessments(session, booking_id):
        for ln in a.lines:
            out[(ln.screen_id, ln.account)] += ln.amount
    for c in price_credits(session, booking_id):
        for cl in c.lines:
            out[(cl.screen_id, cl.account)] -= cl.amount
    return dict(out)


def assessed_net(session: Session, booking_id: str) -> int:
    """What is assessed for the booking: its SKRD and SKRD tambahan, less the credits that lowered its price."""
    live = sum(a.principal for a in live_assessments(session, booking_id))
    return live - sum(c.amount for c in price_credits(session, booking_id))


def refresh(session: Session, booking_id: str, *, actor: str, clock: Clock, language: str = "id") -> None:
    """Bring the booking's status and billing facts in line with its SKRDs, payments and credits."""
    session.flush()
    booking = session.get(Booking, booking_id)
    if booking is None:  # pragma: no cover - billing rows name existing bookings
        return
    live = live_assessments(session, booking_id)
    original = next((a for a in live if a.kind == "skrd"), None)
    if booking.status in ("draft", "assessed"):
        set_status(session, booking_id, "assessed" if original else "draft", actor=actor, clock=clock)
    owed = [a for a in live if a.outstanding > 0]
    due = min((a.due_date for a in owed), default=None)
    paid = None if owed or not live else max(_settled_on(a) for a in live)
    set_billing_facts(booking, paid_on=paid, due_on=due, media_ms=_media_range(session, booking, original, language))


def _settled_on(a: Assessment) -> date:
    """The day an SKRD was settled: its last payment or offset (the issue day for one of Rp0)."""
    return max([a.issue_date, *(p.paid_on for p in a.payments), *(o.used_on for o in a.offsets)])


def _media_range(session: Session, booking: Booking, original: Assessment | None, language: str
                 ) -> tuple[int, int] | None:  # fmt: skip
    """The media lengths that price the booking as it is priced now (with its SKRD's tariff version): a media swap
    within them changes no money. Found by bisection on the quote itself, so the pricing rules stay in one place
    (a longer spot never costs less)."""
    if original is None or booking.status == "cancelled":
        return None
    order = load_order(session, booking.id)
    version = original.tariff_version

    def total(ms: int) -> int | None:
        try:
            return compute_quote(version, replace(order, duration_ms=ms), language).total
        except (VideotronError, ValueError):
            return None

    now = total(order.duration_ms)
    if now is None:
        return (order.duration_ms, order.duration_ms)
    lo, hi = 1, order.duration_ms  # smallest length pricing the same
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if total(mid) == now else (mid + 1, hi)
    low = lo
    lo, hi = order.duration_ms, MAX_MEDIA_MS  # largest length pricing the same
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if total(mid) == now else (lo, mid - 1)
    return (low, lo)
