"""The play log's hash chain checked in the central database: rows edited, deleted or reordered behind the
program's back (on SQLite and PostgreSQL) are named by `videotron playlog verify`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from player.playlog import LocalPlayLog, push_pending
from tests.test_player_units import record
from videotron.cli import main
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade


@pytest.mark.parametrize(
    ("tamper", "names"),
    [
        (["UPDATE play_log SET outcome = 'played', reason = '' WHERE seq = 4"], "seq 4: content does not match"),
        (["DELETE FROM play_log WHERE seq = 2"], "seq 3: expected seq 2"),
        (
            [
                "UPDATE play_log SET seq = 99 WHERE seq = 2",
                "UPDATE play_log SET seq = 2 WHERE seq = 4",
                "UPDATE play_log SET seq = 4 WHERE seq = 99",
            ],
            "seq 2: prev_hash does not match",
        ),
    ],
)
def test_central_chain(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], tamper: list[str], names: str
) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    local = LocalPlayLog(tmp_path / "log.sqlite3")
    for n in range(5):
        local.append(record(n, "skipped" if n == 3 else "played"))
    assert push_pending(local, make_session_factory(engine)) == 5
    local.close()
    cli = ["--db", db_url, "playlog", "verify", "S1", "--log-file", str(tmp_path / "log.sqlite3")]
    assert main(cli) == 0
    out = capsys.readouterr().out
    assert "central: 5 record(s), chain intact" in out and "local: 5 record(s), chain intact" in out
    with engine.begin() as conn:
        for statement in tamper:
            conn.execute(text(statement))
    engine.dispose()
    assert main(cli) == 1
    out = capsys.readouterr().out
    assert f"S1 central {names}" in out and "central: " in out and "BROKEN" in out
    assert "local: 5 record(s), chain intact" in out  # the player's own copy still tells the true story
