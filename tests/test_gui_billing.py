"""The Billing tab: issue an SKRD from a booking, record a payment, void another, print-preview the documents;
a refused payment stays in its dialog, naming the field by its label, with the cursor in it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter

from billing.models import Assessment, Receipt
from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from videotron.core.clock import FixedClock
from videotron.core.errors import VideotronError
from videotron.demo.office import write_demo_setup, write_demo_tariff
from videotron.gui import tab_billing
from videotron.gui.printing import paint_pages, pdf_pages

pytestmark = pytest.mark.gui


@pytest.fixture
def billing(sessions: sessionmaker[Session], clock: FixedClock, desk: Callable[..., Any], tmp_path: Path) -> Any:
    """The demo office with its tariff, and the treasurer's Billing tab on 1 December 2026."""
    clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    with sessions.begin() as s:
        setup = parse_setup(write_demo_setup(tmp_path / "office", date(2026, 12, 1), "640x320+0+0"))
        apply_setup(s, setup, actor="t", clock=clock)
        import_tariff(s, read_tariff(write_demo_tariff(tmp_path)), actor="t", clock=clock)
    win = desk("bendahara")
    tab = win.pages["Billing"]
    win.tabs.setCurrentWidget(tab)
    return tab


def click(qtbot, tab: Any, name: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(tab.findChild(object, name), Qt.MouseButton.LeftButton)


def issue_skrd(qtbot, tab: Any, booking: str) -> None:  # type: ignore[no-untyped-def]
    """Press "Issue SKRD…", choose the booking, press "Issue SKRD", answer Yes."""
    from PySide6.QtWidgets import QMessageBox

    click(qtbot, tab, "issueButton")
    dialog = tab.issuing
    dialog.booking.setCurrentIndex(dialog.booking.findText(booking))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.confirm.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def open_payment(qtbot, tab: Any, row: int, amount: int, day: QDate) -> Any:  # type: ignore[no-untyped-def]
    """Select the row, press "Record payment…", type the amount, set the date."""
    tab.table.selectRow(row)
    click(qtbot, tab, "payButton")
    dialog = tab.payment
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, str(amount))
    dialog.day.setDate(day)
    return dialog


def test_issue_pay_void_print(qtbot, billing: Any, answer: Callable[[Any, str], None],  # type: ignore[no-untyped-def]
                              sessions: sessionmaker[Session], tmp_path: Path) -> None:  # fmt: skip
    tab = billing
    for booking in ("BK-2026-001", "BK-2026-002"):
        issue_skrd(qtbot, tab, booking)
    assert tab.table.rowCount() == 2
    with sessions() as s:
        first, second = s.scalars(select(Assessment).order_by(Assessment.seq)).all()
        assert first.number == "0001/SKRD/VT/2026" and second.number == "0002/SKRD/VT/2026"
        # 1440 plays x 30 days x Rp2.500 x 1 block (demo booking runs 30 days)
        assert first.principal == 1440 * 30 * 2500
    dialog = open_payment(qtbot, tab, 0, 50_000_000, QDate(2026, 12, 1))
    dialog.method.setCurrentIndex(dialog.method.findData("transfer"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with sessions() as s:
        a = s.scalar(select(Assessment).where(Assessment.number == "0001/SKRD/VT/2026"))
        assert a is not None and a.status == "partial" and a.paid_total == 50_000_000
        assert s.scalar(select(Receipt.number)) == "0001/TBP/VT/2026"
    tab.table.selectRow(1)
    click(qtbot, tab, "voidButton")
    answer(tab.question, "pemesanan dibatalkan pemasang iklan")
    with sessions() as s:
        assert s.scalar(select(Assessment.status).where(Assessment.number == "0002/SKRD/VT/2026")) == "void"
    # Voiding a paid SKRD is refused with a message
    tab.table.selectRow(0)
    click(qtbot, tab, "voidButton")
    answer(tab.question, "salah")
    assert "payment" in tab.window().findChild(object, "errorBox").text()
    # Printing renders the PDF's own pages onto the printer
    number, pdf = tab.assessment_pdf()
    assert number == "0001/SKRD/VT/2026"
    pages = pdf_pages(pdf, dpi=60)
    assert len(pages) == 1 and pages[0].width() > 400
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    paint_pages(printer, pages)
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000
    receipt_number, receipt_pdf = tab.receipt_pdf()
    assert receipt_number == "0001/TBP/VT/2026" and receipt_pdf.startswith(b"%PDF")
    # The print preview dialog opens on the same pages (a dangling printer once crashed it)
    tab.table.selectRow(0)
    click(qtbot, tab, "printSkrd")
    qtbot.waitUntil(lambda: tab.dialog.isVisible(), timeout=10_000)
    tab.dialog.close()
    click(qtbot, tab, "printReceipt")
    qtbot.waitUntil(lambda: tab.dialog.isVisible(), timeout=10_000)
    tab.dialog.close()


def test_a_refused_amount_names_the_amount_box_and_puts_the_cursor_in_it(  # type: ignore[no-untyped-def]
    qtbot, billing: Any, answer: Callable[[Any, str], None], app_context: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch, sessions: sessionmaker[Session],
) -> None:  # fmt: skip
    """GIVEN the payment service refuses the amount (a problem about the field `amount`; the spin box itself never
    offers an amount the service refuses, so the refusal is stood in for), WHEN the treasurer presses OK in the
    payment dialog, THEN the dialog stays open, names the field as its label does in Indonesian ("Jumlah: ...")
    and the cursor is in the amount box; nothing is recorded."""

    def refuse(*_args: object, amount: int, **_kwargs: object) -> None:
        raise VideotronError("payment.amount", "must be a whole number of rupiah above 0, got {amount!r}",
                             field="amount", amount=amount)  # fmt: skip

    monkeypatch.setattr(tab_billing, "record_payment", refuse)
    tab = billing
    issue_skrd(qtbot, tab, "BK-2026-001")
    tab.ctx.language = "id"  # the treasurer reads Indonesian
    dialog = open_payment(qtbot, tab, 0, 1_500, QDate(2026, 12, 1))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.problem.text().startswith("Jumlah: ")
    assert dialog.focusWidget() is dialog.amount
    with sessions() as s:
        assert s.scalar(select(Receipt.number)) is None
