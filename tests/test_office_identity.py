"""An office that has not configured its identity gets a refusal naming the missing key, never another city's name.

Finding: with no `[payment]` settings, an SKRD of another city printed "RKUD Pemerintah Kota Padang Panjang" (the
old defaults). Now the identity has no default: issuing or printing refuses, naming each key and the file; the demo
writes its own file with the demo office's identity."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from billing.assessments import issue_assessment
from billing.models import Assessment, NumberSeries
from billing.reports.export import export_report
from billing.reports.period import Month
from tests.billing_helpers import add_booking, add_screens, clock, load_tariff
from tests.office import TEST_CONFIG
from videotron.cli import main
from videotron.core.config import load_config
from videotron.core.db import make_engine, make_session_factory
from videotron.core.errors import VideotronError
from videotron.core.migrate import upgrade
from videotron.core.office_identity import missing_keys
from videotron.demo.config import write_demo_config

SOLOK = """\
[office]
government = "Pemerintah Kota Solok"
name = "Dinas Komunikasi dan Informatika"
address = "Jl. Lubuk Sikarah No. 89, Solok"
city = "Solok"
[signer]
name = "Ir. Nofi Yendri"
nip = "197001011995031001"
title = "Kepala Dinas Komunikasi dan Informatika"
[treasurer]
name = "Rina Marlina"
nip = "198801012010012001"
"""


def test_another_citys_skrd_without_payment_settings_is_refused_naming_the_keys(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    with make_session_factory(engine).begin() as s:
        load_tariff(s, tmp_path)
        add_screens(s)
        add_booking(s, "b1")
    config = tmp_path / "solok.toml"
    config.write_text(SOLOK, encoding="utf-8")
    args = ["--db", sqlite_url, "--config", str(config), "skrd", "issue", "b1"]
    assert main(args, clock=clock()) == 2
    err = capsys.readouterr().err
    assert f"the office configuration ({config}) does not set payment.bank, payment.account_name, " in err
    assert "payment.account_number" in err and "Padang Panjang" not in err
    with make_session_factory(engine)() as s:  # nothing written, the number not used
        assert s.scalar(select(func.count()).select_from(Assessment)) == 0
        assert s.scalar(select(func.count()).select_from(NumberSeries)) == 0
    # in Indonesian, as a bendahara reads it
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VIDEOTRON_LANGUAGE", "id")
        assert main(args, clock=clock()) == 2
    assert "belum mengisi payment.bank, payment.account_name, payment.account_number" in capsys.readouterr().err
    # once configured, the SKRD prints Solok's account, nobody else's
    config.write_text(SOLOK + '[payment]\nbank = "Bank Nagari Cabang Solok"\naccount_name = "RKUD Kota Solok"\n'
                      'account_number = "2100.0101.00007-1"\n', encoding="utf-8")  # fmt: skip
    assert main(args, clock=clock()) == 0
    out = tmp_path / "skrd.pdf"
    assert (
        main(["--db", sqlite_url, "--config", str(config), "skrd", "pdf", "0001/SKRD/VT/2026", "--out", str(out)]) == 0
    )
    engine.dispose()


def test_reports_refuse_without_the_office_but_the_csv_needs_none(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    bare = load_config(tmp_path / "config.toml")  # no file: no identity at all
    assert missing_keys(bare)[:4] == ["office.government", "office.name", "office.address", "office.city"]
    for fmt in ("pdf", "xlsx"):
        with pytest.raises(VideotronError, match=r"does not set office\.government, office\.name") as refused:
            export_report(sessions, "month", Month(2026, 3), tmp_path / f"r.{fmt}", config=bare, actor="x",
                          clock=clock())  # fmt: skip
        assert refused.value.field == "office.government" and not (tmp_path / f"r.{fmt}").exists()
    export_report(sessions, "month", Month(2026, 3), tmp_path / "r.csv", config=bare, actor="x", clock=clock())
    assert (tmp_path / "r.csv").exists()
    with sessions.begin() as s:  # a service that freezes the office refuses too, before using a number
        load_tariff(s, tmp_path)
        add_screens(s)
        add_booking(s, "b1")
    with pytest.raises(VideotronError, match=r"does not set office\.government"), sessions.begin() as s:
        issue_assessment(s, "b1", config=bare, actor="x", clock=clock())
    with sessions.begin() as s:
        assert issue_assessment(s, "b1", config=TEST_CONFIG, actor="x", clock=clock()).number == "0001/SKRD/VT/2026"


def test_the_demo_writes_its_own_complete_office(tmp_path: Path) -> None:
    demo = load_config(write_demo_config(tmp_path))
    assert missing_keys(demo) == [] and demo.interest.account
    for section in ("office", "signer", "treasurer", "payment"):
        assert getattr(demo, section) == getattr(TEST_CONFIG, section), section
