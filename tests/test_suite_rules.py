"""Rules of the suite itself: every test that runs the real player on an X server measures it against the wall clock,
so it is marked `timing`: those run one at a time at normal priority (scripts/test.sh runs the rest beside them, on
every core, at nice 19)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def test_every_test_on_a_real_x_server_is_marked_timing() -> None:
    texts = {
        p.name: p.read_text(encoding="utf-8") for p in sorted(HERE.glob("test_*.py")) if p.name != Path(__file__).name
    }
    on_x = [n for n, t in texts.items() if "virtual_display" in t or "from tests.test_player_e2e import" in t]
    assert len(on_x) >= 7
    assert [n for n in on_x if "pytest.mark.timing" not in texts[n]] == []
