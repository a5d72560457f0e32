"""Users and roles: scrypt passwords, the permission registry enforced in the services, the bootstrap rule, and the
CLI login (`--user`, VIDEOTRON_PASSWORD, wrong password -> exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from playlists.media.library import approve
from playlists.models import Media
from tests.billing_helpers import TARIFF, add_booking, add_screens, load_tariff
from tests.office import office_config
from videotron.cli import main
from videotron.core import users
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.clock import FixedClock
from videotron.core.db import make_engine, make_session_factory
from videotron.core.errors import PermissionDenied, VideotronError
from videotron.core.permissions import PERMISSIONS, ROLES, authorize
from videotron.core.user_admin import add_user, set_enabled, set_password
from videotron.core.users import WrongPassword, authenticate, hash_password, verify_password


@pytest.fixture(autouse=True)
def no_login_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "FAILED_LOGIN_DELAY", 0.0)


def _people(s: Session, clock: FixedClock) -> None:
    add_user(s, "admin", "admin", "rahasia-admin", actor="setup", clock=clock)
    for name, role in (("budi", "operator"), ("sari", "bendahara"), ("inspektorat", "auditor")):
        add_user(s, name, role, f"rahasia-{name}", actor="admin", clock=clock)


def test_password_hash_is_salted_scrypt_and_checked_in_constant_time() -> None:
    a, b = hash_password("kata sandi"), hash_password("kata sandi")
    assert a != b and a.startswith("scrypt$14$8$1$")  # salt and parameters travel with the hash
    assert verify_password("kata sandi", a) and not verify_password("kata sandI", a)
    assert not verify_password("kata sandi", "md5$abc") and not verify_password("x", "scrypt$99$8$1$AA==$AA==")


def test_bootstrap_then_roles(sessions: sessionmaker[Session], clock: FixedClock) -> None:
    # GIVEN no user at all: anyone may do anything (a fresh install works), and the first user must be an admin
    with sessions.begin() as s:
        authorize(s, "whoever", "skrd.issue")
        with pytest.raises(VideotronError, match="first user must be an admin"):
            add_user(s, "budi", "operator", "rahasia-budi", actor="x", clock=clock)
        _people(s, clock)
    # THEN each role may exactly what the registry says, and nobody else
    with sessions.begin() as s:
        for permission, rule in PERMISSIONS.items():
            for name, role in (
                ("admin", "admin"),
                ("budi", "operator"),
                ("sari", "bendahara"),
                ("inspektorat", "auditor"),
            ):
                if role in rule.roles:
                    authorize(s, name, permission)
                else:
                    with pytest.raises(PermissionDenied):
                        authorize(s, name, permission)
        with pytest.raises(
            PermissionDenied,
            match=r"user 'budi' \(operator\) may not issue an SKRD \(skrd.issue\); "
            "roles that may: bendahara, admin",
        ):
            authorize(s, "budi", "skrd.issue")
        with pytest.raises(PermissionDenied, match="'stranger' is not a user of this database"):
            authorize(s, "stranger", "media.add")
        with pytest.raises(ValueError, match="unknown permission"):
            authorize(s, "admin", "media.delete_everything")
    assert set(ROLES) == {"admin", "operator", "bendahara", "auditor", "bpbd"}


def test_disabled_user_and_last_admin(sessions: sessionmaker[Session], clock: FixedClock) -> None:
    with sessions.begin() as s:
        _people(s, clock)
        with pytest.raises(VideotronError, match="last enabled admin"):
            set_enabled(s, "admin", False, actor="admin", clock=clock)
        with pytest.raises(PermissionDenied):
            set_enabled(s, "sari", False, actor="budi", clock=clock)
        set_enabled(s, "budi", False, actor="admin", clock=clock)
    with sessions.begin() as s:
        with pytest.raises(PermissionDenied, match="user 'budi' is disabled"):
            authorize(s, "budi", "media.add")
        with pytest.raises(WrongPassword, match="disabled"):
            authenticate(s, "budi", "rahasia-budi")
        with pytest.raises(WrongPassword, match="wrong password for sari"):
            authenticate(s, "sari", "salah")
        with pytest.raises(WrongPassword, match="wrong password for nobody"):  # same message: no user enumeration
            authenticate(s, "nobody", "salah")
        # a user changes their own password; changing someone else's needs an admin
        set_password(s, "sari", "sandi-baru-sari", actor="sari", clock=clock)
        with pytest.raises(PermissionDenied):
            set_password(s, "admin", "direbut-saja", actor="sari", clock=clock)
        assert authenticate(s, "sari", "sandi-baru-sari").role == "bendahara"
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "user").order_by(AuditEntry.seq)))
        assert [e.action for e in entries][-2:] == ["user.disable", "user.passwd"]
        assert all("scrypt" not in e.after for e in entries)  # never a password hash in the audit trail
        assert verify_chain(s) == []


def test_services_refuse_the_wrong_role(sessions: sessionmaker[Session], tmp_path: Path, clock: FixedClock) -> None:
    with sessions.begin() as s:
        _people(s, clock)
        add_screens(s)
        add_booking(s, "b1")
    with sessions.begin() as s, pytest.raises(PermissionDenied, match=r"'tester' is not a user.*import a tariff"):
        load_tariff(s, tmp_path)  # actor "tester" is not a user either
    from billing.assessments import issue_assessment
    from billing.tariff_file import read_tariff
    from billing.tariffs import import_tariff

    (tmp_path / "t.toml").write_text(TARIFF)
    with sessions.begin() as s:
        import_tariff(s, read_tariff(tmp_path / "t.toml"), actor="admin", clock=clock)
    with sessions.begin() as s, pytest.raises(PermissionDenied, match="roles that may: bendahara, admin"):
        issue_assessment(s, "b1", config=office_config(), actor="budi", clock=clock)
    with sessions.begin() as s:
        assert issue_assessment(s, "b1", config=office_config(), actor="sari", clock=clock).issued_by == "sari"
    with sessions.begin() as s, pytest.raises(PermissionDenied, match=r"inspektorat.*approve or reject ad media"):
        approve(s, "m-b1", by="X", actor="inspektorat", clock=clock)
    with sessions.begin() as s:
        approve(s, "m-b1", by="Budiono", actor="budi", clock=clock)
        assert s.get(Media, "m-b1").approved_by == "Budiono"  # type: ignore[union-attr]


def _cli(db: str, *args: str) -> int:
    return main(["--db", db, *args])


def test_cli_users_and_login(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert _cli(sqlite_url, "db", "upgrade") == 0
    # no users yet: the CLI says how to make the first admin, and the actions run unchecked
    assert _cli(sqlite_url, "user", "list") == 0
    assert "no users yet: create the first admin with `videotron user add NAME --role admin`" in capsys.readouterr().out
    assert _cli(sqlite_url, "user", "add", "budi", "--role", "operator", "--random") == 2
    assert "first user must be an admin" in capsys.readouterr().err
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "rahasia-admin")
    assert _cli(sqlite_url, "user", "add", "admin", "--role", "admin") == 0
    assert "added user admin (admin)" in capsys.readouterr().out
    # now users exist: an action needs --user and the right password
    assert _cli(sqlite_url, "user", "add", "sari", "--role", "bendahara", "--random") == 2
    assert "say who you are with --user NAME" in capsys.readouterr().err
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "salah")
    assert _cli(sqlite_url, "--user", "admin", "user", "add", "sari", "--role", "bendahara", "--random") == 2
    assert capsys.readouterr().err.strip() == "videotron: error: wrong password for admin"
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-admin")
    assert _cli(sqlite_url, "--user", "admin", "user", "add", "sari", "--role", "bendahara", "--random") == 0
    out = capsys.readouterr().out
    sari_password = out.split("password: ")[1].strip()
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "rahasia-budi")
    assert _cli(sqlite_url, "--user", "admin", "user", "add", "budi", "--role", "operator") == 0
    assert "password:" not in capsys.readouterr().out  # a typed or scripted password is never printed
    # without a terminal and without VIDEOTRON_PASSWORD there is nothing to ask: a clear refusal
    monkeypatch.delenv("VIDEOTRON_PASSWORD")
    assert _cli(sqlite_url, "--user", "budi", "user", "disable", "sari") == 2
    assert "set VIDEOTRON_PASSWORD" in capsys.readouterr().err
    # a logged-in user without the permission: exit 2 naming the user, the action and the roles
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-budi")
    assert _cli(sqlite_url, "--user", "budi", "user", "disable", "sari") == 2
    assert "user 'budi' (operator) may not add, change or disable users (user.manage); roles that may: admin" in (
        capsys.readouterr().err
    )
    (tmp_path / "t.toml").write_text(TARIFF)
    assert _cli(sqlite_url, "--user", "budi", "tariff", "import", str(tmp_path / "t.toml")) == 2
    assert "may not import a tariff" in capsys.readouterr().err
    # read-only commands need no login
    monkeypatch.delenv("VIDEOTRON_PASSWORD")
    assert _cli(sqlite_url, "user", "list", "--json") == 0
    listed = {u["name"]: u["role"] for u in json.loads(capsys.readouterr().out)}
    assert listed == {"admin": "admin", "sari": "bendahara", "budi": "operator"}
    monkeypatch.setenv("VIDEOTRON_PASSWORD", sari_password)
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "sandi-baru-sari")
    assert _cli(sqlite_url, "--user", "sari", "user", "passwd", "sari") == 0
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-admin")
    assert _cli(sqlite_url, "--user", "admin", "user", "disable", "sari") == 0
    assert _cli(sqlite_url, "audit", "verify") == 0
    assert "audit trail intact: 6 entries" in capsys.readouterr().out  # 5 changes and admin's one failed login
    assert _cli(sqlite_url, "audit", "list", "--entity", "user", "--limit", "2") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "user.disable" in lines[0] and "user.passwd" in lines[1]


def test_bookings_deposits_and_playlog_import_need_their_roles(
    sessions: sessionmaker[Session], tmp_path: Path, clock: FixedClock
) -> None:
    """The service functions added after the first round of checks refuse the wrong role too."""
    from datetime import date

    from billing.deposits import record_deposit
    from playlists.bookings import BookingFields, save_booking
    from playlists.playlog_import import import_play_logs

    with sessions.begin() as s:
        _people(s, clock)
        add_screens(s)
        add_booking(s, "b1")
    with sessions.begin() as s, pytest.raises(PermissionDenied, match=r"sari.*roles that may: operator, admin"):
        save_booking(
            s,
            BookingFields(
                booking_id="b2",
                advertiser_id="adv-b1",
                media_id="m-b1",
                screen_ids=["yamin"],
                category="komersial",
                plays_per_day=5,
                start_date=date(2026, 3, 1),
                end_date=date(2026, 3, 2),
                band=None,
            ),
            clock=clock,
            actor="sari",
        )
    with sessions.begin() as s, pytest.raises(PermissionDenied, match=r"budi.*deposit"):
        record_deposit(s, date(2026, 3, 10), ["0001/TBP/VT/2026"], config=office_config(), actor="budi", clock=clock)
    (tmp_path / "log.jsonl").write_text("")
    with sessions.begin() as s, pytest.raises(PermissionDenied, match=r"inspektorat.*play logs"):
        import_play_logs(s, tmp_path / "log.jsonl", actor="inspektorat", clock=clock)


def test_the_command_line_speaks_indonesian_naming_flags_and_actions(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clock: FixedClock
) -> None:
    """The default language: the first-user rule names its flag (--role), a refusal names the action in Indonesian
    (the permission's phrase comes from the catalogue too), and result lines speak Indonesian."""
    monkeypatch.setenv("VIDEOTRON_LANGUAGE", "id")
    assert main(["--db", sqlite_url, "db", "upgrade"], clock=clock) == 0
    assert "berada pada revisi" in capsys.readouterr().out
    assert main(["--db", sqlite_url, "user", "add", "budi", "--role", "operator", "--random"], clock=clock) == 2
    err = capsys.readouterr().err
    assert "catatan: belum ada pengguna: buat admin pertama dengan" in err
    assert (
        "\nvideotron: kesalahan: --role: pengguna pertama harus admin (agar ada yang dapat mengelola pengguna)" in err
    )
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "rahasia-admin")
    assert main(["--db", sqlite_url, "user", "add", "admin", "--role", "admin"], clock=clock) == 0
    assert "pengguna admin (admin) ditambahkan" in capsys.readouterr().out
    monkeypatch.setenv("VIDEOTRON_NEW_PASSWORD", "rahasia-budi")
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-admin")
    assert main(["--db", sqlite_url, "--user", "admin", "user", "add", "budi", "--role", "operator"], clock=clock) == 0
    monkeypatch.setenv("VIDEOTRON_PASSWORD", "rahasia-budi")
    assert main(["--db", sqlite_url, "--user", "budi", "user", "disable", "admin"], clock=clock) == 2
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith(
            "pengguna 'budi' (operator) tidak boleh menambah, mengubah, atau menonaktifkan pengguna (user.manage); "
            "peran yang boleh: admin"
        )
    )
    assert main(["--db", sqlite_url, "user", "roles"], clock=clock) == 0
    assert "hanya membaca" in capsys.readouterr().out
    with make_session_factory(make_engine(sqlite_url))() as s:
        assert s.scalar(select(AuditEntry.at).where(AuditEntry.action == "user.add").limit(1)) == clock.now()
