"""`videotron load`: the declarative setup file — valid, every kind of error with line and field, all or nothing,
and idempotent reloads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from playlists.models import Booking, Daypart, Media, Playlist, Screen
from videotron.cli import main
from videotron.core.audit import AuditEntry
from videotron.core.db import make_engine, make_session_factory

SETUP = """\
[[screen]]
id = "alun-alun"
name = "Videotron Alun-Alun"
location = "Jl. M. Yamin, Padang Panjang"
zone = "A"
timezone = "Asia/Jakarta"
geometry = "384x192+0+0"
hours = "06:00-22:00"
loop_seconds = 300
psa_share = 0.30

[[media]]
id = "psa-pilkada"
file = "media/psa-pilkada.mp4"
kind = "psa"
[[media]]
id = "logo-kota"
file = "media/logo.png"
kind = "filler"
seconds = 10
[[media]]
id = "iklan-toko-maju"
file = "media/iklan-toko-maju.mp4"
kind = "ad"
approved_by = "Budiono, S.ST"

[[playlist]]
id = "psa-umum"
items = ["psa-pilkada", "logo-kota"]

[[daypart]]
screen = "alun-alun"
playlist = "psa-umum"
days = "mon-sun"
start = "06:00"
end = "22:00"
priority = 0

[[advertiser]]
id = "toko-maju"
name = "Toko Maju Jaya"
address = "Jl. Sudirman No. 1, Padang Panjang"
npwrd = "P.2.0001.12.07"

