"""Shared fixtures: an isolated data folder per test, a migrated database on SQLite or a real PostgreSQL, the one
clock a test's program reads, the application context a composition root would build, and the operator app's
window on the offscreen Qt platform (one QApplication per run)."""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.office import TEST_CONFIG, write_office_config
from tests.pgserver import PgServer
from videotron.core.clock import FixedClock
from videotron.core.config import Config
from videotron.core.context import AppContext
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade

_counter = itertools.count()
T0 = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 09:00 WIB on Tuesday 10 March 2026


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data, log and config folders; nothing touches the real user folders. The config
    folder holds the test office's configuration (`tests.office`): an office's identity has no default."""
    data = tmp_path / "data"
    monkeypatch.setenv("VIDEOTRON_DATA_DIR", str(data))
    monkeypatch.setenv("VIDEOTRON_DEMO_DIR", str(tmp_path / "demo-home"))  # the demo's own folder
    monkeypatch.setenv("VIDEOTRON_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setenv("VIDEOTRON_CONFIG", str(write_office_config(tmp_path / "config" / "config.toml")))
    monkeypatch.delenv("VIDEOTRON_DB", raising=False)
    # Tests read English messages unless they choose Indonesian (the default for users): see test_catalogue.py
    monkeypatch.setenv("VIDEOTRON_LANGUAGE", "en")
    return data


@pytest.fixture
def airing_booked(isolated_dirs: Path) -> Path:
    """The office's airing gate set to "booked" (every booking airs, SKRD or not) in the configuration file the CLI
    reads: for tests of scheduling itself, with no tariff to assess by. Billing's tests issue the SKRD instead."""
    return write_office_config(Path(os.environ["VIDEOTRON_CONFIG"]), top='airing = "booked"\n')


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


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite database migrated to the newest revision, copied for each test that needs a migrated one (the
    migrations themselves are tested in tests/test_migrations.py)."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    eng = make_engine(f"sqlite:///{path}")
    upgrade(eng)
    eng.dispose()
    return path


@pytest.fixture(scope="session")
def migrated_pg(pg_server: PgServer) -> str:
    """The PostgreSQL twin of `migrated_sqlite`: a migrated database used as the template of each test's own."""
    name = f"template_{os.getpid()}"
    eng = make_engine(pg_server.create_database(name))
    upgrade(eng)
    eng.dispose()
    return name


def _migrated(url: str, request: pytest.FixtureRequest) -> Engine:
    """An engine on `url`, a fresh database: filled from the migrated template of its kind (upgrade then finds it
    current), as if each test had run every migration itself."""
    if url.startswith("sqlite"):
        template = sqlite3.connect(request.getfixturevalue("migrated_sqlite"))
        eng = make_engine(url)  # creates the file privately (0600)
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as target:
            template.backup(target)
        template.close()
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        name = url.rsplit("/", 1)[1]
        _drop(server, name)  # the empty database made for the url goes; its migrated copy comes under the same name
        eng = make_engine(server.create_database(name, template=request.getfixturevalue("migrated_pg")))
    upgrade(eng)
    return eng


def _drop(server: PgServer, name: str) -> None:
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={server.port} user={server.user} dbname=postgres",
                         autocommit=True) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE "{name}"')


@pytest.fixture
def engine(sqlite_url: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated SQLite database (the embedded default)."""
    eng = _migrated(sqlite_url, request)
    yield eng
    eng.dispose()


@pytest.fixture
def any_engine(db_url: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated database, on SQLite and on PostgreSQL."""
    eng = _migrated(db_url, request)
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def clock() -> FixedClock:
    """The time the program under test reads: T0 until the test moves it (`clock.set(...)`, `clock.advance(...)`)."""
    return FixedClock(T0)


@pytest.fixture
def app_context(sqlite_url: str, engine: Engine, clock: FixedClock) -> Iterator[Callable[..., AppContext]]:
    """`app_context(actor, language=None, config=None)`: the context a composition root builds, on the test's
    migrated SQLite database and clock, acting as `actor` (logged in); the language is $VIDEOTRON_LANGUAGE (English)
    unless one is chosen."""
    made: list[AppContext] = []

    def make(actor: str = "operator", *, language: str | None = None, config: Config | None = None) -> AppContext:
        ctx = AppContext(clock, db_url=sqlite_url, config=config or TEST_CONFIG, user=actor, language=language)
        made.append(ctx.act_as(actor))
        return ctx

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def demo_office(sessions: sessionmaker[Session], clock: FixedClock, tmp_path: Path) -> sessionmaker[Session]:
    """The demo office (screens, media approved, two bookings) with its tariff, on 1 December 2026 09:00 WIB."""
    from datetime import date

    from billing.tariff_file import read_tariff
    from billing.tariffs import import_tariff
    from playlists.setup_file import parse_setup
    from playlists.setup_load import apply_setup
    from videotron.demo.office import write_demo_setup, write_demo_tariff

    clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    with sessions.begin() as s:
        setup = parse_setup(write_demo_setup(tmp_path / "office", date(2026, 12, 1), "640x320+0+0"))
        apply_setup(s, setup, actor="t", clock=clock)
        import_tariff(s, read_tariff(write_demo_tariff(tmp_path)), actor="t", clock=clock)
    return sessions


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    """pytest-qt's one QApplication per run, on the offscreen platform (no window appears, no X server needed)."""
    return ["videotron-test", "-platform", "offscreen"]


@pytest.fixture
def desk(qtbot: Any, app_context: Callable[..., AppContext], tmp_path: Path) -> Callable[..., Any]:
    """`desk(actor, language=None, config=None)`: the operator app's main window as the desk's composition root
    builds it, on `app_context`, with its own settings file; closed with the test."""
    from PySide6.QtCore import QSettings

    from videotron.gui.app import build_window

    def open_window(actor: str = "operator", *, language: str | None = None, config: Config | None = None) -> Any:
        settings = QSettings(str(tmp_path / f"desk-{actor}.ini"), QSettings.Format.IniFormat)
        window = build_window(app_context(actor, language=language, config=config), settings)
        qtbot.addWidget(window)
        return window

    return open_window


@pytest.fixture
def desk_tab(desk: Callable[..., Any]) -> Callable[..., Any]:
    """`desk_tab(title, actor, language=None)`: the desk's page `title` (its English title), shown."""

    def open_tab(title: str, actor: str = "operator", **kw: Any) -> Any:
        window = desk(actor, **kw)
        page = window.pages[title]
        window.tabs.setCurrentWidget(page)
        return page

    return open_tab


@pytest.fixture
def answer(qtbot: Any) -> Callable[[Any, str], None]:
    """`answer(question, text)`: answer a desk's question (a QInputDialog) like a user: type the text, or pick it
    from the choices, and press OK."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit

    def reply(question: Any, text: str) -> None:
        if question.comboBoxItems():
            combo = question.findChild(QComboBox)
            combo.setCurrentIndex(combo.findText(text))
        else:
            line = question.findChild(QLineEdit)
            line.selectAll()
            qtbot.keyClicks(line, text)
        ok = question.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    return reply


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
