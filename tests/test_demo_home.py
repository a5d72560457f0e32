"""The demo never writes into the office's data folder or database: it runs in its own folder and SQLite database,
whatever VIDEOTRON_DATA_DIR, VIDEOTRON_DB or --db name, and says where it wrote and how the office starts clean."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from billing.models import Assessment
from videotron.cli import main
from videotron.core.db import make_engine, make_session_factory
from videotron.core.paths import data_dir, default_db_url
from videotron.demo.home import demo_db_url, demo_home

pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under the office's data folder and its content's hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def test_the_demo_leaves_the_office_database_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # GIVEN a real office's data folder (VIDEOTRON_DATA_DIR, from the test's isolation) with its database
    office = data_dir()
    assert main(["db", "upgrade"]) == 0
    office_db = default_db_url()
    before = snapshot(office)
    assert "videotron.sqlite3" in before
    capsys.readouterr()
    # WHEN the demo runs, even told the office's database by $VIDEOTRON_DB
    monkeypatch.setenv("VIDEOTRON_DB", office_db)
    assert main(["demo", "--no-player", "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    # THEN not one file of the office's folder changed, and the demo's SKRDs are in its own database from 0001
    assert snapshot(office) == before
    home = demo_home()
    assert not home.is_relative_to(office) and not office.is_relative_to(home)
    engine = make_engine(demo_db_url(home))
    with make_session_factory(engine)() as s:
        numbers = list(s.scalars(select(Assessment.number).order_by(Assessment.seq)))
        assert numbers and numbers[0].startswith("0001/SKRD/")
    engine.dispose()
    assert (home / "media").is_dir() and not (office / "media").exists()
    # and it said so: where it wrote, that the office was not touched, how to start clean
    assert "the demo does not use" in printed
    assert f"The demo wrote only into its own folder {home}" in printed
    assert f"Your office's data folder {office} and its database were not touched" in printed
    assert "`videotron db upgrade`" in printed
