"""SKRDs past their due date, with the interest to date, and the STRD that bills it.

`overdue_skrds` is the treasurer's list (`videotron skrd overdue`, the desk's overdue table): per SKRD still owing
after its due date, what is owed and the interest it would carry if billed today (capped, `billing.interest`), the
reminder letters already sent and when the next one is due. `issue_strd` bills that interest now, as an STRD: the
interest is charged when the office bills it, not only when the payer turns up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billing.assessments import get_assessment
from billing.cash_models import Reminder
from billing.interest import charge_late_interest, charged_months, late_interest, principal_paid
from billing.models import Assessment, Penalty
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.errors import NotFound, VideotronError
from videotron.core.permissions import authorize


@dataclass(frozen=True)
class Overdue:
    skrd: str
    payer: str
    due_date: date
    months_late: int  # started months after the due date
    principal: int  # principal still unpaid
    sanksi: int  # interest charged by STRD and still unpaid
    interest_due: int  # interest to date not yet charged (what an STRD today would bill)
    letters: list[tuple[int, str, date]]  # (step, number, date) already sent
    next_step: int | None  # the next letter's step, None once every step is sent
    next_on: date | None  # the day it becomes due

    @property
    def total(self) -> int:
        """What the payer owes if paying today: principal, sanksi charged, and the interest a payment would charge."""
        return self.principal + self.sanksi + self.interest_due


def next_letter(a: Assessment, sent: list[Reminder], config: Config) -> tuple[int | None, date | None]:
    """The next step and the day it is due: `reminders.days[k]` after the due date, and never sooner after the
    letter before than the configured gap between the two steps (a late letter pushes the next one back)."""
    days = config.reminders.days
    step = len(sent) + 1
    if step > len(days):
        return None, None
    on = a.due_date + timedelta(days=days[step - 1])
    if sent:
        on = max(on, sent[-1].issue_date + timedelta(days=days[step - 1] - days[step - 2]))
    return step, on


def load_overdue(session: Session, day: date, numbers: list[str] | None = None) -> list[Assessment]:
    """Live SKRDs due before `day` with money still owed (all, or those numbered), oldest due first."""
    stmt = (
        select(Assessment)
        .where(Assessment.status.in_(("issued", "partial")), Assessment.due_date < day)
        .options(
            selectinload(Assessment.payments),
            selectinload(Assessment.penalties),
            selectinload(Assessment.tariff_version),
        )
        .order_by(Assessment.due_date, Assessment.year, Assessment.series, Assessment.seq)
    )
    if numbers is not None:
        stmt = stmt.where(Assessment.number.in_(numbers))
    return [a for a in session.scalars(stmt) if a.outstanding > 0]


def letters_of(session: Session, assessment_id: int) -> list[Reminder]:
    return list(session.scalars(select(Reminder).where(Reminder.assessment_id == assessment_id)
                                .order_by(Reminder.step)))  # fmt: skip


def overdue_skrds(session: Session, day: date, *, config: Config) -> list[Overdue]:
    """Every SKRD overdue on `day`, with the interest to date (see the module docstring)."""
    rows = []
    for a in load_overdue(session, day):
        sent = letters_of(session, a.id)
        step, on = next_letter(a, sent, config)
        due = late_interest(a, day, config.interest.max_months)
        principal = a.principal - principal_paid(a)
        rows.append(Overdue(a.number, a.payer_name, a.due_date, due.months_late, principal, a.outstanding - principal,
                            due.amount, [(r.step, r.number, r.issue_date) for r in sent], step, on))  # fmt: skip
    return rows


def issue_strd(session: Session, number: str, *, config: Config, actor: str, clock: Clock) -> Penalty:
    """Bill SKRD `number`'s interest to date with an STRD dated today (audited); refused when there is none to bill."""
    authorize(session, actor, "strd.issue")
    today = config.today(clock)
    a = overdue_assessment(session, number, today)
    penalty = charge_late_interest(session, a, today, config=config, actor=actor, clock=clock)
    if penalty is None:
        cap = config.interest.max_months
        raise VideotronError("strd.nothing_to_bill", "SKRD {number}: no interest left to bill today ({months} "
                             "month(s) already billed, at most {cap}; an STRD bills each started month once)",
                             field="skrd", number=number, months=charged_months(a), cap=cap)  # fmt: skip
    return penalty


def overdue_assessment(session: Session, number: str, today: date) -> Assessment:
    """SKRD `number`, locked, refused unless it still owes money after its due date."""
    a = get_assessment(session, number, for_update=True)
    if a.status == "void" or a.outstanding <= 0 or a.due_date >= today:
        raise VideotronError("skrd.not_overdue", "SKRD {number} is not overdue (due {due:date}, still owed "
                             "{owed:rupiah})", field="skrd", number=number, due=a.due_date,
                             owed=a.outstanding)  # fmt: skip
    return a


def get_strd(session: Session, number: str) -> Penalty:
    found = session.scalar(select(Penalty).where(Penalty.number == number.strip()))
    if found is None:
        raise NotFound("strd.unknown", "unknown STRD {number}", field="number", number=number)
    return found


def list_strds(session: Session, start: date, end: date) -> list[Penalty]:
    return list(session.scalars(select(Penalty).where(Penalty.issue_date.between(start, end))
                                .order_by(Penalty.year, Penalty.seq)))  # fmt: skip
