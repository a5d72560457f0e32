"""Pemasang iklan & pemesanan: advertiser records and a booking form that shows, while the operator types,
the tariff quote and whether the screens can carry it (refusing what cannot be honoured, with the reason)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from billing.booking_desk import BookingDraft, DraftCheck, check_draft, enter_booking
from playlists.advertisers import AdvertiserFields, save_advertiser
from playlists.bookings import list_bookings
from playlists.models import Advertiser, Media, Screen
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.formats import rupiah
from videotron.core.i18n import render, say, tr
from videotron.gui.booking_amend import BookingActions
from videotron.gui.fields import FormFields, date_field
from videotron.gui.messages import error_text, show_error
from videotron.gui.roles import guard
from videotron.gui.widgets import data_table, office_today
from videotron.gui.worker import run_in_background


def qdate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class BookingsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        language = ctx.language
        self.advertisers = data_table(
            "advertiserTable",
            [tr("ID", language), tr("Name", language), "NPWRD"],
            stretch=True,
        )
        self.advertisers.itemSelectionChanged.connect(self._advertiser_selected)
        self.adv_id, self.adv_name, self.adv_address, self.adv_npwrd = (
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
        )
        save_adv = QPushButton(tr("Save advertiser", language))
        save_adv.setObjectName("saveAdvertiser")
        save_adv.clicked.connect(self.save_advertiser)
        guard(save_adv, ctx, "advertiser.edit")
        adv_form = QFormLayout()
        self.advertiser_fields = FormFields(adv_form)
        for field, label, widget in (
            ("id", tr("ID", language), self.adv_id),
            ("name", tr("Name", language), self.adv_name),
            ("address", tr("Address", language), self.adv_address),
            ("npwrd", "NPWRD", self.adv_npwrd),
        ):
            self.advertiser_fields.add(field, label, widget)
        adv_form.addRow(save_adv)
        adv_box = QGroupBox(tr("Advertisers", language))
        al = QVBoxLayout(adv_box)
        al.addWidget(self.advertisers, 1)
        al.addLayout(adv_form)
        layout = QHBoxLayout(self)
        layout.addWidget(adv_box, 1)  # the bookings' eight columns need two thirds of a 1366 px wide screen
        layout.addWidget(self._booking_box(), 2)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(400)
        self.debounce.timeout.connect(self.check_now)
        self.checking = False
        self.last_check: DraftCheck | None = None
        for signal in (
            self.b_id.textChanged,
            self.b_band.textChanged,
            self.b_category.currentTextChanged,
            self.b_advertiser.currentIndexChanged,
            self.b_media.currentIndexChanged,
            self.b_plays.valueChanged,
            self.b_start.dateChanged,
            self.b_end.dateChanged,
            self.b_screens.itemChanged,
        ):
            signal.connect(self.schedule_check)

    def _booking_box(self) -> QGroupBox:
        language = self.ctx.language
        self.b_id = QLineEdit()
        self.b_id.setPlaceholderText("BK-2026-001")
        self.b_advertiser, self.b_media = QComboBox(), QComboBox()
        self.b_category = QComboBox()
        self.b_category.setEditable(True)
        self.b_plays = QSpinBox()
        self.b_plays.setRange(1, 20000)
        self.b_plays.setValue(48)
        today = office_today(self.ctx)
        self.b_start, self.b_end = date_field(today, "bookingStart"), date_field(today.addDays(30), "bookingEnd")
        self.b_band = QLineEdit()
        self.b_band.setPlaceholderText(tr("empty = all operating hours, e.g. 17:00-21:00", language))
        self.b_screens = QListWidget()
        self.b_screens.setMaximumHeight(90)
        self.result = QLabel()
        self.result.setObjectName("bookingCheck")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setMinimumHeight(110)
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.save = QPushButton(tr("Save booking", language))
        self.save.setObjectName("saveBooking")
        self.save.clicked.connect(self.save_booking)
        self.may_book = guard(self.save, self.ctx, "booking.edit")  # a treasurer sees why it stays disabled
        self.save.setEnabled(False)
        form = QFormLayout()
        self.booking_fields = FormFields(form)  # fields named as the setup file's [[booking]] keys
        for field, label, widget in (
            ("id", tr("Booking no.", language), self.b_id),
            ("advertiser", tr("Advertiser", language), self.b_advertiser),
            ("media", tr("Ad media", language), self.b_media),
            ("screens", tr("Screens", language), self.b_screens),
            ("category", tr("Category", language), self.b_category),
            ("plays_per_day", tr("Plays per day", language), self.b_plays),
            ("start", tr("From", language), self.b_start),
            ("end", tr("Until", language), self.b_end),
            ("band", tr("Time band", language), self.b_band),
        ):
            self.booking_fields.add(field, label, widget)
        self.bookings = data_table(
            "bookingTable",
            [
                tr("Booking no.", language),
                tr("Advertiser", language),
                tr("Ad media", language),
                tr("Screens", language),
                tr("Plays per day", language),
                tr("Period", language),
                tr("Time band", language),
                tr("Status", language),
            ],
            stretch=False,
        )
        self.actions = BookingActions(self, self.ctx, self.selected_booking, self._amended)
        amend, cancel = QPushButton(tr("Amend…", language)), QPushButton(tr("Cancel booking…", language))
        amend.setObjectName("amendBooking")
        cancel.setObjectName("cancelBooking")
        amend.clicked.connect(self.actions.amend)
        cancel.clicked.connect(self.actions.cancel)
        box = QGroupBox(tr("New booking", language))
        bl = QVBoxLayout(box)
        top = QHBoxLayout()
        top.addLayout(form, 3)
        right = QVBoxLayout()
        right.addWidget(self.result, 1)
        right.addWidget(self.save)
        top.addLayout(right, 2)
        bl.addLayout(top)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Bookings", language)), 1)
        row.addWidget(amend)
        row.addWidget(cancel)
        bl.addLayout(row)
        bl.addWidget(self.bookings, 1)
        return box

    def selected_booking(self) -> str | None:
        row = self.bookings.currentRow()
        item = self.bookings.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else None

    def _amended(self, notes: list) -> None:  # type: ignore[type-arg]
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(" · ".join(render(n, self.ctx.language) for n in notes))
        self.refresh()

    # --- data ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.ctx.sessions()() as s:
            advertisers = [(a.id, a.name, a.npwrd) for a in s.scalars(select(Advertiser).order_by(Advertiser.id))]
            ads = list(s.scalars(select(Media.id).where(Media.kind == "ad").order_by(Media.id)))
            screens = [(sc.id, sc.name) for sc in s.scalars(select(Screen).order_by(Screen.id))]
            categories = self._categories(s)
            rows = [
                (
                    b.id,
                    b.advertiser_id,
                    b.media_id,
                    ", ".join(b.screen_ids),
                    str(b.plays_per_day),
                    f"{b.start_date:%d-%m-%Y} – {b.end_date:%d-%m-%Y}",
                    b.band or "",
                    tr(b.status, self.ctx.language),
                )
                for b in list_bookings(s)
            ]
        self.advertisers.setRowCount(len(advertisers))
        for r, values in enumerate(advertisers):
            for c, v in enumerate(values):
                self.advertisers.setItem(r, c, QTableWidgetItem(v))
        self.advertisers.resizeRowsToContents()  # a long name wraps instead of being cut off
        for combo, values in ((self.b_advertiser, [a[0] for a in advertisers]), (self.b_media, ads)):
            keep = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(values)
            if keep in values:
                combo.setCurrentText(keep)
            combo.blockSignals(False)
        checked = set(self.screen_ids())
        self.b_screens.blockSignals(True)
        self.b_screens.clear()
        for sid, name in screens:
            item = QListWidgetItem(f"{sid} — {name}")
            item.setData(Qt.ItemDataRole.UserRole, sid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if sid in checked else Qt.CheckState.Unchecked)
            self.b_screens.addItem(item)
        self.b_screens.blockSignals(False)
        keep = self.b_category.currentText()
        self.b_category.blockSignals(True)
        self.b_category.clear()
        self.b_category.addItems(categories)
        self.b_category.setCurrentText(keep or (categories[0] if categories else "komersial"))
        self.b_category.blockSignals(False)
        self.bookings.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                self.bookings.setItem(r, c, QTableWidgetItem(v))
        self.schedule_check()

    def _categories(self, session) -> list[str]:  # type: ignore[no-untyped-def]
        try:
            from billing.tariffs import version_at

            version = version_at(session, self.ctx.config.today(self.ctx.clock))
        except VideotronError:
            return ["komersial"]
        return sorted({r.category for r in version.rates} | set(version.exempt))

    def screen_ids(self) -> list[str]:
        out = []
        for i in range(self.b_screens.count()):
            item = self.b_screens.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def draft(self) -> BookingDraft:
        return BookingDraft(
            booking_id=self.b_id.text().strip(),
            advertiser_id=self.b_advertiser.currentText(),
            media_id=self.b_media.currentText(),
            screen_ids=self.screen_ids(),
            category=self.b_category.currentText().strip(),
            plays_per_day=self.b_plays.value(),
            start_date=qdate(self.b_start.date()),
            end_date=qdate(self.b_end.date()),
            band=self.b_band.text().strip() or None,
        )

    # --- live check ----------------------------------------------------------------------------------------
    def schedule_check(self, *_args: object) -> None:
        self.save.setEnabled(False)
        self.debounce.start()

    def check_now(self) -> None:
        if self.checking:
            self.debounce.start()
            return
        draft, language = self.draft(), self.ctx.language
        if not draft.booking_id:
            self.result.setText(tr("Type a booking number to see the quote and the capacity.", language))
            return
        self.checking = True
        self.result.setText(tr("Working…", language))
        ctx = self.ctx
        self.job = run_in_background(
            lambda _p: check_draft(
                ctx.sessions(),
                draft,
                actor=ctx.actor,
                clock=ctx.clock,
                today=ctx.config.today(ctx.clock),
            ),
            self._checked,
            self._check_failed,
        )

    def _checked(self, check: DraftCheck) -> None:
        language = self.ctx.language
        self.checking = False
        self.last_check = check
        parts = []
        if check.problems:
            # the structured problems, in the user's language, each field named by its label in this form
            found = [render(p, language, self.booking_fields.label) for p in check.found] or check.problems
            parts.append(
                "<b style='color:#B71C1C'>" + tr("Fix these fields:", language) + "</b><br>" + "<br>".join(found)
            )
        if check.capacity:
            # what to change (fewer plays, another band, other days, another screen), in the user's language
            refusal = [render(p, language, self.booking_fields.label) for p in check.found
                       if p.code.startswith("capacity.")] or [check.capacity]  # fmt: skip
            parts.append(
                "<b style='color:#B71C1C'>" + tr("Cannot be honoured:", language) + "</b><br>" + "<br>".join(refusal)
            )
        elif not check.problems:
            parts.append("<b style='color:#1B5E20'>" + tr("The screens can carry this booking.", language) + "</b>")
        if check.total is not None:
            parts.append(
                f"<b>{tr('Retribution', language)}: {rupiah(check.total, language)}</b> — {check.tariff}<br>"
                + "<br>".join(check.quote_lines)
            )
        if check.quote_problem:
            why = "<br>".join(render(p, language) for p in check.quote_found) or check.quote_problem
            parts.append("<b style='color:#B71C1C'>" + tr("No tariff:", language) + f"</b> {why}")
        self.result.setText("<br><br>".join(parts).replace("\n", "<br>"))
        self.save.setEnabled(check.ok and self.may_book)

    def _check_failed(self, exc: Exception) -> None:
        self.checking = False
        self.result.setText(error_text(exc, self.ctx.language, self.booking_fields))

    # --- actions -------------------------------------------------------------------------------------------
    def save_booking(self) -> None:
        try:
            enter_booking(self.ctx.sessions(), self.draft(), actor=self.ctx.actor, clock=self.ctx.clock)
        except VideotronError as exc:
            show_error(self, exc, self.ctx.language, self.booking_fields)
            return
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(say(self.ctx.language, "desk.booking_saved", "Booking {id} saved.",
                                               id=self.b_id.text().strip()))  # fmt: skip
        self.b_id.clear()
        self.refresh()

    def _advertiser_selected(self) -> None:
        row = self.advertisers.currentRow()
        if row < 0 or not self.advertisers.item(row, 0):
            return
        with self.ctx.sessions()() as s:
            a = s.get(Advertiser, self.advertisers.item(row, 0).text())
            if a:
                self.adv_id.setText(a.id)
                self.adv_name.setText(a.name)
                self.adv_address.setText(a.address)
                self.adv_npwrd.setText(a.npwrd)

    def save_advertiser(self) -> None:
        try:
            with self.ctx.sessions().begin() as s:
                save_advertiser(
                    s,
                    AdvertiserFields(
                        self.adv_id.text().strip(), self.adv_name.text(), self.adv_address.text(), self.adv_npwrd.text()
                    ),
                    actor=self.ctx.actor,
                    clock=self.ctx.clock,
                )
        except VideotronError as exc:
            show_error(self, exc, self.ctx.language, self.advertiser_fields)
            return
        self.refresh()
