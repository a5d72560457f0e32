"""The Reports tab: preview the month report as its PDF pages, export PDF/XLSX/CSV and read them back; the desk and
the command line write the same files (one export service)."""

from __future__ import annotations

import os
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from reportlab import rl_config
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import QDate, QSettings

from billing.assessments import issue_assessment
from billing.payments import record_payment
from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff
from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from tests.office import office_config
from videotron.cli import build_parser
from videotron.core.clock import FixedClock
from videotron.core.context import AppContext
from videotron.demo.office import write_demo_setup, write_demo_tariff
from videotron.gui.app import build_window

pytestmark = pytest.mark.gui


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["videotron-test", "-platform", "offscreen"]


CLOCK = FixedClock(datetime(2026, 12, 10, 3, 0, tzinfo=UTC))


def _desk(qtbot, sessions: sessionmaker[Session], tmp_path: Path):  # type: ignore[no-untyped-def]
    """The desk on a demo office with one SKRD paid in December 2026, showing its Reports tab."""
    clock, config = CLOCK, office_config()
    setup = parse_setup(write_demo_setup(tmp_path / "office", date(2026, 12, 1), "640x320+0+0"))
    with sessions.begin() as s:
        apply_setup(s, setup, actor="t", clock=clock)
        import_tariff(s, read_tariff(write_demo_tariff(tmp_path)), actor="t", clock=clock)
        a = issue_assessment(s, "BK-2026-001", config=config, actor="t", clock=clock)
        record_payment(
            s,
            a.number,
            amount=40_000_000,
            paid_on=date(2026, 12, 10),
            method="tunai",
            config=config,
            actor="t",
            clock=clock,
        )
    win = build_window(
        AppContext(clock, db_url=str(sessions.kw["bind"].url), config=config).act_as("bendahara"),
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(win)
    tab = win.pages["Reports"]
    win.tabs.setCurrentWidget(tab)
    assert tab.month.date() == QDate(2026, 12, 10)  # the office's today, from the desk's clock
    return tab


def test_preview_and_export(qtbot, sessions: sessionmaker[Session], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tab = _desk(qtbot, sessions, tmp_path)
    tab.month.setDate(QDate(2026, 12, 1))
    tab.preview()
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    assert tab.page_count >= 1
    xlsx = tmp_path / "laporan.xlsx"
    tab.export("xlsx", str(xlsx))
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)  # written off the GUI thread
    book = openpyxl.load_workbook(xlsx)
    numbers = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, int)]
    assert 40_000_000 in numbers  # the receipt, as a number, not text
    for fmt in ("pdf", "csv"):
        out = tmp_path / f"laporan.{fmt}"
        tab.export(fmt, str(out))
        qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
        assert out.stat().st_size > 100
    assert "0001/TBP/VT/2026" in (tmp_path / "laporan.csv").read_text(encoding="utf-8")
    tab.kind.setCurrentIndex(1)  # proof-of-play report
    tab.preview()
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    assert tab.page_count >= 1


def _same_xlsx(a: Path, b: Path) -> bool:
    """The same workbook: every part of the two files alike but the creation time openpyxl stamps in."""
    with zipfile.ZipFile(a) as x, zipfile.ZipFile(b) as y:
        names = sorted(set(x.namelist()) | set(y.namelist()))
        return all(x.read(n) == y.read(n) for n in names if n != "docProps/core.xml")


def test_the_desk_and_the_command_line_write_the_same_files(  # type: ignore[no-untyped-def]
    qtbot, sessions: sessionmaker[Session], sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)  # PDFs without a creation time or random id, to compare bytes
    tab = _desk(qtbot, sessions, tmp_path)
    desk, cli = tmp_path / "desk", tmp_path / "cli"
    desk.mkdir(), cli.mkdir()
    for index, kind in enumerate(("month", "delivery")):
        tab.kind.setCurrentIndex(index)
        for fmt in ("pdf", "xlsx", "csv"):
            name = f"{kind}.{fmt}"
            tab.export(fmt, str(desk / name))
            qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
            args = build_parser().parse_args(["--db", sqlite_url, "report", kind, "2026-12", "--out", str(cli / name)])
            ctx = AppContext(CLOCK, db_url=sqlite_url, config_path=os.environ["VIDEOTRON_CONFIG"], user="bendahara")
            assert args.func(args, ctx) == 0
            ctx.close()
            if fmt == "xlsx":
                assert _same_xlsx(desk / name, cli / name), name
            else:
                assert (desk / name).read_bytes() == (cli / name).read_bytes(), name
            assert (desk / name).stat().st_size > 100