[[booking]]
id = "BK-2026-001"
advertiser = "toko-maju"
media = "iklan-toko-maju"
screens = ["alun-alun"]
category = "komersial"
plays_per_day = 48
start = 2026-12-01
end = 2026-12-31
band = "17:00-21:00"
"""


@pytest.fixture
def setup_dir(tmp_path: Path, media_files: dict[str, Path]) -> Path:
    d = tmp_path / "office"
    (d / "media").mkdir(parents=True)
    for key, name in (("psa", "psa-pilkada.mp4"), ("logo", "logo.png"), ("ad", "iklan-toko-maju.mp4"),
                      ("truncated", "rusak.mp4"), ("text", "catatan.mp4")):  # fmt: skip
        shutil.copy(media_files[key], d / "media" / name)
    (d / "setup.toml").write_text(SETUP, encoding="utf-8")
    return d


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with make_session_factory(engine)() as s:
        out = {m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
               for m in (Screen, Media, Playlist, Daypart, Booking, AuditEntry)}  # fmt: skip
    engine.dispose()
    return out


def load(url: str, path: Path) -> int:
    return main(["--db", url, "load", str(path)])


def test_valid_file_loads_everything(db_url: str, setup_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "db", "upgrade"]) == 0
    assert load(db_url, setup_dir / "setup.toml") == 0
    c = counts(db_url)
    assert (c["screen"], c["media"], c["playlist"], c["daypart"], c["booking"]) == (1, 3, 1, 1, 1)
    engine = make_engine(db_url)
    with Session(engine) as s:
        booking = s.get(Booking, "BK-2026-001")
        assert booking is not None and booking.screen_ids == ["alun-alun"] and booking.band == "17:00-21:00"
        assert s.get(Media, "iklan-toko-maju").approved_by == "Budiono, S.ST"  # type: ignore[union-attr]
        assert [i.media_id for i in s.get(Playlist, "psa-umum").items] == ["psa-pilkada", "logo-kota"]  # type: ignore[union-attr]
    engine.dispose()


def test_loading_twice_changes_nothing(sqlite_url: str, setup_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", sqlite_url, "db", "upgrade"])
    assert load(sqlite_url, setup_dir / "setup.toml") == 0
    first = counts(sqlite_url)
    capsys.readouterr()
    assert load(sqlite_url, setup_dir / "setup.toml") == 0
    assert "nothing changed" in capsys.readouterr().out
    assert counts(sqlite_url) == first  # not even an audit entry


def test_reload_with_a_change_updates_by_id(sqlite_url: str, setup_dir: Path) -> None:
    main(["--db", sqlite_url, "db", "upgrade"])
    load(sqlite_url, setup_dir / "setup.toml")
    path = setup_dir / "setup.toml"
    path.write_text(SETUP.replace('items = ["psa-pilkada", "logo-kota"]', 'items = ["logo-kota", "psa-pilkada"]')
                    .replace("plays_per_day = 48", "plays_per_day = 24"))  # fmt: skip
    assert load(sqlite_url, path) == 0
    engine = make_engine(sqlite_url)
    with Session(engine) as s:
        assert [i.media_id for i in s.get(Playlist, "psa-umum").items] == ["logo-kota", "psa-pilkada"]  # type: ignore[union-attr]
        assert s.get(Booking, "BK-2026-001").plays_per_day == 24  # type: ignore[union-attr]
    engine.dispose()


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    n = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            n += 1
            if n == occurrence:
                return number
    raise AssertionError(needle)


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "message"),
    [
        ('zone = "A"', 'zone = "A"\nzonee = "B"', "zonee", "zonee", "unknown field"),
        ("plays_per_day = 48", "plays_per_day = -5", "plays_per_day", "plays_per_day", "at least 1"),
        ("plays_per_day = 48", 'plays_per_day = "banyak"', "plays_per_day", "plays_per_day", "whole number"),
        ("end = 2026-12-31", "end = 2100-01-01", "end = 2100", "end", "after 2099-12-31"),
        ("end = 2026-12-31", "end = 2026-11-01", "end = 2026-11-01", "end", "before start"),
        ('band = "17:00-21:00"', 'band = "21:00-02:00"', "band =", "band", "across midnight"),
        ('band = "17:00-21:00"', 'band = "25:00-26:00"', "band =", "band", "not valid"),
        ('geometry = "384x192+0+0"', 'geometry = "big"', "geometry", "geometry", "not valid"),
        ('timezone = "Asia/Jakarta"', 'timezone = "Mars/Olympus"', "timezone", "timezone", "not a known time zone"),
        ("seconds = 10", "seconds = 9999999999999", "seconds = 9999", "seconds", "at most 3600"),
        ('file = "media/psa-pilkada.mp4"', 'file = "media/rusak.mp4"', "rusak.mp4", "file", "damaged or truncated"),
        ('file = "media/psa-pilkada.mp4"', 'file = "media/catatan.mp4"', "catatan", "file", "not a playable"),
        ('file = "media/psa-pilkada.mp4"', 'file = "media/hilang.mp4"', "hilang", "file", "not found"),
        ('advertiser = "toko-maju"', 'advertiser = "toko-mundur"', "toko-mundur", "advertiser", "not in this file"),
        ('days = "mon-sun"', 'days = "senin-jumat"', "days =", "days", "not a day list"),
        ("psa_share = 0.30", "psa_share = 1.5", "psa_share", "psa_share", "at most 1"),
    ],
)
def test_each_kind_of_error_names_line_and_field(
    sqlite_url: str, setup_dir: Path, capsys: pytest.CaptureFixture[str],
    old: str, new: str, needle: str, field: str, message: str,
) -> None:  # fmt: skip
    main(["--db", sqlite_url, "db", "upgrade"])
    text = SETUP.replace(old, new, 1)
    path = setup_dir / "setup.toml"
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert load(sqlite_url, path) == 2
    err = capsys.readouterr().err
    assert f"{path}:{_line_of(text, needle)}" in err, err
    assert f"'{field}'" in err and message in err, err
    assert "Traceback" not in err
    assert counts(sqlite_url)["screen"] == 0  # nothing written


def test_all_problems_reported_at_once(sqlite_url: str, setup_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", sqlite_url, "db", "upgrade"])
    text = SETUP.replace("plays_per_day = 48", "plays_per_day = 0").replace('zone = "A"', "zone = 7")
    path = setup_dir / "setup.toml"
    path.write_text(text)
    assert load(sqlite_url, path) == 2
    err = capsys.readouterr().err
    assert "2 problem(s)" in err and "'plays_per_day'" in err and "'zone'" in err


def test_toml_syntax_error_is_clear(sqlite_url: str, setup_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", sqlite_url, "db", "upgrade"])
    path = setup_dir / "setup.toml"
    path.write_text(SETUP.replace('name = "Toko Maju Jaya"', 'name = "Toko Maju Jaya'))
    assert load(sqlite_url, path) == 2
    err = capsys.readouterr().err
    assert "TOML syntax error" in err and "line" in err and "Traceback" not in err


def test_error_late_in_file_rolls_back_everything(db_url: str, setup_dir: Path) -> None:
    """A reference error is found after parsing; the transaction must not leave the earlier rows behind."""
    main(["--db", db_url, "db", "upgrade"])
    path = setup_dir / "setup.toml"
    path.write_text(SETUP.replace('screens = ["alun-alun"]', 'screens = ["alun-alun", "pasar"]'))
    assert load(db_url, path) == 2
    assert counts(db_url) == {"screen": 0, "media": 0, "playlist": 0, "daypart": 0, "booking": 0, "audit_entry": 0}


def test_check_only_writes_nothing(sqlite_url: str, setup_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", sqlite_url, "db", "upgrade"])
    assert main(["--db", sqlite_url, "load", "--check", str(setup_dir / "setup.toml")]) == 0
    assert counts(sqlite_url)["screen"] == 0


def test_missing_file(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", sqlite_url, "db", "upgrade"])
    assert load(sqlite_url, tmp_path / "nope.toml") == 2
    assert "file not found" in capsys.readouterr().err
