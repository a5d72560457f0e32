"""Shared fixtures: an isolated data folder per test, a migrated database on SQLite or a real PostgreSQL."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.pgserver import PgServer
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade

_counter = itertools.count()


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data, log and config folders; nothing touches the real user folders."""
    data = tmp_path / "data"
    monkeypatch.setenv("VIDEOTRON_DATA_DIR", str(data))
    monkeypatch.setenv("VIDEOTRON_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setenv("VIDEOTRON_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.delenv("VIDEOTRON_DB", raising=False)
    # Tests read English messages unless they choose Indonesian (the default for users): see test_catalogue.py
    monkeypatch.setenv("VIDEOTRON_LANGUAGE", "en")
    return data


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = PgServer()
    server.init()
    server.start()
    yield server
    server.destroy()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'videotron.sqlite3'}"


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    return pg_server.create_database(f"t{os.getpid()}_{next(_counter)}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database URL; tests using it run once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    """A migrated SQLite database (the embedded default)."""
    eng = make_engine(sqlite_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def any_engine(db_url: str) -> Iterator[Engine]:
    """A migrated database, on SQLite and on PostgreSQL."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture(scope="session")
def media_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real generated media, made once per run: clips, an image, and broken files."""
    from videotron.demo.media import make_clip, make_image

    d = tmp_path_factory.mktemp("media")
    files = {
        "ad": make_clip(d / "iklan-toko-maju.mp4", "0x1565C0", 15, (160, 80), "TOKO MAJU"),
        "ad2": make_clip(d / "iklan-bank.mp4", "0x6A1B9A", 10, (160, 80), "BANK"),
        "psa": make_clip(d / "psa-pilkada.mp4", "0xC62828", 20, (160, 80), "PILKADA"),
        "logo": make_image(d / "logo.png", "0x2E7D32", (160, 80), "LOGO"),
    }
    whole = files["psa"].read_bytes()
    truncated = d / "truncated.mp4"
    truncated.write_bytes(whole[: len(whole) // 3])
    files["truncated"] = truncated
    text = d / "notes.mp4"
    text.write_text("this is a text file, not a video\n" * 20)
    files["text"] = text
    empty = d / "empty.mp4"
    empty.write_bytes(b"")
    files["empty"] = empty
    return files
