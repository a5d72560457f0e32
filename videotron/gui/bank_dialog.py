"""Rekonsiliasi bank: the treasurer's dialog on the Billing tab for the bank statement — import a statement file,
see the credits the import could not book (with why, and the SKRDs that fit), and match one by hand: pick a line,
pick an SKRD, press Match (a payment through the payment service, in one transaction) — or set it aside with a
note. A refusal is shown in the dialog, which stays open; nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from billing.bank.booking import reason_of
from billing.bank.importer import import_statement
from billing.bank.reading import read_statement
from billing.bank.reconcile import bank_lines, match_by_hand, set_aside
from billing.bank.report_labels import bank_labels, money_text
from billing.models import Assessment
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.formats import rupiah
from videotron.core.i18n import render_error, say, tr
from videotron.gui.fields import problem_label
from videotron.gui.long_work import LongWork, in_transaction
from videotron.gui.messages import show_error
from videotron.gui.widgets import ask, data_table


class BankDialog(QDialog):
    """The open statement credits and the SKRDs still owing; Match books the chosen line on the chosen SKRD."""

    def __init__(self, parent: QWidget, ctx: AppContext, changed: Callable[[], None]) -> None:
        super().__init__(parent)
        self.ctx, self.changed = ctx, changed
        language = ctx.language
        self.question: QInputDialog | None = None
        self.work: LongWork | None = None
        self.setWindowTitle(tr("Bank reconciliation", language))
        self.resize(1000, 520)
        self.lines = data_table("bankLines", [tr("Line", language), tr("Date", language), tr("Amount", language),
                                              tr("Bank narrative", language), tr("Status", language),
                                              tr("Why", language)])  # fmt: skip
        self.lines.itemSelectionChanged.connect(self._line_chosen)
        self.skrd = QComboBox()
        self.skrd.setObjectName("skrdChoice")
        self.problem = problem_label("bankProblem")
        self.summary = QLabel()
        self.summary.setObjectName("bankSummary")
        buttons = QHBoxLayout()
        for text, slot, name in (
            (tr("Import statement…", language), self.choose_file, "importStatement"),
            (tr("Match", language), self.match, "matchButton"),
            (tr("Set aside…", language), self.aside, "setAsideButton"),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("SKRD", language)))
        row.addWidget(self.skrd, 1)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        self.refresh()

    def refresh(self) -> None:
        language, office = self.ctx.language, self.ctx.config.language
        with self.ctx.sessions()() as s:
            rows = [(ln.id, f"{ln.booked_on:%d-%m-%Y}", money_text(ln.amount_sen, language),
                     ln.description, bank_labels(language)[ln.status],
                     reason_of(ln, language), ln.candidates) for ln in bank_lines(s, open_only=True)]  # fmt: skip
            owing = [(a.number, a.payer_name, a.outstanding) for a in _owing(s)]
        self.candidates = {r[0]: r[6].split(",") if r[6] else [] for r in rows}
        self.lines.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row[:6]):
                item = QTableWidgetItem(str(value))
                item.setToolTip(str(value))  # the whole reason, however narrow the column
                self.lines.setItem(r, c, item)
        self.skrd.clear()
        for number, payer, outstanding in owing:
            self.skrd.addItem(f"{number} — {payer} — {rupiah(outstanding, office)}", number)
        self.summary.setText(say(language, "desk.bank_open", "{count} credit(s) to match by hand", count=len(rows)))

    def chosen_line(self) -> int | None:
        row = self.lines.currentRow()
        item = self.lines.item(row, 0) if row >= 0 else None
        return int(item.text()) if item is not None else None

    def _line_chosen(self) -> None:
        """Put the first SKRD that fits the chosen line (when the import found some) in the SKRD box."""
        line = self.chosen_line()
        for number in self.candidates.get(line, []) if line is not None else []:
            at = self.skrd.findData(number)
            if at >= 0:
                self.skrd.setCurrentIndex(at)
                return

    def _run(self, action: Callable[[Session], object]) -> bool:
        self.problem.setText("")
        try:
            with self.ctx.sessions().begin() as s:
                action(s)
        except VideotronError as exc:
            self.problem.setText(render_error(exc, self.ctx.language))
            return False
        self.refresh()
        self.changed()
        return True

    def match(self) -> None:
        line, number = self.chosen_line(), self.skrd.currentData()
        if line is None or number is None:
            self.problem.setText(tr("Choose a statement line and an SKRD first.", self.ctx.language))
            return
        ctx = self.ctx
        self._run(lambda s: match_by_hand(s, line, number, config=ctx.config, actor=ctx.actor, clock=ctx.clock))

    def aside(self) -> None:
        line = self.chosen_line()
        if line is None:
            self.problem.setText(tr("Choose a statement line and an SKRD first.", self.ctx.language))
            return
        label = tr("What is this money (it is not retribution)?", self.ctx.language)
        self.question = ask(self, tr("Set aside…", self.ctx.language), label, lambda note: self.aside_with(line, note))

    def aside_with(self, line: int, note: str) -> None:
        self._run(lambda s: set_aside(s, line, note, actor=self.ctx.actor, clock=self.ctx.clock))

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Import statement…", self.ctx.language), "",
                                              "CSV, MT940 (*.csv *.sta *.txt *.940 *.mt940)")  # fmt: skip
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        """Import a statement file in one transaction (a file that cannot be read whole is refused whole), off the
        GUI thread: a statement of months is read, matched and booked while the window shows that it works."""
        ctx = self.ctx

        def action(s: Session) -> object:
            statement = read_statement(path, None, ctx.config.bank.csv)
            return import_statement(s, statement, account=None, config=ctx.config, actor=ctx.actor, clock=ctx.clock)

        self.problem.setText("")
        self.work = LongWork(self, ctx.language, tr("Importing the statement…", ctx.language),
                             in_transaction(ctx, action), self._imported, self._refused)  # fmt: skip

    def _imported(self, _result: object) -> None:
        self.refresh()
        self.changed()

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, VideotronError):
            self.problem.setText(render_error(exc, self.ctx.language))
        else:  # a bug: the log and the unexpected-error box, never a red line that hides it
            show_error(self, exc, self.ctx.language)


def _owing(s: Session) -> list[Assessment]:
    stmt = select(Assessment).where(Assessment.status.in_(("issued", "partial"))).order_by(Assessment.id)
    return list(s.scalars(stmt))
