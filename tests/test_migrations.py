"""Migrations run up on SQLite and a real PostgreSQL; the models and migrations agree; newer schemas refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from videotron.cli import main
from videotron.core.db import make_engine
from videotron.core.migrate import SchemaError, current_revisions, ensure_current, known_heads, upgrade
from videotron.schema import load_models


def test_upgrade_creates_every_table(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"screen", "media", "booking", "play_log", "audit_entry"} <= tables
    assert current_revisions(engine) == known_heads(engine)
    # Models and migrations describe the same schema: autogenerate finds nothing to add.
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), load_models())
    assert diff == []
    engine.dispose()


def test_upgrade_twice_is_a_no_op(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    assert upgrade(engine) is None


def test_newer_schema_is_refused(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.begin() as conn:
        # One row per head (the graph may have several): replace them all by a revision from the future.
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('ffff_from_the_future')"))
    with pytest.raises(SchemaError, match="newer than this videotron knows"):
        ensure_current(engine)
    with pytest.raises(SchemaError, match="newer"):
        upgrade(engine)
    engine.dispose()


def test_cli_refuses_newer_schema_with_exit_2(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", sqlite_url, "db", "upgrade"]) == 0
    engine = make_engine(sqlite_url)
    with engine.begin() as conn:
        # One row per head (the graph may have several): replace them all by a revision from the future.
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('ffff_from_the_future')"))
    engine.dispose()
    assert main(["--db", sqlite_url, "db", "status"]) == 2
    assert "newer than this videotron knows" in capsys.readouterr().err


def test_sqlite_copied_aside_before_migration(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE kept (x INTEGER)"))
        conn.execute(text("INSERT INTO kept VALUES (42)"))
    backup = upgrade(engine)
    assert backup is not None and backup.exists()
    copy = make_engine(f"sqlite:///{backup}")
    with copy.connect() as conn:
        assert conn.execute(text("SELECT x FROM kept")).scalar() == 42
    assert "alembic_version" not in inspect(copy).get_table_names()
    copy.dispose()
    engine.dispose()


def test_sqlite_pragmas(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
