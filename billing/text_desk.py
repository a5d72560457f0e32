"""The desk's running-text booking form behind the operator app: a live check of a draft running-text booking, and
its quote.

As for spots (`billing.booking_desk`), a draft is checked by really saving it with
`playlists.running_texts.save_text_booking` — validation and the band's capacity, under its lock — and pricing it
with `billing.text_assessments.preview_text_assessment`, the very preview the SKRD is issued from, in a transaction
that is always rolled back. So the quote the operator sees is the amount the SKRD will carry, and the refusal the
same one saving gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from billing.quote import Quote
from billing.text_assessments import preview_text_assessment
from playlists.running_texts import TextFields, save_text_booking
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import CapacityError, Problem, ValidationError, VideotronError


@dataclass
class TextDraftCheck:
    found: list[Problem] = field(default_factory=list)  # bad fields (structured: code, field, parameters)
    refused: list[Problem] = field(default_factory=list)  # the band's capacity refusal: what to change
    quote: Quote | None = None  # what the SKRD will carry
    quote_found: list[Problem] = field(default_factory=list)  # why it cannot be priced (no rate for the category...)

    @property
    def ok(self) -> bool:
        return not self.found and not self.refused and self.quote is not None


def check_text_draft(sessions: sessionmaker[Session], draft: TextFields, *, config: Config, actor: str,
                     clock: Clock) -> TextDraftCheck:  # fmt: skip
    """Save `draft` as a new running-text booking and price it as its SKRD would be today, then roll it all back."""
    out = TextDraftCheck()
    session = sessions()
    try:
        session.begin()
        try:
            save_text_booking(session, draft, actor=actor, clock=clock, new=True)
        except ValidationError as exc:
            out.found = list(exc.problems)
            return out
        except CapacityError as exc:
            out.refused = list(exc.problems)
            return out
        try:
            out.quote = preview_text_assessment(session, draft.id, config=config, clock=clock).quote
        except VideotronError as exc:
            out.quote_found = list(exc.problems)
        return out
    finally:
        session.rollback()
