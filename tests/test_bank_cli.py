"""`videotron bank import|lines|match|set-aside|report` as the treasurer uses them: the December statement imported,
the lines left matched by hand or set aside, the reconciliation report as PDF and XLSX in the office's language;
and statement files that cannot be read whole refused whole, naming the line and field (exit 2, nothing written)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import sessionmaker

from billing.assessments import get_assessment
from billing.bank.models import BankLine, BankStatement
from billing.bank.reconcile import match_by_hand, set_aside
from tests.bank_helpers import write_config
from tests.bank_scenario import CONFIG, IMPORTED_AT, december
from tests.test_bank_reconcile import FILES
from videotron.cli import main
from videotron.core.clock import FixedClock
from videotron.core.config import load_config
from videotron.core.db import make_engine
from videotron.core.errors import ValidationError, VideotronError
from videotron.core.migrate import upgrade

CLOCK = FixedClock(IMPORTED_AT)


@pytest.fixture
def office_db(sqlite_url: str, tmp_path: Path) -> tuple[list[str], Engine]:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    with sessionmaker(engine).begin() as s:
        december(s, tmp_path)
    base = ["--db", sqlite_url, "--config", str(write_config(tmp_path / "config.toml")), "--user", "bendahara"]
    return base, engine


def test_import_match_by_hand_and_report(office_db: tuple[list[str], Engine], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("VIDEOTRON_LANGUAGE", "id")
    base, engine = office_db
    assert main([*base, "bank", "import", str(FILES["csv"])], clock=CLOCK) == 0
    out = capsys.readouterr().out
    assert "50 baris baru, 0 sudah pernah diimpor; 22 dibukukan sebagai pembayaran, 12 dicocokkan manual" in out
    assert "SKRD 0008/SKRD/VT/2026 sudah batal" in out
    assert main([*base, "bank", "import", str(FILES["mt940"])], clock=CLOCK) == 0
    assert "0 baris baru, 50 sudah pernah diimpor" in capsys.readouterr().out
    with sessionmaker(engine)() as s:
        ids = {ln.position: ln.id for ln in s.scalars(select(BankLine))}  # CSV lines 9.. are statement lines 1..
        hendra, dinas, void = ids[9 + 23], ids[9 + 8], ids[9 + 13]
    assert main([*base, "bank", "match", str(hendra), "--skrd", "0016/SKRD/VT/2026"], clock=CLOCK) == 0
    assert "Rp279.000 dibayarkan pada SKRD 0016/SKRD/VT/2026, bukti 0024/TBP/VT/2026" in capsys.readouterr().out
    assert main([*base, "bank", "match", str(hendra), "--skrd", "0015/SKRD/VT/2026"], clock=CLOCK) == 2
    assert "sudah dibukukan" in capsys.readouterr().err
    assert main([*base, "bank", "match", str(void), "--skrd", "0008/SKRD/VT/2026"], clock=CLOCK) == 2
    assert "SKRD 0008/SKRD/VT/2026 sudah batal" in capsys.readouterr().err
    assert main([*base, "bank", "set-aside", str(dinas), "--note", "dana BOS salah rekening, dikembalikan"],
                clock=CLOCK) == 0  # fmt: skip
    assert main([*base, "bank", "lines", "--open"], clock=CLOCK) == 0
    assert "10 baris" in capsys.readouterr().out
    with sessionmaker(engine)() as s:
        assert get_assessment(s, "0016/SKRD/VT/2026").status == "paid"
        line = s.get(BankLine, hendra)
        assert line is not None and (line.status, line.matched_by, line.method) == ("matched", "hand", "transfer")
    pdf_path, xlsx_path = tmp_path / "rekon.pdf", tmp_path / "rekon.xlsx"
    assert main([*base, "bank", "report", "--out", str(pdf_path), "--year", "2026", "--month", "12"], clock=CLOCK) == 0
    assert main([*base, "bank", "report", "--out", str(xlsx_path)], clock=CLOCK) == 0
    with pdfplumber.open(io.BytesIO(pdf_path.read_bytes())) as pdf:
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pdf.pages))
    assert "REKONSILIASI REKENING PENERIMAAN DENGAN REKENING KORAN BANK" in text
    assert "Periode 01-12-2026 s.d. 31-12-2026" in text
    assert "Dibukukan sebagai pembayaran SKRD 23 baris 9.749.500" in text
    assert "Belum cocok, dicocokkan manual 10 baris 3.093.345,67" in text
    assert "Bukan retribusi (dikesampingkan) 1 baris 5.000.000" in text
    assert "dana BOS salah rekening, dikembalikan" in text
    wb = openpyxl.load_workbook(xlsx_path)
    summary = [[c.value for c in r] for r in wb.worksheets[0].iter_rows(min_row=5)]
    assert ["Jumlah mutasi kredit", None, 17_842_845.67] in summary
    assert ["Dibukukan sebagai pembayaran SKRD", "23 baris", 9_749_500] in summary
    assert [ws.title for ws in wb.worksheets] == ["Ringkasan", "Dibukukan sebagai pembayaran SK", "Belum cocok, "
                                                  "dicocokkan manual", "Bukan retribusi (dikesampingkan",
                                                  "Mutasi debet (tidak dibukukan s"]  # fmt: skip


def test_hand_match_is_refused_whole(office_db: tuple[list[str], Engine]) -> None:
    base, engine = office_db
    assert main([*base, "bank", "import", str(FILES["mt940"])], clock=CLOCK) == 0
    with sessionmaker(engine).begin() as s:
        future = s.scalar(select(BankLine).where(BankLine.booked_on > CONFIG.today(CLOCK)))
        assert future is not None
        with pytest.raises(VideotronError, match="after the office's today"):
            match_by_hand(s, future.id, "0015/SKRD/VT/2026", config=CONFIG, actor="bendahara", clock=CLOCK)
        with pytest.raises(VideotronError, match="say what the money is"):
            set_aside(s, future.id, "  ", actor="bendahara", clock=CLOCK)
        with pytest.raises(VideotronError, match="no statement line 9999"):
            set_aside(s, 9999, "x", actor="bendahara", clock=CLOCK)


@pytest.mark.parametrize(("fmt", "edit", "expected"), [
    ("csv", ("775.000,00;", "775.OOO,00;"), ".csv:12: field 'amount': '775.OOO,00' is not an amount"),
    ("csv", ("02/12/2026;02/12/2026", "2026-12-02;02/12/2026"), ".csv:12: field 'date': '2026-12-02' is not a date"),
    ("csv", ("No. VA", "Nomor VA"), "field 'va': the header has no column 'No. VA'"),
    ("mt940", (":61:2612021202C775000,00", ":61:2612021202C775001,00"), "the lines do not add up"),
    ("mt940", (":25:", ":99:"), "not an MT940 statement"),
    ("mt940", (":25:10000103000012", ":25:20000103000099"), "account 20000103000099 is not one of the office's"),
])  # fmt: skip
def test_a_statement_that_cannot_be_read_whole_is_refused_whole(
    office_db: tuple[list[str], Engine], tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str,
    edit: tuple[str, str], expected: str
) -> None:  # fmt: skip
    base, engine = office_db
    bad = tmp_path / FILES[fmt].name
    bad.write_text(FILES[fmt].read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    assert main([*base, "bank", "import", str(bad)], clock=CLOCK) == 2
    assert expected in capsys.readouterr().err
    with sessionmaker(engine)() as s:
        assert s.scalar(select(func.count()).select_from(BankStatement)) == 0
        assert s.scalar(select(func.count()).select_from(BankLine)) == 0


def test_a_wrong_column_mapping_is_named_in_the_configuration(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[bank.csv]\ndate = "Tgl"\nthousands = ","\nencoding = "klingon"\nmystery = 1\n', encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_config(path)
    text = str(err.value)
    assert "config.toml:" in text and "3 problem(s)" in text
    assert "the decimal and thousands separators must differ" in text
    assert "'klingon' is not a text encoding" in text and "mystery" in text
