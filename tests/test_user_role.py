"""A user's role changes through one service (`user_admin.set_role`), from the CLI (`videotron user role`) as from
the desk: audited, admin only, and never taking the last enabled admin's role."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from videotron.cli import main
from videotron.core.audit import AuditEntry
from videotron.core.users import User


def test_cli_changes_a_role_but_not_the_last_admins(sqlite_url: str, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["--db", sqlite_url, "db", "upgrade"]) == 0
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "rahasia-admin")
    assert main(["--db", sqlite_url, "user", "add", "sari", "--role", "admin"]) == 0
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-admin")
    assert main(["--db", sqlite_url, "--user", "sari", "user", "add", "budi", "--role", "operator"]) == 0
    capsys.readouterr()
    assert main(["--db", sqlite_url, "--user", "sari", "user", "role", "budi", "bendahara"]) == 0
    assert "budi is now bendahara" in capsys.readouterr().out
    assert main(["--db", sqlite_url, "--user", "sari", "user", "role", "sari", "operator"]) == 2
    assert "sari is the last enabled admin" in capsys.readouterr().err
    from videotron.core.db import make_engine, make_session_factory

    sessions: sessionmaker[Session] = make_session_factory(make_engine(sqlite_url))
    with sessions() as s:
        assert {u.name: u.role for u in s.scalars(select(User))} == {"sari": "admin", "budi": "bendahara"}
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "user.role")).one()
        assert (entry.actor, entry.entity_id) == ("sari", "budi") and '"role":"bendahara"' in entry.after
