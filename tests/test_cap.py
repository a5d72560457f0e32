"""CAP 1.2 messages (real-shaped BMKG samples in tests/data/cap): a valid warning starts an alert in Indonesian,
expired / malformed / wrong namespace / exercise / DOCTYPE messages are refused with the reason, Cancel stops it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.schedule_data import seed_screen
from videotron.alerts.cap import apply_cap, parse_cap
from videotron.alerts.service import active_alerts
from videotron.alerts.xmlsafe import FeedRefused
from videotron.cli import main
from videotron.core.clock import FixedClock
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import upgrade

DATA = Path(__file__).parent / "data" / "cap"
NOW = datetime(2026, 3, 14, 7, 6, 30, tzinfo=UTC)  # 14:06:30 WIB, just after the quake


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_valid_warning_prefers_the_indonesian_info() -> None:
    msg = parse_cap(read("gempa_tsunami_valid.xml"))
    assert (msg.status, msg.msg_type, msg.severity, msg.language) == ("Actual", "Alert", "Extreme", "id-ID")
    assert msg.headline == "Peringatan Dini Tsunami: Gempa Mag 7,1 Sumatera Barat"
    assert msg.area == "Pantai Barat Sumatera Barat; Kota Pariaman; Kota Padang"
    assert msg.expires == datetime(2026, 3, 14, 9, 5, 12, tzinfo=UTC)
    assert msg.ref == "inatews@bmkg.go.id,bmkg-20260314140512-SUMBAR"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed.xml", "malformed XML: mismatched tag"),
        ("wrong_namespace.xml", "'urn:oasis:names:tc:emergency:cap:1.1' is not supported"),
        ("entity.xml", "declares a DOCTYPE or entities"),
    ],
)
def test_unreadable_messages_are_refused(name: str, reason: str) -> None:
    with pytest.raises(FeedRefused, match=reason):
        parse_cap(read(name), name)


def test_missing_required_elements_are_named() -> None:
    data = read("gempa_tsunami_valid.xml").replace(b"<scope>Public</scope>", b"").replace(b"<sent>", b"<sentx>")
    data = data.replace(b"</sent>", b"</sentx>")
    with pytest.raises(FeedRefused, match=r"missing <sent>, <scope>"):
        parse_cap(data)


def _db(tmp_path: Path) -> tuple[str, sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'cap.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    with sessions.begin() as s:
        seed_screen(s, "yamin")
    return url, sessions


def test_alert_then_duplicate_then_cancel(tmp_path: Path, clock: FixedClock) -> None:
    _url, sessions = _db(tmp_path)
    clock.set(NOW)
    with sessions.begin() as s:
        first = apply_cap(s, parse_cap(read("gempa_tsunami_valid.xml")), clock=clock, actor="watch")
        assert first.started is not None
        again = apply_cap(s, parse_cap(read("gempa_tsunami_valid.xml")), clock=clock, actor="watch")
        assert again.duplicate is not None and again.started is None
    with sessions() as s:
        [view] = active_alerts(s, "yamin", NOW)
        assert view.title.startswith("Peringatan Dini Tsunami")
        assert "Segera menjauhi pantai" in view.message and view.severity == "Extreme"
        assert view.ends_at == datetime(2026, 3, 14, 9, 5, 12, tzinfo=UTC)  # the message's <expires>
    clock.advance(minutes=25)
    with sessions.begin() as s:
        cancel = apply_cap(s, parse_cap(read("cancel.xml")), clock=clock, actor="watch")
        assert [a.id for a in cancel.stopped] == [first.started.id] and cancel.started is None
    with sessions() as s:
        assert active_alerts(s, "yamin", clock.now()) == []


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("expired.xml", "expired at 2026-03-01T10:00:00\\+07:00"),
        ("exercise.xml", "status 'Exercise' is not an actual alert"),
    ],
)
def test_expired_and_exercise_messages_start_nothing(tmp_path: Path, clock: FixedClock, name: str, reason: str) -> None:
    _url, sessions = _db(tmp_path)
    clock.set(NOW)
    with pytest.raises(FeedRefused, match=reason), sessions.begin() as s:
        apply_cap(s, parse_cap(read(name)), clock=clock, actor="watch")
    with sessions() as s:
        assert active_alerts(s, "yamin", NOW) == []


def test_cli_cap(tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: FixedClock) -> None:
    url, _sessions = _db(tmp_path)
    clock.set(NOW)

    def cap(file: Path) -> int:
        return main(["--db", url, "alert", "cap", str(file)], clock=clock)

    assert cap(DATA / "gempa_tsunami_valid.xml") == 0
    assert "started alert 1 until 14-03-2026 16:05 WIB" in capsys.readouterr().out
    assert cap(DATA / "expired.xml") == 2
    assert "expired at" in capsys.readouterr().err
    assert cap(DATA / "malformed.xml") == 2
    assert "malformed XML" in capsys.readouterr().err
    assert cap(tmp_path / "missing.xml") == 2
    assert cap(DATA / "cancel.xml") == 0
    assert "stopped alert 1" in capsys.readouterr().out


def _injected(encoding: str) -> bytes:
    """The valid warning with an internal entity declared and used in its headline, in `encoding`."""
    text = read("gempa_tsunami_valid.xml").decode("utf-8").split("?>", 1)[1]
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE alert [<!ENTITY inj "EVAKUASI PALSU">]>'
    text = head + text.replace("<headline>Peringatan Dini Tsunami", "<headline>&inj; Peringatan Dini Tsunami", 1)
    return text.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "iso-8859-1"])
def test_an_entity_is_refused_whatever_the_encoding(encoding: str) -> None:
    """Found by an attacker's probe: a UTF-16 file got `<!ENTITY inj ...>` past a byte pattern into the headline.
    Without a byte order mark, UTF-16 is refused for its encoding before any entity is read."""
    with pytest.raises(FeedRefused, match=r"declares a DOCTYPE or entities|encoding cannot be read"):
        parse_cap(_injected(encoding), f"inj-{encoding}.xml")


@pytest.mark.parametrize(
    "dtd",
    [
        '<!DOCTYPE alert SYSTEM "file:///etc/passwd">',
        '<!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE alert [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>',
        "<!DOCTYPE alert>",
    ],
)
def test_external_references_and_bare_doctypes_are_refused(dtd: str) -> None:
    body = read("gempa_tsunami_valid.xml").decode("utf-8").split("?>", 1)[1]
    with pytest.raises(FeedRefused, match="declares a DOCTYPE or entities"):
        parse_cap(('<?xml version="1.0" encoding="utf-16"?>' + dtd + body).encode("utf-16"), "ext.xml")


def test_a_utf16_message_without_entities_is_read() -> None:
    body = read("gempa_tsunami_valid.xml").decode("utf-8").split("?>", 1)[1]
    msg = parse_cap(('<?xml version="1.0" encoding="utf-16"?>' + body).encode("utf-16"))
    assert msg.headline == "Peringatan Dini Tsunami: Gempa Mag 7,1 Sumatera Barat"


def test_a_huge_cap_file_is_refused_without_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import time

    url, _sessions = _db(tmp_path)
    big = tmp_path / "big.xml"
    big.write_bytes(read("gempa_tsunami_valid.xml"))
    subprocess.run(["truncate", "-s", "2G", str(big)], check=True)
    started = time.perf_counter()
    assert main(["--db", url, "alert", "cap", str(big)]) == 2
    assert time.perf_counter() - started < 5
    assert "an alert message is at most 1000000 bytes" in capsys.readouterr().err
