"""The SQLite database (password hashes, money) and its backups are the owner's only: files 0600 in a 0700 folder
when videotron creates them; an existing file is left as it is and `db status` warns about it (issue #18)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.test_disk_errors import _old_database, run


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_folder_are_private(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "new" / "videotron"
    url = f"sqlite:///{folder / 'videotron.sqlite3'}"
    assert run(capsys, "--db", url, "db", "upgrade")[0] == 0
    assert mode(folder) == 0o700
    files = list(folder.iterdir())
    assert {p.name for p in files} >= {"videotron.sqlite3"}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}  # -wal and -shm too
    assert run(capsys, "--db", url, "db", "status")[2] == ""  # nothing to warn about


def test_the_default_data_folder_is_private(isolated_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "db", "upgrade")[0] == 0
    assert mode(isolated_dirs) == 0o700 and mode(isolated_dirs / "videotron.sqlite3") == 0o600


def test_the_backup_before_a_migration_is_private(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = _old_database(tmp_path)
    (tmp_path / "old.sqlite3").chmod(0o644)  # an old install's file: left as it is
    code, out, _ = run(capsys, "--db", url, "db", "upgrade")
    assert code == 0 and "previous database copied to" in out
    backups = list(tmp_path.glob("old.sqlite3.bak-*"))
    assert len(backups) == 1 and mode(backups[0]) == 0o600
    assert mode(tmp_path / "old.sqlite3") == 0o644


def test_db_status_warns_about_files_others_can_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "shared"
    url = f"sqlite:///{folder / 'videotron.sqlite3'}"
    assert run(capsys, "--db", url, "db", "upgrade")[0] == 0
    folder.chmod(0o755)
    (folder / "videotron.sqlite3").chmod(0o644)
    code, _, err = run(capsys, "--db", url, "db", "status")
    assert code == 0
    assert f"warning: {folder / 'videotron.sqlite3'} can be read by other users (mode 644)" in err
    assert "chmod 600 it" in err and f"warning: {folder} can be read by other users (mode 755)" in err


def test_a_shared_sticky_folder_is_not_to_be_closed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    url = f"sqlite:///{shared / 'videotron.sqlite3'}"
    assert run(capsys, "--db", url, "db", "upgrade")[0] == 0
    assert run(capsys, "--db", url, "db", "status")[2] == ""  # the file is 0600; /tmp-like folders stay as they are
