"""What billing knows of a running-text booking, kept on it for scheduling to read (as `billing.booking_state` does
for spot bookings): assessed while its SKRD stands, draft again when that is voided, the day it was paid in full
and the due date of what it still owes (the airing gate). Every billing action on its SKRD ends with `refresh`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.models import Assessment
from playlists.models import RunningText
from videotron.core.clock import Clock


def live_text_assessments(session: Session, text_id: str) -> list[Assessment]:
    """The running-text booking's SKRDs that are not void, in issue order."""
    stmt = select(Assessment).where(Assessment.text_booking_id == text_id, Assessment.status != "void")
    return list(session.scalars(stmt.order_by(Assessment.id)))


def refresh(session: Session, text_id: str, *, actor: str, clock: Clock) -> None:
    """Bring the running-text booking's status, paid day and due date in line with its SKRDs and payments. (Its SKRD
    is audited itself; these facts derive from it, so they are written without an audit entry of their own.)"""
    session.flush()
    row = session.get(RunningText, text_id)
    if row is None:  # pragma: no cover - a foreign key
        return
    live = live_text_assessments(session, text_id)
    if row.status in ("draft", "assessed"):
        row.status = "assessed" if live else "draft"
    owed = [a for a in live if a.outstanding > 0]
    row.due_on = min((a.due_date for a in owed), default=None)
    settled = [max([a.issue_date, *(p.paid_on for p in a.payments)]) for a in live]
    row.paid_on = None if owed or not live else max(settled)
