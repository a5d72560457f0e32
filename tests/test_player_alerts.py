"""Alerts in the player without a real screen: the sequencer's records under an alert (fake backend), and the
controller noticing, showing and ending alerts from a real SQLite database under Qt's offscreen platform."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtGui import QColor, QImage

from player.alerts import AlertController, load_still
from player.fake_backend import FakeBackend
from player.sequencer import PlayRecord, Sequencer
from player.window import ScreenWindow
from playlists.makegoods import ALERT_REASON
from tests.schedule_data import seed_screen
from tests.test_player_sequencer import T0, Rig, make_plan
from videotron.alerts.service import AlertView, start_alert, stop_alert
from videotron.core.clock import FixedClock
from videotron.core.db import make_session_factory


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["videotron-test", "-platform", "offscreen"]


# ---- the sequencer under an alert (plain Python) ----------------------------------------------------------------
def outcomes(records: list[PlayRecord]) -> list[tuple[str, str, str]]:
    return [(r.media, r.outcome, r.reason) for r in sorted(records, key=lambda r: r.planned_start)]


def test_every_item_an_alert_covers_is_skipped_alert_and_the_plan_resumes_at_the_clock() -> None:
    # GIVEN items a..e of 10 s each, a played whole and b on air
    rig = Rig(make_plan(["a", "b", "c", "d", "e"]), T0 - timedelta(seconds=1))
    rig.run_until(T0 + timedelta(seconds=13))
    # WHEN an alert covers the screen from 13 s (cutting b) to 34 s (inside d)
    rig.seq.suppress(True)
    rig.run_until(T0 + timedelta(seconds=34))
    # THEN underneath the sequencer kept following the clock
    assert rig.backend.on_air_media == "d"
    rig.seq.suppress(False)
    rig.seq.realign("alert ended")
    rig.run_until(T0 + timedelta(seconds=45))
    assert rig.backend.on_air_media == "e" and rig.backend.taken() == ["a", "b", "c", "d", "e"]
    # AND b (cut), c (under it) and d (on air when it ended) owe a make-good; a and e were seen whole
    rig.seq.stop()
    assert outcomes(rig.records)[:4] == [("a", "played", ""), ("b", "skipped", ALERT_REASON),
                                         ("c", "skipped", ALERT_REASON), ("d", "skipped", ALERT_REASON)]  # fmt: skip
    assert not any(r.outcome == "played" and r.media in "bcd" for r in rig.records)


def test_a_failure_under_an_alert_stays_a_failure() -> None:
    rig = Rig(make_plan(["a", "broken", "c"]), T0 - timedelta(seconds=1), broken={"broken": "not decodable"})
    rig.seq.suppress(True)
    rig.run_until(T0 + timedelta(seconds=25))
    assert ("broken", "failed", "not decodable") in outcomes(rig.records)
    assert ("a", "skipped", ALERT_REASON) in outcomes(rig.records)


# ---- the controller (offscreen Qt, real SQLite) ------------------------------------------------------------------
class Player:
    def __init__(self, qtbot, sessions: sessionmaker[Session], clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
        self.window = ScreenWindow((384, 192, 0, 0))
        qtbot.addWidget(self.window)
        self.seq = Sequencer(make_plan(["a", "b"]), FakeBackend(), clock, lambda _r: None)
        self.realigned: list[str] = []
        self.seq.realign = self.realigned.append  # type: ignore[method-assign]
        self.pokes = 0
        self.alerts = AlertController("yamin", self.window, self.seq, self.poke, clock, sessions, "Asia/Jakarta")
        self.window.open()

    def poke(self) -> None:
        self.pokes += 1


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC).replace(microsecond=0))


def test_an_alert_started_elsewhere_covers_the_screen_within_the_poll_and_ends_with_a_realign(
    qtbot,  # type: ignore[no-untyped-def]
    any_engine: Engine,
    clock: FixedClock,
) -> None:
    """On SQLite the 500 ms version poll notices; on PostgreSQL the LISTEN thread (the poll does not run there)."""
    sessions = make_session_factory(any_engine)
    with sessions.begin() as s:
        seed_screen(s, "yamin")
        seed_screen(s, "smk1")
    p = Player(qtbot, sessions, clock)
    p.alerts.start()
    try:
        qtbot.wait(700)  # a first read found nothing
        assert not p.alerts.overlay.isVisible() and not p.seq.suppressed
        assert p.alerts._poll.isActive() == (any_engine.dialect.name == "sqlite")
        with sessions.begin() as s:
            first = start_alert(s, message="Gempa Mag 5,6. Tetap tenang.", clock=clock, actor="bpbd", minutes=10).id
        qtbot.waitUntil(lambda: p.alerts.overlay.isVisible(), timeout=2000)
        assert p.alerts.overlay.alert_id == first and p.seq.suppressed
        assert p.alerts.overlay.geometry() == p.window.rect()
        assert p.window.grab().toImage().pixelColor(2, 2) == QColor("#B00000")
        with sessions.begin() as s:  # only for another screen: nothing changes here
            start_alert(s, message="Sekolah dievakuasi", screen_ids=["smk1"], clock=clock, actor="bpbd", minutes=5)
        clock.advance(seconds=1)
        with sessions.begin() as s:  # a newer one for every screen replaces the text
            second = start_alert(s, message="Gempa susulan", title="GEMPA SUSULAN", clock=clock, actor="bpbd").id
        qtbot.waitUntil(lambda: p.alerts.overlay.alert_id == second, timeout=2000)
        with sessions.begin() as s:
            stop_alert(s, second, clock=clock, actor="bpbd")
        qtbot.waitUntil(lambda: p.alerts.overlay.alert_id == first, timeout=2000)  # the older one is still on
        assert p.realigned == [] and p.seq.suppressed
        with sessions.begin() as s:
            stop_alert(s, None, clock=clock, actor="bpbd")
        qtbot.waitUntil(lambda: not p.alerts.overlay.isVisible(), timeout=2000)
        assert not p.seq.suppressed and p.realigned == ["alert ended"] and p.pokes == 1
        assert p.alerts.overlay.alert_id is None
    finally:
        p.alerts.stop()


def test_cut_off_from_the_database_it_keeps_the_alert_until_its_own_end(
    qtbot,
    sessions: sessionmaker[Session],
    clock: FixedClock,  # type: ignore[no-untyped-def]
) -> None:
    with sessions.begin() as s:
        seed_screen(s, "yamin")
        start_alert(s, message="Awan panas Marapi", clock=clock, actor="bpbd", minutes=2)
    p = Player(qtbot, sessions, clock)
    p.alerts.start()
    try:
        qtbot.waitUntil(lambda: p.alerts.overlay.isVisible(), timeout=2000)

        def down() -> None:
            raise OSError("database unreachable")

        assert p.alerts._source is not None
        p.alerts._source.version_moved = down  # type: ignore[method-assign]
        p.alerts.request(force=True)
        qtbot.waitUntil(lambda: p.alerts.failing, timeout=2000)
        assert p.alerts.overlay.isVisible() and p.seq.suppressed  # the last state holds
        clock.advance(minutes=2)  # its end passes while the database is still unreachable
        p.alerts.apply()
        assert not p.alerts.overlay.isVisible() and not p.seq.suppressed and p.realigned == ["alert ended"]
    finally:
        p.alerts.stop()


def test_a_still_is_shown_only_when_its_bytes_match_the_checksum(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    path = tmp_path / "peta.png"
    image.save(str(path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    now = datetime.now(UTC)

    def view(sha: str | None, is_image: bool = True) -> AlertView:
        return AlertView(1, "T", "M", now, now + timedelta(minutes=1), "peta", str(path), sha, is_image)

    good = load_still(view(digest))
    assert good is not None and good.size() == image.size()
    assert load_still(view("0" * 64)) is None
    assert load_still(view(digest, is_image=False)) is None
    path.unlink()
    assert load_still(view(digest)) is None
