"""One page of the running-text tab: a list of running texts — the operator's messages, or the sold running-text
bookings — and the form that adds one (id, text, screens, dates, hours; a booking also its advertiser and tariff
category). Saving calls the one write path the setup file and the CLI call (`playlists.running_texts`); a problem
names the form's field."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from playlists.models import Advertiser, RunningText, Screen
from playlists.running_texts import TextFields, list_texts
from videotron.core.context import AppContext
from videotron.core.formats import zone_name
from videotron.core.i18n import N_, tr
from videotron.gui.fields import FormFields, date_field
from videotron.gui.widgets import data_table, office_today

STATUS = {"active": N_("in force"), "draft": N_("draft"), "assessed": N_("assessed"), "completed": N_("completed"),
          "cancelled": N_("cancelled")}  # fmt: skip


def qdate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class TextForm:
    """The fields of a running text, laid out in `form`; `sold` adds the advertiser and the tariff category."""

    def __init__(self, ctx: AppContext, form: QFormLayout, *, sold: bool) -> None:
        self.ctx, self.sold = ctx, sold
        language = ctx.language
        prefix = "tb" if sold else "msg"
        self.id, self.text, self.band = QLineEdit(), QLineEdit(), QLineEdit()
        self.id.setPlaceholderText("TB-2026-002" if sold else "RT-2026-004")
        self.text.setPlaceholderText(tr("the one line the band shows", language))
        self.band.setPlaceholderText(tr("empty = all operating hours, e.g. 17:00-21:00", language))
        self.advertiser, self.category = QComboBox(), QComboBox()
        self.category.setEditable(True)
        self.screens = QListWidget()
        self.screens.setMaximumHeight(80)
        today = office_today(ctx)
        self.start, self.end = date_field(today, f"{prefix}Start"), date_field(today.addDays(30), f"{prefix}End")
        for name, widget in (("Id", self.id), ("Text", self.text), ("Band", self.band), ("Advertiser", self.advertiser),
                             ("Category", self.category), ("Screens", self.screens)):  # fmt: skip
            widget.setObjectName(f"{prefix}{name}")
        self.fields = FormFields(form)
        rows: list[tuple[str, str, QWidget]] = [
            ("id", tr("ID", language), self.id),
            ("text", tr("Text", language), self.text),
        ]
        if sold:
            rows += [("advertiser", tr("Advertiser", language), self.advertiser),
                     ("category", tr("Tariff category", language), self.category)]  # fmt: skip
        rows += [("screens", tr("Screens", language), self.screens), ("start", tr("From", language), self.start),
                 ("end", tr("Until", language), self.end),
                 ("band", tr("Hours shown", language), self.band)]  # fmt: skip
        for field, label, widget in rows:
            self.fields.add(field, label, widget)

    def fill_choices(self) -> None:
        """The screens (checked ones kept), advertisers and tariff categories as the database has them now."""
        checked = set(self.screen_ids())
        with self.ctx.sessions()() as s:
            screens = s.scalars(select(Screen).order_by(Screen.id)).all()
            self.screens.clear()
            for sc in screens:
                item = QListWidgetItem(f"{sc.id} — {sc.name} ({zone_name(sc.timezone)})")
                item.setData(Qt.ItemDataRole.UserRole, sc.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if sc.id in checked else Qt.CheckState.Unchecked)
                self.screens.addItem(item)
            if self.sold:
                current = self.advertiser.currentText()
                self.advertiser.clear()
                self.advertiser.addItems(list(s.scalars(select(Advertiser.id).order_by(Advertiser.id))))
                self.advertiser.setCurrentText(current)
                if not self.category.count():
                    used = s.scalars(select(RunningText.category).where(RunningText.category.is_not(None)).distinct())
                    self.category.addItems(sorted({c for c in used if c} | {"teks-berjalan"}))

    def screen_ids(self) -> list[str]:
        items = (self.screens.item(i) for i in range(self.screens.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def terms(self) -> TextFields:
        return TextFields(self.id.text().strip(), self.text.text(), self.screen_ids(), qdate(self.start.date()),
                          qdate(self.end.date()), self.band.text().strip() or None,
                          self.advertiser.currentText() if self.sold else None,
                          self.category.currentText().strip() if self.sold else None)  # fmt: skip

    def clear(self) -> None:
        self.id.clear()
        self.text.clear()


def texts_table(ctx: AppContext, *, sold: bool) -> QTableWidget:
    """The table of the messages or the sold running-text bookings."""
    language = ctx.language
    headers = [tr("ID", language), tr("Status", language)]
    headers += [tr("Advertiser", language), tr("Characters", language)] if sold else []
    headers += [tr("Screens", language), tr("Dates", language), tr("Hours shown", language), tr("Text", language)]
    table = data_table("textBookings" if sold else "messages", headers)
    table.setWordWrap(False)  # one line a text, as the band shows it (cut at the table's edge, whole in its tooltip)
    return table


def fill_texts(table: QTableWidget, ctx: AppContext, *, sold: bool) -> list[RunningText]:
    """The running texts of this kind, newest terms as saved; the hours in each screen's zone."""
    language = ctx.language
    with ctx.sessions()() as s:
        rows = list_texts(s, kind="ad" if sold else "psa")
        zones = {sc.id: zone_name(sc.timezone) for sc in s.scalars(select(Screen))}
        shown = []
        for r in rows:
            hours = f"{r.band or tr('operating hours', language)} " + "/".join(
                sorted({zones.get(x, "") for x in r.screen_ids})
            )
            cells = [r.id, tr(STATUS.get(r.status, r.status), language)]
            cells += [r.advertiser_id or "-", str(len(r.text))] if sold else []
            cells += [", ".join(r.screen_ids), f"{r.start_date:%d-%m-%Y} – {r.end_date:%d-%m-%Y}", hours, r.text]
            shown.append(cells)
    table.setRowCount(len(shown))
    for i, cells in enumerate(shown):
        for c, value in enumerate(cells):
            item = QTableWidgetItem(value)
            item.setToolTip(value)  # the text column is cut to the table's width: the whole text on hover
            table.setItem(i, c, item)
    return rows
