"""Import a tariff file: the file is checked by billing's own reader (every problem with its line and field, nothing
written), then shown as the version it would become — its name, regulation, the day it takes effect, the version it
replaces from that day and each rate's price before and after — and imported only when the admin confirms, through
`billing.tariffs.import_tariff`, the service `videotron tariff import` calls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from billing.models import TariffVersion
from billing.money import plain
from billing.tariff_file import TariffSpec
from billing.tariffs import import_tariff, version_at
from videotron.core.context import AppContext
from videotron.core.errors import NotFound
from videotron.core.formats import rupiah
from videotron.core.i18n import N_, say, tr
from videotron.gui.fields import FormFields, problem_label
from videotron.gui.widgets import data_table

RateKey = tuple[str, str, str]  # category, zone, unit
UNITS = {"play": N_("per play"), "day": N_("per day"), "month": N_("per month"), "contract": N_("per contract"),
         "period30": N_("per 30 days")}  # fmt: skip


def replaced(ctx: AppContext, day: date) -> tuple[TariffVersion | None, dict[RateKey, int]]:
    """The version in force on `day` before this import (None: there is none) and its prices by rate."""
    with ctx.sessions()() as s:
        try:
            old = version_at(s, day)
        except NotFound:
            return None, {}
        return old, {(r.category, r.zone, r.unit): r.price for r in old.rates}


class TariffImportDialog(QDialog):
    """What the checked file would become; "Import tariff" stores it as a new version (one transaction)."""

    def __init__(self, parent: QWidget, ctx: AppContext, spec: TariffSpec, done: Callable[[], None]) -> None:
        super().__init__(parent)
        self.ctx, self.spec, self.done_ = ctx, spec, done
        language = ctx.language
        self.setWindowTitle(tr("Import tariff…", language))
        old, before = replaced(ctx, spec.effective_from)
        form = QFormLayout()
        self.fields = FormFields()
        for label, value, name in (
            (tr("File", language), spec.source_name, "tariffFile"),
            (tr("Name", language), spec.name, "tariffName"),
            (tr("Regulation", language), spec.regulation, "tariffRegulation"),
            (tr("Valid from", language), f"{spec.effective_from:%d-%m-%Y}", "tariffFrom"),
            (tr("Replaces", language), self._replaces(old), "tariffReplaces"),
            (tr("Effect", language), self._effect(), "tariffEffect"),
            (tr("Terms", language), self._terms(), "tariffTerms"),
            (tr("Time bands", language), self._bands(), "tariffBands"),
        ):
            shown = QLabel(value)
            shown.setObjectName(name)
            shown.setWordWrap(True)
            form.addRow(label, shown)
        self.rates = data_table("tariffRates", [tr("Category", language), tr("Zone", language), tr("Unit", language),
                                                tr("Price", language), tr("Before", language),
                                                tr("Account", language)])  # fmt: skip
        self._fill_rates(before)
        self.problem = problem_label("tariffProblem")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Import tariff", language))
        self.cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_import)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.rates, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(860, 520)

    def _replaces(self, old: TariffVersion | None) -> str:
        language = self.ctx.language
        if old is None:
            return tr("nothing: no tariff is in force on that day yet", language)
        return say(language, "desk.tariff_replaces", "version {version} \u201c{name}\u201d (valid from {since:date}) "
                   "from {day:date} on", version=old.id, name=old.name, since=old.effective_from,
                   day=self.spec.effective_from)  # fmt: skip

    def _effect(self) -> str:
        """What the import changes for SKRDs (each is priced with the version in force on its day of issue)."""
        language, day = self.ctx.language, self.spec.effective_from
        if day > self.ctx.config.today(self.ctx.clock):
            return say(language, "desk.tariff_later", "SKRDs issued before {day:date} are still priced with the tariff "
                       "in force now; SKRDs already issued keep theirs", day=day)  # fmt: skip
        return say(language, "desk.tariff_now", "SKRDs issued from now on are priced with this tariff; SKRDs already "
                   "issued keep theirs")  # fmt: skip

    def _terms(self) -> str:
        s = self.spec
        return say(self.ctx.language, "desk.tariff_terms", "block {block} s; rounded to {rounding:rupiah}; due in "
                   "{due} days; late interest {interest}% a month", block=s.block_seconds, rounding=s.rounding,
                   due=s.due_days, interest=plain(s.late_interest_percent))  # fmt: skip

    def _bands(self) -> str:
        if not self.spec.bands:
            return "-"
        return ", ".join(f"{b.name} {b.start}\u2013{b.end} \u00d7{plain(b.factor)}" for b in self.spec.bands)

    def _fill_rates(self, before: dict[RateKey, int]) -> None:
        language = self.ctx.language
        rows = []
        for r in self.spec.rates:
            old = before.get((r.category, r.zone, r.unit))
            was = tr("new", language) if old is None else (tr("unchanged", language) if old == r.price
                                                          else rupiah(old, language))  # fmt: skip
            rows.append((r.category, r.zone, tr(UNITS.get(r.unit, r.unit), language), rupiah(r.price, language), was,
                         r.account))  # fmt: skip
        kept = {(r.category, r.zone, r.unit) for r in self.spec.rates}
        for (category, zone, unit), price in before.items():
            if (category, zone, unit) not in kept:
                rows.append((category, zone, tr(UNITS.get(unit, unit), language), tr("removed", language),
                             rupiah(price, language), ""))  # fmt: skip
        self.rates.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for c, value in enumerate(row):
                self.rates.setItem(i, c, QTableWidgetItem(value))

    def try_import(self) -> None:
        """Import as a new version in one transaction; a refusal (this file imported already, say) stays here."""
        ctx = self.ctx

        def store() -> None:
            with ctx.sessions().begin() as s:
                import_tariff(s, self.spec, actor=ctx.actor, clock=ctx.clock)

        if self.fields.attempt(store, ctx.language, self.problem):
            self.accept()
            self.done_()
