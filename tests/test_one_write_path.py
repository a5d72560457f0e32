"""One write path per entity: a booking is judged by the same rules — the same code, the same field — whether it
comes from the setup file, `videotron booking add` or `save_booking` itself; the audit trail speaks one vocabulary
on every path; reloading what is already there writes nothing; and the rules read in Indonesian by default."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from billing.booking_desk import BookingDraft, enter_booking
from playlists.advertisers import AdvertiserFields, save_advertiser
from playlists.bookings import BookingFields, save_booking
from playlists.psa_playlists import DaypartFields, PlaylistFields, save_daypart, save_playlist
from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from tests.schedule_data import seed_screen
from videotron.cli import main
from videotron.core.audit import AuditEntry
from videotron.core.clock import FixedClock
from videotron.core.errors import CapacityError, Problem, ValidationError
from videotron.core.i18n import render, render_error

CLOCK = FixedClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
GOOD = {"id": "BK/2026/001", "plays_per_day": 10, "band": "18:00-21:00", "media": "iklan-toko-maju"}
FLAGS = {"id": "--id", "plays_per_day": "--plays-per-day", "band": "--band", "media": "--media"}
# Each bad booking, and the one rule (code and field) every path must refuse it by.
BAD = [
    ({"id": "BK 2026 001"}, "booking.id", "id"),
    ({"plays_per_day": 20_001}, "field.above_maximum", "plays_per_day"),
    ({"band": "21:00-02:00"}, "band.crosses_midnight", "band"),
    ({"media": "psa-kb"}, "booking.media_not_ad", "media"),
]


@pytest.fixture
def url(engine: Engine) -> str:
    with sessionmaker(engine).begin() as s:
        seed_screen(s)
    return engine.url.render_as_string(hide_password=False)


def terms(**change: object) -> BookingFields:
    v = GOOD | change
    return BookingFields(str(v["id"]), "toko-maju", str(v["media"]), ["alun-alun"], "komersial",
                         int(v["plays_per_day"]), date(2026, 12, 1), date(2026, 12, 31), str(v["band"]))  # type: ignore[call-overload]  # fmt: skip


def setup_text(t: BookingFields) -> str:
    return (f'[[booking]]\nid = "{t.booking_id}"\nadvertiser = "{t.advertiser_id}"\nmedia = "{t.media_id}"\n'
            f'screens = ["alun-alun"]\ncategory = "{t.category}"\nplays_per_day = {t.plays_per_day}\n'
            f'start = {t.start_date}\nend = {t.end_date}\nband = "{t.band}"\n')  # fmt: skip


def cli(url: str, t: BookingFields) -> list[str]:
    return ["--db", url, "booking", "add", "--id", t.booking_id, "--advertiser", t.advertiser_id, "--media",
            t.media_id, "--screens", "alun-alun", "--category", t.category, "--plays-per-day", str(t.plays_per_day),
            "--start", str(t.start_date), "--end", str(t.end_date), "--band", str(t.band)]  # fmt: skip


def load(sessions: sessionmaker[Session], path: Path) -> None:
    with sessions.begin() as s:
        apply_setup(s, parse_setup(path), actor="operator", clock=CLOCK)


@pytest.mark.parametrize(("change", "code", "field"), BAD)
def test_the_same_bad_booking_is_refused_by_the_same_rule_on_every_path(
    url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    change: dict[str, object], code: str, field: str,
) -> None:  # fmt: skip
    sessions = sessionmaker(engine)
    bad = terms(**change)
    # GIVEN save_booking itself
    with pytest.raises(ValidationError) as direct, sessions.begin() as s:
        save_booking(s, bad, actor="operator", clock=CLOCK, new=True)
    (rule,) = [(p.code, p.field) for p in direct.value.problems]
    assert rule == (code, field)
    # THEN the setup file refuses it by the same rule, at the line of that field
    path = tmp_path / "setup.toml"
    text = setup_text(bad)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as from_file:
        load(sessions, path)
    (placed,) = from_file.value.problems
    assert (placed.code, placed.field) == rule
    assert placed.where is not None and placed.where.line == next(
        n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{field} =")
    )
    # AND `videotron booking add` says the same, naming the field by its flag
    capsys.readouterr()
    assert main(cli(url, bad)) == 2
    assert render(direct.value.problems[0], "en", FLAGS.get) in capsys.readouterr().err
    with sessions() as s:
        assert s.scalars(select(AuditEntry)).all() == []  # nothing written on any path


def test_an_office_booking_number_is_welcome_on_every_path(url: str, engine: Engine, tmp_path: Path) -> None:
    sessions = sessionmaker(engine)
    with sessions.begin() as s:
        assert save_booking(s, terms(), actor="operator", clock=CLOCK, new=True).change == "create"
    assert main(cli(url, terms(id="BK/2026/002"))) == 0
    path = tmp_path / "setup.toml"
    path.write_text(setup_text(terms(id="BK/2026/003")), encoding="utf-8")
    load(sessions, path)
    with sessions() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "booking")).all()
    assert actions == ["booking.create"] * 3  # one vocabulary, whichever path wrote it


def test_one_audit_vocabulary_and_nothing_written_twice(engine: Engine, tmp_path: Path) -> None:
    sessions = sessionmaker(engine)
    with sessions.begin() as s:
        seed_screen(s)
    # GIVEN records entered at the desk
    with sessions.begin() as s:
        save_advertiser(s, AdvertiserFields("warung-ani", "Warung Ani"), actor="op", clock=CLOCK)
        save_playlist(s, PlaylistFields("pagi", "Pagi", ["psa-kb"]), actor="op", clock=CLOCK)
        save_daypart(s, DaypartFields("alun-alun", "pagi", "06:00", "09:00", id="pagi"), actor="op", clock=CLOCK)
    enter_booking(sessions, BookingDraft(**vars(terms())), actor="op", clock=CLOCK)
    # WHEN a setup file says the same (the booking and advertiser unchanged), then changes the booking
    path = tmp_path / "setup.toml"
    same = setup_text(terms()) + '[[advertiser]]\nid = "warung-ani"\nname = "Warung Ani"\n'
    same += '[[daypart]]\nid = "pagi"\nscreen = "alun-alun"\nplaylist = "pagi"\nstart = "06:00"\nend = "09:00"\n'
    path.write_text(same, encoding="utf-8")
    with sessions() as s:
        before = len(s.scalars(select(AuditEntry)).all())
    load(sessions, path)
    with sessions() as s:
        assert len(s.scalars(select(AuditEntry)).all()) == before  # no audit entry: nothing changed
    path.write_text(same.replace("plays_per_day = 10", "plays_per_day = 12"), encoding="utf-8")
    load(sessions, path)
    # THEN every path wrote <entity>.create / <entity>.update
    with sessions() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
    assert actions == ["advertiser.create", "playlist.create", "daypart.create", "booking.create", "booking.update"]


def test_the_rules_read_in_indonesian_naming_field_flag_and_file_line(
    url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = sessionmaker(engine)
    with pytest.raises(ValidationError) as info, sessions.begin() as s:
        save_booking(s, terms(plays_per_day=20_001, band="21:00-02:00"), actor="op", clock=CLOCK)
    assert render_error(info.value, "id", {"plays_per_day": "Tayangan per hari"}.get).splitlines()[1:] == [
        "  - Tayangan per hari: paling banyak 20000, tertulis 20001",
        "  - band: '21:00-02:00' melewati tengah malam atau kosong; jam tayang harus berada dalam satu hari (rentang "
        "yang melewati tengah malam tidak didukung: pecah menjadi dua, mis. 22:00-24:00 dan 00:00-02:00)",
    ]
    monkeypatch.setenv("VIDEOTRON_LANGUAGE", "id")
    assert main(cli(url, terms(plays_per_day=20_001))) == 2
    assert "--plays-per-day: paling banyak 20000, tertulis 20001" in capsys.readouterr().err
    path = tmp_path / "setup.toml"
    path.write_text(setup_text(terms(id="BK 1")), encoding="utf-8")
    assert main(["--db", url, "load", str(path)]) == 2
    assert (f"{path}:2: [[booking]] ke-1 kolom 'id': 'BK 1' tidak dapat dipakai sebagai nomor pemesanan (huruf, "
            "angka, . _ / -)") in capsys.readouterr().err  # fmt: skip


def test_a_capacity_refusal_keeps_its_facts_as_parameters(url: str, engine: Engine) -> None:
    sessions = sessionmaker(engine)
    with pytest.raises(CapacityError) as info, sessions.begin() as s:
        save_booking(s, terms(plays_per_day=5000), actor="op", clock=CLOCK)
    refusal: Problem = info.value.problems[0]
    assert refusal.code == "capacity.band_full"
    assert {k: refusal.params[k] for k in ("booking", "screen", "day", "band")} == {
        "booking": "BK/2026/001", "screen": "alun-alun", "day": date(2026, 12, 1), "band": "18:00-21:00"}  # fmt: skip
    assert 0 < refusal.params["fit"] < 5000
    assert render(refusal, "id").startswith("pemesanan BK/2026/001 tidak muat di layar alun-alun pada 2026-12-01, jam "
                                            "tayang 18:00-21:00: kapasitas iklan 7560 detik (70% dari setiap putaran "
                                            "300 detik)")  # fmt: skip
