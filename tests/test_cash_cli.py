"""`videotron period close|list`, `skrd overdue [--letters]`, `strd`, `teguran` end to end: exit codes, messages
naming the field and the closed month, PDFs written and read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from tests.report_helpers import at, build_month
from videotron.cli import main
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as doc:
        return "\n".join(p.extract_text() for p in doc.pages)


def test_treasurers_month_on_the_command_line(sqlite_url: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    engine = make_engine(sqlite_url)
    upgrade(engine)
    n = build_month(make_session_factory(engine), tmp_path)
    engine.dispose()

    def run(day: date, *args: str) -> int:
        return main(["--db", sqlite_url, "--user", "bendahara", *args], clock=at(day))

    apr10 = date(2026, 4, 10)
    assert run(apr10, "period", "close", "2026-02") == 2
    err = capsys.readouterr().err
    assert "--carry" in err and n["r_bpaid"] in err and "Rp675.000" in err
    assert run(apr10, "period", "close", "2026-02", "--carry", n["r_bpaid"]) == 0
    assert "February 2026 closed: saldo awal Rp0" in capsys.readouterr().out
    assert run(apr10, "skrd", "pay", n["bfeb"], "--amount", "1000", "--date", "2026-02-20", "--method", "tunai") == 2
    err = capsys.readouterr().err
    assert "--date: 20 February 2026 is in a closed month: February 2026" in err and "WIB by bendahara" in err
    assert run(apr10, "period", "list") == 0
    assert "2026-02" in capsys.readouterr().out

    assert run(apr10, "skrd", "overdue") == 0
    out = capsys.readouterr().out
    assert n["bfeb"] in out and "interest    Rp16.200" in out and "2 SKRD(s) overdue on 10 April 2026" in out
    letters = tmp_path / "letters"
    assert run(apr10, "skrd", "overdue", "--letters", "--out", str(letters)) == 0
    out = capsys.readouterr().out
    assert "1 letter(s) issued" in out  # b2 is due 4 April: its first letter is due on the 11th
    assert sorted(p.name for p in letters.iterdir()) == ["0001-STRD-VT-2026.pdf", "0001-TEGURAN-VT-2026.pdf"]
    letter = _pdf_text(letters / "0001-TEGURAN-VT-2026.pdf")
    assert "SURAT TEGURAN KE-1" in letter and "421.200" in letter and "17 April 2026" in letter
    strd = _pdf_text(letters / "0001-STRD-VT-2026.pdf")
    assert "SURAT TAGIHAN RETRIBUSI DAERAH" in strd and "4.1.04.18.01" in strd and "16.200" in strd
    assert run(apr10, "teguran", "issue", n["bfeb"]) == 2
    assert "--skrd" not in (err := capsys.readouterr().err) and "Surat Teguran 2 is due on 17 April 2026" in err
    assert run(apr10, "strd", "issue", n["bfeb"]) == 2
    assert "no interest left to bill today" in capsys.readouterr().err
    again = tmp_path / "again.pdf"
    assert run(apr10, "strd", "pdf", "0001/STRD/VT/2026", "--out", str(again)) == 0
    assert _pdf_text(again) == strd  # a reprint is the same document
    assert run(date(2026, 5, 5), "teguran", "issue", n["bfeb"], "--out", str(tmp_path / "t2.pdf")) == 0
    out = capsys.readouterr().out
    assert "STRD 0002/STRD/VT/2026: Rp8.100 (4.1.04.18.01)" in out and "Surat Teguran 2" in out
    assert run(date(2026, 5, 5), "strd", "list", "2026-05") == 0
    assert "0002/STRD/VT/2026" in capsys.readouterr().out
