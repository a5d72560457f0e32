"""A full disk, a refused permission or a read-only file system ends in one clear line naming the path and exit 2,
with nothing half-written; an internal error's traceback goes to the log file only (issue #18, bounded input).

The errors are injected (monkeypatch) everywhere, and made real with a 1 MiB tmpfs where the tests run as root.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from playlists.media import store as store_module
from playlists.models import Media
from tests.test_setup_load import SETUP
from videotron.cli import main
from videotron.core import migrate
from videotron.core.db import make_engine, make_session_factory

DISK_FULL = OSError(errno.ENOSPC, "No space left on device")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def media_rows(url: str) -> int:
    with make_session_factory(make_engine(url))() as s:
        return s.scalar(select(func.count()).select_from(Media)) or 0


def incoming(data: Path) -> list[Path]:
    return list((data / "media").glob(".incoming-*")) if (data / "media").exists() else []


@pytest.fixture
def db(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "--db", sqlite_url, "db", "upgrade")[0] == 0
    return sqlite_url


def _fail_fsync(fd: int) -> None:
    raise DISK_FULL


def test_media_add_on_a_full_disk_names_the_file_and_leaves_nothing(
    db: str, media_files: dict[str, Path], isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setattr(store_module.os, "fsync", _fail_fsync)
    code, _, err = run(capsys, "--db", db, "media", "add", str(media_files["psa"]), "--kind", "psa")
    assert code == 2
    assert f"cannot copy {media_files['psa']} into the media store" in err and "No space left on device" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2  # the message (and the bootstrap note)
    assert media_rows(db) == 0 and incoming(isolated_dirs) == []


def test_load_on_a_full_disk_writes_nothing(
    db: str, tmp_path: Path, media_files: dict[str, Path], isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    office = tmp_path / "office"
    (office / "media").mkdir(parents=True)
    for key, name in (("psa", "psa-pilkada.mp4"), ("logo", "logo.png"), ("ad", "iklan-toko-maju.mp4")):
        (office / "media" / name).write_bytes(media_files[key].read_bytes())
    (office / "setup.toml").write_text(SETUP, encoding="utf-8")
    monkeypatch.setattr(store_module.os, "fsync", _fail_fsync)
    code, _, err = run(capsys, "--db", db, "load", str(office / "setup.toml"))
    assert code == 2 and "No space left on device" in err and "media store" in err
    assert media_rows(db) == 0 and incoming(isolated_dirs) == []


@pytest.mark.parametrize("error", [errno.EACCES, errno.EROFS, errno.ENOSPC])
def test_any_refused_file_operation_is_exit_2_naming_the_path(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error: int
) -> None:
    def refuse(*_args: object) -> list[Path]:
        raise OSError(error, os.strerror(error), "/srv/videotron/somewhere")

    monkeypatch.setattr("videotron.cli.cmd_db.exposed_files", refuse)
    code, _, err = run(capsys, "--db", db, "db", "status")
    assert code == 2
    assert (
        err.strip().splitlines()[-1] == f"videotron: error: cannot use /srv/videotron/somewhere: {os.strerror(error)}"
    )


def _old_database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine, "0009_tariff_units")
    engine.dispose()
    return url


def test_a_backup_that_cannot_be_written_stops_the_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _old_database(tmp_path)
    real = os.replace

    def full(src: object, dst: object) -> None:  # the copy was made, then the disk filled up
        if ".bak-" in str(dst):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", full)
    code, _, err = run(capsys, "--db", url, "db", "upgrade")
    monkeypatch.setattr(os, "replace", real)
    assert code == 2 and "so it was not migrated: No space left on device" in err
    assert [p.name for p in tmp_path.iterdir() if ".bak-" in p.name] == []  # no half backup, not even a .part
    assert migrate.current_revisions(create_engine(url)) == {"0009_tariff_units"}


def test_an_internal_error_prints_one_line_naming_the_log_file(tmp_path: Path) -> None:
    script = (
        "import sys, videotron.cli.cmd_db as m\n"
        "m.cmd_status = lambda args, ctx: 1 / 0\n"
        "from videotron.cli import main\n"
        "sys.exit(main(['--db', sys.argv[1], 'db', 'status']))\n"
    )
    res = subprocess.run([sys.executable, "-c", script, f"sqlite:///{tmp_path / 'x.sqlite3'}"], capture_output=True,
                         text=True, timeout=60, env=os.environ.copy())  # fmt: skip
    log = tmp_path / "log" / "videotron.log"
    assert res.returncode == 1
    assert res.stderr.strip().splitlines() == [
        f"videotron: internal error; the details are in {log} (run with --verbose to see them here)"
    ]
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB file system (tmpfs), where the tests may mount one (root)."""
    where = tmp_path / "tiny"
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)],
                                           capture_output=True, check=False).returncode != 0:  # fmt: skip
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_media_add_on_a_really_full_disk(
    tiny_disk: Path, db: str, media_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("VIDEOTRON_DATA_DIR", str(tiny_disk))
    (tiny_disk / "fill").write_bytes(b"\0" * (1024 * 1024 - 8 * 1024))  # leaves less than the clip's size
    assert media_files["psa"].stat().st_size > 16 * 1024
    code, _, err = run(capsys, "--db", db, "media", "add", str(media_files["psa"]), "--kind", "psa")
    assert code == 2 and "No space left on device" in err and str(tiny_disk / "media") in err
    assert media_rows(db) == 0 and incoming(tiny_disk) == []


def test_a_document_on_a_full_disk_leaves_no_half_pdf(tmp_path: Path) -> None:
    from billing.output import write_file
    from videotron.core.errors import VideotronError

    def half_then_full(part: Path) -> None:
        part.write_bytes(b"%PDF-1.4 half")
        raise DISK_FULL

    with pytest.raises(VideotronError) as err:
        write_file(tmp_path / "skrd.pdf", half_then_full, suffix=".pdf")
    assert f"cannot write {tmp_path / 'skrd.pdf'}: No space left on device" in str(err.value)
    assert [p.name for p in tmp_path.iterdir() if p.name != "config"] == []  # the test office's config folder only
