"""Schema migrations with Alembic: upgrade (SQLite file copied aside first) and the 'newer than I know' check."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from videotron.core.errors import VideotronError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent.parent / "migrations"


class SchemaError(VideotronError):
    """The database schema is not the one this program knows."""


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def known_heads(engine: Engine) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def known_revisions(engine: Engine) -> set[str]:
    script = ScriptDirectory.from_config(alembic_config(engine))
    return {rev.revision for rev in script.walk_revisions()}


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def check_not_newer(engine: Engine) -> None:
    unknown = current_revisions(engine) - known_revisions(engine)
    if unknown:
        raise SchemaError("schema.newer", "database schema revision {revisions:list} is newer than this videotron "
                          "knows; upgrade videotron before using this database", revisions=sorted(unknown))  # fmt: skip


def is_current(engine: Engine) -> bool:
    return current_revisions(engine) == known_heads(engine)


def ensure_current(engine: Engine) -> None:
    """Refuse a newer schema; refuse an older one with the command that fixes it."""
    check_not_newer(engine)
    if not is_current(engine):
        raise SchemaError("schema.older", "database schema is not up to date; run `videotron db upgrade` first")


def backup_sqlite(engine: Engine) -> Path | None:
    db = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not db or db == ":memory:":
        return None
    path = Path(db)
    if not path.exists() or path.stat().st_size == 0:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bak-{stamp}")
    part = path.with_name(f"{target.name}.part")
    # Through SQLite's backup API, so a WAL file's contents are included and the copy is consistent; into a
    # private file (0600: it holds password hashes) under a temporary name, renamed only once complete.
    import sqlite3

    try:
        os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        src = sqlite3.connect(str(path))
        try:
            dst = sqlite3.connect(str(part))
            with dst:
                src.backup(dst)
            dst.close()
        finally:
            src.close()
        os.replace(part, target)
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise SchemaError("db.backup_failed", "cannot copy the database to {path} before migrating, so it was not "
                          "migrated: {reason}", path=target, reason=reason) from exc  # fmt: skip
    log.info("copied %s to %s before migrating", path, target)
    return target


def _has_tables(engine: Engine) -> bool:
    from sqlalchemy import inspect

    return bool(inspect(engine).get_table_names())


def upgrade(engine: Engine, revision: str = "heads") -> Path | None:
    """Bring the schema to the newest revision. Returns the backup path (SQLite) if one was made."""
    check_not_newer(engine)
    if is_current(engine):
        return None
    backup = backup_sqlite(engine) if _has_tables(engine) else None
    command.upgrade(alembic_config(engine), revision)
    return backup
