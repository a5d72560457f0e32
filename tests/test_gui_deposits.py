"""The Deposits (STS) tab: the receipts not yet deposited, "Deposit (STS)…" records one with billing's deposit
service (the CLI's `sts record`), the deposits list; a refusal stays in the dialog; an operator cannot press it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit

from billing.assessments import issue_assessment
from billing.models import Deposit, Receipt
from billing.payments import record_payment
from tests.office import TEST_CONFIG
from videotron.core.clock import FixedClock
from videotron.core.user_admin import add_user

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def paid(demo_office: sessionmaker[Session], clock: FixedClock) -> sessionmaker[Session]:
    """The demo office, both bookings assessed and paid on 1 December 2026: two receipts held."""
    sessions = demo_office
    with sessions.begin() as s:
        for booking, amount in (("BK-2026-001", 1_500_000), ("BK-2026-002", 250_000)):
            a = issue_assessment(s, booking, config=TEST_CONFIG, actor="t", clock=clock)
            record_payment(s, a.number, amount=amount, paid_on=date(2026, 12, 1), method="tunai", config=TEST_CONFIG,
                           actor="t", clock=clock)  # fmt: skip
    clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    return sessions


def test_deposit_the_held_receipts_by_clicks(qtbot: Any, paid: Any, desk_tab: Callable[..., Any], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    tab = desk_tab("Deposits (STS)", "bendahara")
    assert tab.held_table.rowCount() == 2 and "Rp1,750,000" in tab.held_total.text().replace(".", ",")
    qtbot.mouseClick(tab.deposit_button, LEFT)
    dialog = tab.dialog
    assert dialog.isVisible() and dialog.receipts.count() == 2
    assert "2 receipt(s)" in dialog.total.text()
    line = dialog.day.findChild(QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "02-12-2026")
    qtbot.keyClicks(dialog.note, "setor tunai ke RKUD")
    qtbot.mouseClick(dialog.ok, LEFT)
    assert not dialog.isVisible(), dialog.problem.text()
    with paid() as s:
        d = s.scalars(select(Deposit)).one()
        numbers = list(s.scalars(select(Receipt.number)))
        assert d.deposit_date == date(2026, 12, 2) and d.amount == 1_750_000 and d.note == "setor tunai ke RKUD"
    assert tab.held_table.rowCount() == 0
    assert tab.deposits.rowCount() == 1 and tab.deposits.item(0, 0).text() == d.number
    assert tab.deposits.item(0, 1).text() == "02-12-2026"
    # its STS: in the print preview, and saved as a PDF that says what was deposited (the office's language)
    tab.deposits.selectRow(0)
    qtbot.mouseClick(tab.findChild(object, "printSts"), LEFT)
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.isVisible(), timeout=10_000)
    tab.preview.close()
    saved = tmp_path / "sts.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), "PDF (*.pdf)"))
    qtbot.mouseClick(tab.findChild(object, "saveSts"), LEFT)
    with pdfplumber.open(saved) as pdf:
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pdf.pages))
    assert "SURAT TANDA SETORAN (STS)" in text and d.number in text and "setor tunai ke RKUD" in text
    assert "Rp1.750.000" in text and "satu juta tujuh ratus lima puluh ribu rupiah" in text.lower()
    assert all(n in text for n in numbers), numbers


def test_a_future_date_is_refused_in_the_dialog(qtbot: Any, paid: Any, desk_tab: Callable[..., Any]) -> None:
    tab = desk_tab("Deposits (STS)", "bendahara", language="id")
    qtbot.mouseClick(tab.deposit_button, LEFT)
    dialog = tab.dialog
    line = dialog.day.findChild(QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "2026-12-09")
    qtbot.mouseClick(dialog.ok, LEFT)
    assert dialog.isVisible() and dialog.problem.text().startswith("Tanggal setor: ")
    with paid() as s:
        assert s.scalar(select(Deposit.number)) is None


def test_only_a_treasurer_may_deposit(qtbot: Any, paid: Any, desk_tab: Callable[..., Any], clock: FixedClock) -> None:
    with paid.begin() as s:
        add_user(s, "sari", "admin", "rahasia-sari", actor="setup", clock=clock)
    with paid.begin() as s:
        add_user(s, "rina", "operator", "rahasia-rina", actor="sari", clock=clock)
    tab = desk_tab("Deposits (STS)", "rina", language="id")
    assert not tab.deposit_button.isEnabled() and tab.deposit_button.toolTip().startswith("Hanya bendahara")
