"""SKRDs for sold running-text bookings: priced by the tariff like spots, with one line per screen (the tariff's
row for the booking's category: per message per day — unit "day", blocks "none" — or per character per day — unit
"day", blocks "chars"), frozen under the SKRD series with the same payer, issuer, numbering, due date, payment,
void and audit as a spot's SKRD (`billing.assessments.freeze`). Issuing it makes the booking assessed: its terms
freeze (`playlists.running_texts`) and the airing gate lets it on the band.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from billing.assessments import Subject, freeze
from billing.models import Assessment
from billing.quote import Order, Quote, compute_quote, ensure_active, screen_refs
from billing.tariffs import version_at
from billing.text_state import live_text_assessments, refresh
from playlists.models import RunningText
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import NotFound, VideotronError
from videotron.core.permissions import authorize


def load_text_order(session: Session, text_id: str) -> Order:
    """A running-text booking as an order: one "play" a day, no media length, the text's characters."""
    row = session.get(RunningText, text_id)
    if row is None or row.kind != "ad":
        raise NotFound("skrd.text_not_found", "running-text booking {booking!r} not found", booking=text_id)
    ensure_active(text_id, row.status)
    return Order(row.id, row.category or "", 1, row.start_date, row.end_date, row.band, 0,
                 screen_refs(session, text_id, row.screen_ids), characters=len(row.text))  # fmt: skip


@dataclass(frozen=True)
class TextPreview:
    booking_id: str
    quote: Quote
    issue_date: date
    due_date: date


def preview_text_assessment(session: Session, text_id: str, *, config: Config, clock: Clock) -> TextPreview:
    """The SKRD `issue_text_assessment` would issue today, or its refusal (one SKRD per running-text booking)."""
    today = config.today(clock)
    order = load_text_order(session, text_id)
    existing = live_text_assessments(session, text_id)
    if existing:
        raise VideotronError("skrd.already_assessed", "booking {booking} is already assessed by SKRD {number}; void "
                             "that one first to issue a new assessment", booking=text_id,
                             number=existing[0].number)  # fmt: skip
    version = version_at(session, today)
    quote = compute_quote(version, order, language=config.language)
    return TextPreview(text_id, quote, today, today + timedelta(days=version.due_days))


def issue_text_assessment(session: Session, text_id: str, *, config: Config, actor: str, clock: Clock) -> Assessment:
    """Price a running-text booking with today's tariff and freeze it as an SKRD with the next number."""
    authorize(session, actor, "skrd.issue")
    preview = preview_text_assessment(session, text_id, config=config, clock=clock)
    row = session.get(RunningText, text_id)
    assert row is not None and row.advertiser is not None  # the preview found it; a sold text names its payer
    subject = Subject(row.category or "", row.start_date, row.end_date, row.advertiser, row.text, 0, 1, row.band,
                      text_booking_id=row.id)  # fmt: skip
    assessment = freeze(session, subject, preview.quote, preview.issue_date, preview.due_date, config=config,
                        actor=actor, clock=clock)  # fmt: skip
    refresh(session, text_id, actor=actor, clock=clock)
    return assessment
