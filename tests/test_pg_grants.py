"""deploy/postgres-grants.sql on a real PostgreSQL server: a desk's database login does its daily work (SKRD,
payment, receipt, the audit trail, counting failed logins) and PostgreSQL itself refuses it anything more: no
UPDATE or DELETE of payments or audit entries, no writing users, roles or password hashes (issue #18)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from billing.assessments import issue_assessment
from billing.models import Payment
from billing.payments import record_payment
from tests.billing_helpers import add_booking, add_screens, clock, load_tariff
from tests.office import TEST_CONFIG
from tests.pgserver import PgServer
from videotron.cli import main
from videotron.core import users as users_module
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.config import OFFICE_TZ, Security
from videotron.core.db import make_engine, make_session_factory
from videotron.core.logins import login
from videotron.core.user_admin import add_user
from videotron.core.users import User, WrongPassword

pytestmark = pytest.mark.postgres
GRANTS = (Path(__file__).parent.parent / "deploy" / "postgres-grants.sql").read_text(encoding="utf-8")
REFUSED = [
    "UPDATE payment SET amount = 1",
    "DELETE FROM payment",
    "TRUNCATE payment CASCADE",
    "UPDATE audit_entry SET actor = 'x'",
    "DELETE FROM audit_entry",
    "UPDATE app_user SET role = 'admin'",
    "UPDATE app_user SET password_hash = (SELECT password_hash FROM app_user WHERE name = 'admin')",
    "INSERT INTO app_user (name, role, password_hash, enabled, created_at, created_by, password_changed_at) "
    "VALUES ('mallory', 'admin', 'x', true, now(), 'x', now())",
    "DELETE FROM app_user",
    "UPDATE alembic_version SET version_num = 'x'",
    "UPDATE player_installation SET public_key = 'x'",  # a player's registered key is never replaced
    "DELETE FROM player_installation",
    "CREATE TABLE backdoor (x int)",
]


@pytest.fixture
def office(pg_server: PgServer, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A database upgraded and seeded by its owner, the grants applied; (owner URL, desk login URL)."""
    import psycopg

    name = f"grants_{uuid.uuid4().hex[:12]}"  # id(tmp_path) was reused by the next test: "already exists"
    owner = pg_server.create_database(name)
    assert main(["--db", owner, "db", "upgrade"]) == 0
    sessions = make_session_factory(make_engine(owner))
    with sessions.begin() as s:
        add_screens(s)
        load_tariff(s, tmp_path)
        add_booking(s, "b1")
        add_user(s, "admin", "admin", "rahasia-admin", actor="admin", clock=clock())
        add_user(s, "sari", "bendahara", "rahasia-sari", actor="admin", clock=clock())
    desk = f"desk_{name}"
    dsn = f"host=127.0.0.1 port={pg_server.port} user={pg_server.user} dbname={name}"
    with psycopg.connect(dsn, autocommit=True) as c:
        for role in ("videotron_desk", "videotron_player"):  # cluster-wide: other tests' databases share them
            c.execute(f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        c.execute(f"CREATE ROLE {desk} LOGIN IN ROLE videotron_desk")
        c.execute(GRANTS)
        c.execute(GRANTS)  # twice: the script may be run again after every upgrade
    yield owner, owner.replace(f"{pg_server.user}@", f"{desk}@")
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(f"REASSIGN OWNED BY {desk} TO {pg_server.user}")
        c.execute(f"DROP OWNED BY {desk}")
        c.execute(f"DROP ROLE {desk}")


def test_a_desk_login_does_its_work_and_nothing_more(office: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg

    owner, desk_url = office
    desk_engine = make_engine(desk_url)
    desk = make_session_factory(desk_engine)
    monkeypatch.setattr(users_module, "FAILED_LOGIN_DELAY", 0)
    # GIVEN the desk login: a failed login is counted and audited, the treasurer logs in, issues and is paid
    with pytest.raises(WrongPassword):
        login(desk_engine, "sari", "tebakan", clock=clock(), policy=Security(), zone=OFFICE_TZ)
    actor = login(desk_engine, "sari", "rahasia-sari", clock=clock(), policy=Security(), zone=OFFICE_TZ)
    with desk.begin() as s:
        skrd = issue_assessment(s, "b1", config=TEST_CONFIG, actor=actor, clock=clock())
        record_payment(s, skrd.number, amount=skrd.total, paid_on=date(2026, 3, 10), method="tunai", config=TEST_CONFIG,
                       actor=actor, clock=clock())  # fmt: skip
    with desk() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 1
        assert verify_chain(s) == []
        assert "login.failed" in s.scalars(select(AuditEntry.action)).all()
    # WHEN the same login tries to change money, the audit trail or users behind the program's back
    conninfo = desk_url.replace("postgresql+psycopg://", "postgresql://")
    for statement in REFUSED:
        with psycopg.connect(conninfo, autocommit=True) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute(statement)
    # THEN PostgreSQL refused each one; only the lockout columns of app_user are the desk's to write
    with psycopg.connect(conninfo, autocommit=True) as c:
        c.execute("UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE name = 'nobody'")
    with make_session_factory(make_engine(owner))() as s:
        assert s.scalar(select(Payment.amount)) == skrd.total
        assert verify_chain(s) == []
        assert {u.name: u.role for u in s.scalars(select(User))} == {"admin": "admin", "sari": "bendahara"}


def test_user_management_with_a_desk_login_is_a_clear_refusal(
    office: tuple[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _owner, desk_url = office
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-admin")
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "rahasia-budi")
    capsys.readouterr()
    assert main(["--db", desk_url, "--user", "admin", "user", "add", "budi", "--role", "operator"]) == 2
    err = capsys.readouterr().err
    assert "may not do this (permission denied for table app_user)" in err and "schema owner's login" in err
