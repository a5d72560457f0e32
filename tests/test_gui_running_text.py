"""The desk's running-text tab, clicked and typed as a person does (demo office, 1 December 2026, its screen 640x320
with a band carrying 4 sold running texts a day): a message added and cancelled; a sold running text quoted before
saving (the hand-worked amount, the one its SKRD then carries), a fifth one on the same days refused in Indonesian
naming what to change, its SKRD issued from the desk; the operator's buttons disabled for a treasurer, the money one
for an operator, each with who may."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from billing.models import Assessment
from playlists.models import RunningText
from playlists.running_texts import TextFields, save_text_bookings
from videotron.core.clock import FixedClock
from videotron.core.user_admin import add_user

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton
TITLE = "Running text"


def click(qtbot: Any, page: Any, name: str) -> None:
    qtbot.mouseClick(page.findChild(object, name), LEFT)


def type_date(qtbot: Any, box: Any, text: str) -> None:
    line = box.findChild(QLineEdit)
    box.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def type_text(qtbot: Any, form: Any, text_id: str, text: str, start: str, end: str, band: str = "") -> None:
    """Tick the screen's box (a click on it) unless it is ticked, type the id, the text, the dates and the hours."""
    screens = form.screens
    rect = screens.visualItemRect(screens.item(0))
    if screens.item(0).checkState() != Qt.CheckState.Checked:
        qtbot.mouseClick(screens.viewport(), LEFT, pos=QPoint(rect.left() + 10, rect.center().y()))
    assert screens.item(0).checkState() == Qt.CheckState.Checked
    type_date(qtbot, form.start, start)
    type_date(qtbot, form.end, end)
    qtbot.keyClicks(form.band, band)
    qtbot.keyClicks(form.text, text)
    qtbot.keyClicks(form.id, text_id)


def test_a_message_is_added_and_cancelled_by_clicks(qtbot: Any, demo_office: sessionmaker[Session], answer: Any,
                                                    desk_tab: Callable[..., Any]) -> None:  # fmt: skip
    page = desk_tab(TITLE).messages
    type_text(qtbot, page.form, "RT-2026-010", "Jl. Sudirman ditutup 5 Desember untuk karnaval", "01-12-2026",
              "05-12-2026", "07:00-16:00")  # fmt: skip
    click(qtbot, page, "addMessage")
    with demo_office() as s:
        row = s.get(RunningText, "RT-2026-010")
        assert row is not None and row.kind == "psa" and row.status == "active"
        assert (row.screen_ids, row.start_date, row.end_date, row.band) == (
            ["alun-alun"], date(2026, 12, 1), date(2026, 12, 5), "07:00-16:00")  # fmt: skip
    ids = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    r = ids.index("RT-2026-010")
    assert page.table.item(r, 4).text() == "07:00-16:00 WIB"  # the hours in the screen's zone
    page.table.selectRow(r)
    click(qtbot, page, "cancelMessage")
    answer(page.question, "salah tanggal")
    with demo_office() as s:
        assert s.get(RunningText, "RT-2026-010").status == "cancelled"  # type: ignore[union-attr]


def test_a_sold_running_text_is_quoted_saved_refused_when_full_and_its_skrd_issued(
    qtbot: Any, demo_office: sessionmaker[Session], clock: FixedClock, desk_tab: Callable[..., Any]
) -> None:
    page = desk_tab(TITLE, language="id").bookings
    page.window().pages[TITLE].pages.setCurrentWidget(page)
    page.form.advertiser.setCurrentText("bank-nagari")
    page.form.category.setCurrentText("teks-berjalan")
    text = "Bank Nagari KPR bunga 5%"  # 24 characters
    type_text(qtbot, page.form, "TB-2026-002", text, "01-12-2026", "10-12-2026")
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=30_000)
    # Rp100 per character per day (the demo tariff) x 24 characters x 10 days (1-10 December) = Rp24.000
    assert len(text) == 24 and "Rp24.000" in page.quote.text(), page.quote.text()
    click(qtbot, page, "saveTextBooking")
    with demo_office() as s:
        row = s.get(RunningText, "TB-2026-002")
        assert row is not None and row.status == "draft" and row.advertiser_id == "bank-nagari"
    # GIVEN two more sold running texts: the band's 4 a day are taken on 1-10 December
    with demo_office.begin() as s:
        more = [TextFields(f"TB-2026-00{i}", f"Iklan {i}", ["alun-alun"], date(2026, 12, 1), date(2026, 12, 30),
                           advertiser_id="toko-maju", category="teks-berjalan") for i in (3, 4)]  # fmt: skip
        save_text_bookings(s, more, actor="t", clock=clock, new=True)
    type_text(qtbot, page.form, "TB-2026-005", "Toko Maju buka 24 jam", "05-12-2026", "06-12-2026")
    qtbot.waitUntil(lambda: "Tidak dapat dilayani" in page.quote.text(), timeout=30_000)
    said = page.quote.text()
    assert "paling banyak 4 teks berjalan berbayar per hari" in said and "pilih tanggal atau layar lain" in said, said
    assert not page.save_button.isEnabled()
    with demo_office() as s:
        assert s.get(RunningText, "TB-2026-005") is None
    # WHEN the SKRD is issued from the desk for TB-2026-002
    page.refresh()
    click(qtbot, page, "issueTextSkrd")
    dialog = page.dialog
    dialog.booking.setCurrentIndex(dialog.booking.findText("TB-2026-002"))
    assert dialog.total.text() == "Rp24.000" and dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, LEFT)
    qtbot.mouseClick(dialog.confirm.button(QMessageBox.StandardButton.Yes), LEFT)
    with demo_office() as s:
        a = s.scalars(select(Assessment).where(Assessment.text_booking_id == "TB-2026-002")).one()
        assert a.principal == 24_000 and s.get(RunningText, "TB-2026-002").status == "assessed"  # type: ignore[union-attr]


def test_buttons_follow_the_roles(qtbot: Any, demo_office: sessionmaker[Session], clock: FixedClock,
                                  desk_tab: Callable[..., Any]) -> None:  # fmt: skip
    with demo_office.begin() as s:
        add_user(s, "sari", "admin", "rahasia-sari", actor="setup", clock=clock)
    with demo_office.begin() as s:
        add_user(s, "rina", "operator", "rahasia-rina", actor="sari", clock=clock)
        add_user(s, "bu-ani", "bendahara", "rahasia-ani", actor="sari", clock=clock)
    treasurer = desk_tab(TITLE, "bu-ani", language="id")
    for name in ("addMessage", "cancelMessage", "saveTextBooking", "cancelTextBooking", "saveLayout"):
        button = treasurer.findChild(object, name)
        assert not button.isEnabled() and button.toolTip().startswith("Hanya operator"), (name, button.toolTip())
    assert treasurer.findChild(object, "issueTextSkrd").isEnabled()
    operator = desk_tab(TITLE, "rina", language="id")
    money = operator.findChild(object, "issueTextSkrd")
    assert not money.isEnabled() and money.toolTip().startswith("Hanya bendahara"), money.toolTip()
    assert operator.findChild(object, "addMessage").isEnabled()
