"""`videotron demo` on a fresh database creates the first admin, prints the password, and does everything as that
admin; a second run logs in with the password it kept; a database whose admin password changed needs a login."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from videotron.cli import main
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.db import make_engine, make_session_factory
from videotron.core.users import authenticate
from videotron.demo.home import demo_db_url, demo_home

pytestmark = pytest.mark.slow


def test_demo_creates_and_reuses_the_first_admin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["demo", "--no-player", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    password = printed.split("created the first user: admin (admin), password: ")[1].split()[0]
    password_file = demo_home() / "demo" / "admin-password.txt"
    assert password_file.read_text().strip() == password and password_file.stat().st_mode & 0o077 == 0
    assert any(out.glob("SKRD-*.pdf"))
    engine = make_engine(demo_db_url(demo_home()))
    with make_session_factory(engine)() as s:
        assert authenticate(s, "admin", password).role == "admin"
        actors = set(s.scalars(select(AuditEntry.actor).where(AuditEntry.action != "user.add")))
        assert actors == {"admin"}  # setup, tariff, SKRD and payment all done as the admin
        assert verify_chain(s) == []
    engine.dispose()
    # a second run logs in with the kept password and changes nothing it already did
    assert main(["demo", "--no-player", "--out", str(out)]) == 0
    assert "acting as admin" in capsys.readouterr().out
    # once the admin's password is not the kept one, the demo needs a real login like any other action
    password_file.write_text("not-the-password\n")
    assert main(["demo", "--no-player", "--out", str(out)]) == 2
    assert "say who you are with --user NAME" in capsys.readouterr().err
