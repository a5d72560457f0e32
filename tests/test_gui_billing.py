"""The Billing tab: issue an SKRD from a booking, record a payment, void another, print-preview the documents."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter

from billing.models import Assessment, Receipt
from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from videotron.core.clock import FixedClock
from videotron.core.config import Config
from videotron.demo.office import write_demo_setup, write_demo_tariff
from videotron.gui.app import build_window
from videotron.gui.printing import paint_pages, pdf_pages
from videotron.gui.services import Services

pytestmark = pytest.mark.gui


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["videotron-test", "-platform", "offscreen"]


def test_issue_pay_void_print(qtbot, sessions: sessionmaker[Session], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    with sessions.begin() as s:
        apply_setup(
            s,
            parse_setup(write_demo_setup(tmp_path / "office", date(2026, 12, 1), "640x320+0+0")),
            actor="t",
            clock=clock,
        )
        import_tariff(s, read_tariff(write_demo_tariff(tmp_path)), actor="t", clock=clock)
    win = build_window(
        Services(sessions, clock, "bendahara", Config(), "test"),
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(win)
    tab = win.pages["Billing"]
    win.tabs.setCurrentWidget(tab)
    tab.issue("BK-2026-001")
    tab.issue("BK-2026-002")
    assert tab.table.rowCount() == 2
    with sessions() as s:
        first, second = s.scalars(select(Assessment).order_by(Assessment.seq)).all()
        assert first.number == "0001/SKRD/VT/2026" and second.number == "0002/SKRD/VT/2026"
        # 1440 plays x 30 days x Rp2.500 x 1 block (demo booking runs 30 days)
        assert first.principal == 1440 * 30 * 2500
    tab.table.selectRow(0)
    tab.pay(amount=50_000_000, paid_on=date(2026, 12, 1), method="transfer")
    with sessions() as s:
        a = s.scalar(select(Assessment).where(Assessment.number == "0001/SKRD/VT/2026"))
        assert a is not None and a.status == "partial" and a.paid_total == 50_000_000
        assert s.scalar(select(Receipt.number)) == "0001/TBP/VT/2026"
    tab.table.selectRow(1)
    tab.void(reason="pemesanan dibatalkan pemasang iklan")
    with sessions() as s:
        assert s.scalar(select(Assessment.status).where(Assessment.number == "0002/SKRD/VT/2026")) == "void"
    # Voiding a paid SKRD is refused with a message
    tab.table.selectRow(0)
    tab.void(reason="salah")
    assert "payment" in win.findChild(object, "errorBox").text()
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
    tab.print_assessment()
    qtbot.waitUntil(lambda: tab.dialog.isVisible(), timeout=10_000)
    tab.dialog.close()
    tab.print_receipt()
    qtbot.waitUntil(lambda: tab.dialog.isVisible(), timeout=10_000)
    tab.dialog.close()
