"""Reminder letters (Surat Teguran 1, 2, 3) for SKRDs past their due date.

Step k becomes due `reminders.days[k-1]` days after the SKRD's due date (the office's configuration; by default 7,
14 and 21), and never sooner after the letter before than the gap the configuration puts between the two. A letter
is issued with the interest to date: the STRD for months not yet billed comes first (`billing.interest`), so the
letter states everything owed on its day and asks for it within `reminders.pay_within_days`. Each letter has a
number in its own series, is audited, and exists once per SKRD and step (a unique constraint). What follows the
third letter (a Surat Paksa, enforcement) is outside this program.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.assessments import issuer_snapshot
from billing.cash_models import Reminder
from billing.dating import ensure_open
from billing.interest import charge_late_interest, late_interest, principal_paid
from billing.models import Assessment, Penalty
from billing.numbering import number_fields
from billing.overdue import letters_of, load_overdue, next_letter, overdue_assessment
from billing.verification import verification_code
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import NotFound, VideotronError
from videotron.core.permissions import authorize

SERIES = "reminder"


@dataclass(frozen=True)
class Issued:
    """A letter and the STRD issued with it (None when the interest to date was already billed)."""

    letter: Reminder
    strd: Penalty | None


def issue_reminder(session: Session, number: str, *, config: Config, actor: str, clock: Clock) -> Issued:
    """Issue the next Surat Teguran for SKRD `number`, dated today, with the STRD for the interest to date."""
    authorize(session, actor, "strd.issue")
    today = config.today(clock)
    a = overdue_assessment(session, number, today)
    step, on = next_letter(a, letters_of(session, a.id), config)
    if step is None or on is None:
        raise VideotronError("reminder.all_sent", "SKRD {number}: all {count} reminder letters are sent; what follows "
                             "(a Surat Paksa) is outside this program", field="skrd", number=number,
                             count=len(config.reminders.days))  # fmt: skip
    if today < on:
        raise VideotronError("reminder.not_yet", "SKRD {number}: Surat Teguran {step} is due on {day:date}, not "
                             "before", field="skrd", number=number, step=step, day=on)  # fmt: skip
    return _issue(session, a, step, config=config, actor=actor, clock=clock)


def issue_due_letters(session: Session, *, config: Config, actor: str, clock: Clock) -> list[Issued]:
    """Every letter due today, one per overdue SKRD (its next step), in the order of their due dates."""
    authorize(session, actor, "strd.issue")
    today = config.today(clock)
    issued = []
    for a in load_overdue(session, today):
        step, on = next_letter(a, letters_of(session, a.id), config)
        if step is not None and on is not None and on <= today:
            issued.append(_issue(session, a, step, config=config, actor=actor, clock=clock))
    return issued


def _issue(session: Session, a: Assessment, step: int, *, config: Config, actor: str, clock: Clock) -> Issued:
    today = config.today(clock)
    ensure_open(session, today, field="skrd", config=config)
    strd = charge_late_interest(session, a, today, config=config, actor=actor, clock=clock)
    principal = a.principal - principal_paid(a)
    numbered = number_fields(session, SERIES, config.numbering.reminder, today.year)
    letter = Reminder(**numbered, assessment=a, step=step, issue_date=today, issued_at=clock.now(), issued_by=actor,
                      months_late=late_interest(a, today, config.interest.max_months).months_late,
                      principal_owed=principal, sanksi_owed=a.outstanding - principal,
                      pay_by=today + timedelta(days=config.reminders.pay_within_days),
                      issuer_json=issuer_snapshot(config),
                      verification=verification_code("TEGURAN", numbered["number"], a.outstanding, a.payer_name,
                                                     today))  # fmt: skip
    session.add(letter)
    session.flush()
    after = {"skrd": a.number, "step": step, "principal_owed": letter.principal_owed,
             "sanksi_owed": letter.sanksi_owed, "pay_by": letter.pay_by.isoformat(),
             "strd": strd.number if strd else None}  # fmt: skip
    audit.record(session, actor=actor, action="reminder.issue", entity="reminder", entity_id=letter.number,
                 after=after, clock=clock)  # fmt: skip
    return Issued(letter, strd)


def get_reminder(session: Session, number: str) -> Reminder:
    found = session.scalar(select(Reminder).where(Reminder.number == number.strip()))
    if found is None:
        raise NotFound("reminder.unknown", "unknown reminder letter {number}", field="number", number=number)
    return found
