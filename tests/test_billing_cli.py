"""The billing commands end to end: exit codes, messages naming the field, one transaction per action."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pdfplumber
import pytest

from tests.billing_helpers import TARIFF, add_booking, add_screens
from videotron.cli import main
from videotron.core.clock import SystemClock
from videotron.core.config import OFFICE_TZ
from videotron.core.db import make_engine, make_session_factory
from videotron.core.formats import long_date

# The CLI runs on the real clock: a tariff in force since 2020 covers any "today".
CLI_TARIFF = TARIFF.replace("effective_from = 2026-01-01", "effective_from = 2020-01-01")


def _today() -> date:
    return SystemClock().now().astimezone(OFFICE_TZ).date()


@pytest.fixture
def db(sqlite_url: str, tmp_path: Path) -> str:
    assert main(["--db", sqlite_url, "db", "upgrade"]) == 0
    engine = make_engine(sqlite_url)
    with make_session_factory(engine).begin() as s:
        add_screens(s)
        add_booking(s, "b1", screens=("yamin", "smk1"), start=_today(), end=_today())  # 10 plays x 1 day
        add_booking(s, "few", plays=1)
    engine.dispose()
    (tmp_path / "tarif.toml").write_text(CLI_TARIFF)
    return sqlite_url


def run(db: str, *args: str) -> int:
    return main(["--db", db, "--user", "bendahara", *args])


def test_tariff_check_import_show(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "tariff", "check", str(tmp_path / "tarif.toml")) == 0
    assert "OK" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(CLI_TARIFF.replace("rounding = 100", "rounding = 0").replace('unit = "day"', 'unit = "week"'))
    assert run(db, "tariff", "check", str(bad)) == 2
    err = capsys.readouterr().err
    assert f"{bad}:5: field 'rounding'" in err and "[[rate]] #3 field 'unit'" in err
    assert run(db, "tariff", "show") == 2
    assert "no tariff is in force" in capsys.readouterr().err
    assert run(db, "tariff", "import", str(tmp_path / "tarif.toml")) == 0
    assert "imported tariff version 1" in capsys.readouterr().out
    assert run(db, "tariff", "show", "--at", "2026-01-01", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown[0]["rates"][0] == {
        "category": "komersial",
        "zone": "A",
        "unit": "play",
        "price": 2500,
        "account": "4.1.2.02.01",
        "block_seconds": 15,
        "blocks": "spot",
        "plays": None,
        "minimum_charge": 0,
    }
    assert run(db, "tariff", "show", "--at", "yesterday") == 2
    assert "--at: 'yesterday' is not a date" in capsys.readouterr().err


def test_quote_issue_pay_pdf(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "tariff", "import", str(tmp_path / "tarif.toml")) == 0
    capsys.readouterr()
    assert run(db, "quote", "b1", "--json") == 0
    q = json.loads(capsys.readouterr().out)
    assert q["total"] == 2500 * 10 + 1500 * 10 and [ln["screen"] for ln in q["lines"]] == ["smk1", "yamin"]
    assert run(db, "quote", "few") == 2
    assert "below the minimum of 3" in capsys.readouterr().err
    assert run(db, "skrd", "issue", "b1") == 0
    number = f"0001/SKRD/VT/{_today().year}"
    assert number in capsys.readouterr().out
    today = _today().isoformat()
    assert run(db, "skrd", "pay", number, "--amount", "1,5", "--date", today, "--method", "tunai") == 2
    assert "--amount" in capsys.readouterr().err
    assert run(db, "skrd", "pay", number, "--amount", "Rp100.000", "--date", today, "--method", "tunai") == 2
    assert "overpayment is refused" in capsys.readouterr().err
    assert run(db, "skrd", "pay", number, "--amount", "10.000", "--date", today, "--method", "transfer") == 0
    assert "status partial, still owed Rp30.000" in capsys.readouterr().out
    assert run(db, "skrd", "void", number, "--reason", "x") == 2
    assert run(db, "skrd", "show", number, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["paid"] == 10_000 and shown["payments"][0]["receipt"].startswith("0001/TBP/VT/")
    assert run(db, "skrd", "list") == 0
    assert "1 assessment(s)" in capsys.readouterr().out
    out = tmp_path / "skrd.pdf"
    assert run(db, "skrd", "pdf", number, "--out", str(out)) == 0
    with pdfplumber.open(out) as pdf:
        assert number in pdf.pages[0].extract_text()
    receipt = shown["payments"][0]["receipt"]
    assert run(db, "receipt", "pdf", receipt, "--out", str(tmp_path / "tbp.pdf")) == 0
    assert run(db, "receipt", "pdf", receipt, "--out", str(tmp_path / "nope" / "tbp.pdf")) == 2
    assert run(db, "receipt", "list", "--month", "3") == 2
    assert run(db, "skrd", "show", "0099/SKRD/VT/2026") == 2
    assert "not found" in capsys.readouterr().err


def test_refused_action_changes_nothing(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db, "tariff", "import", str(tmp_path / "tarif.toml")) == 0
    assert run(db, "skrd", "issue", "few") == 2
    assert run(db, "skrd", "issue", "b1") == 0
    assert f"0001/SKRD/VT/{_today().year}" in capsys.readouterr().out


def test_problems_name_the_option_in_the_users_language(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(db, "tariff", "import", str(tmp_path / "tarif.toml")) == 0
    assert run(db, "skrd", "issue", "b1") == 0
    number = f"0001/SKRD/VT/{_today().year}"
    today, tomorrow = _today(), _today() + timedelta(days=1)
    capsys.readouterr()

    def refused(*args: str) -> str:
        assert run(db, *args) == 2
        return capsys.readouterr().err

    pay = ("skrd", "pay", number, "--method", "tunai")
    # the domain names the field (amount, paid_on, reason, receipts); the command line words it as its option
    zero = refused(*pay, "--amount", "0", "--date", today.isoformat())
    assert zero == "videotron: error: 1 problem(s)\n  - --amount: must be above 0\n"
    late = refused(*pay, "--amount", "1000", "--date", tomorrow.isoformat())
    assert f"videotron: error: --date: {tomorrow.isoformat()} is in the future" in late
    assert "--reason: a void needs a reason (it is printed in the audit trail)" in refused("skrd", "void", number,
                                                                                          "--reason", " ")  # fmt: skip
    assert "--receipts: unknown receipt(s): 9/TBP" in refused("sts", "record", "--date", today.isoformat(),
                                                               "--receipts", "9/TBP")  # fmt: skip
    report = ("report", "month", "2026-03", "--out", str(tmp_path / "maret.txt"))
    assert "--format: choose one of pdf, xlsx, csv (or give the output file that extension)" in refused(*report)
    monkeypatch.setenv("VIDEOTRON_LANGUAGE", "id")
    zero = refused(*pay, "--amount", "0", "--date", today.isoformat())
    assert zero == "videotron: kesalahan: 1 masalah\n  - --amount: harus lebih dari 0\n"
    late = refused(*pay, "--amount", "1000", "--date", tomorrow.isoformat())
    assert f"videotron: kesalahan: --date: {long_date(tomorrow)} adalah tanggal yang akan datang" in late
    assert "--at: 'kemarin' bukan tanggal TTTT-BB-HH" in refused("quote", "b1", "--at", "kemarin")
