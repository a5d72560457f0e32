"""`videotron plan`, `capacity` and `booking` through the real CLI entry point on a migrated SQLite database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from playlists.plan import load_plan_file
from tests.schedule_data import seed_screen
from videotron.cli import main
from videotron.core.db import make_session_factory


@pytest.fixture
def db(engine: Engine, airing_booked: Path) -> str:
    # These tests are about plans and capacity, with no tariff to assess by: the airing gate is off ("booked").
    with make_session_factory(engine).begin() as s:
        seed_screen(s)
    return engine.url.render_as_string(hide_password=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


BOOK = ("booking", "add", "--id", "BK-2026-001", "--advertiser", "toko-maju", "--media", "iklan-toko-maju",
        "--screens", "alun-alun", "--category", "commercial", "--plays-per-day", "40", "--start", "2026-11-15",
        "--end", "2026-12-15")  # fmt: skip


def test_booking_then_plan_json_in_the_issue_shape(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "--user", "siti", *BOOK, "--band", "18:00-21:00")
    assert code == 0 and "booked: BK-2026-001" in out
    code, out, _ = run(capsys, "--db", db, "plan", "alun-alun", "2026-12-01", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["screen"], data["date"], data["timezone"]) == ("alun-alun", "2026-12-01", "Asia/Jakarta")
    assert data["items"][0]["start"] == "2026-12-01T06:00:00+07:00"
    ads = [i for i in data["items"] if i["kind"] == "ad"]
    assert len(ads) == 40
    assert set(ads[0]) == {"start", "end", "media", "kind", "booking", "advertiser"}
    assert (ads[0]["media"], ads[0]["booking"], ads[0]["advertiser"]) == ("iklan-toko-maju", "BK-2026-001", "toko-maju")
    assert ads[0]["start"] >= "2026-12-01T18:00:00+07:00"
    assert {i["kind"] for i in data["items"]} == {"ad", "psa", "filler"}
    code, again, _ = run(capsys, "--db", db, "plan", "alun-alun", "2026-12-01", "--json")
    assert again == out  # deterministic, byte for byte


def test_plan_table_out_file_and_explain(db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "--db", db, *BOOK)[0] == 0
    code, out, _ = run(capsys, "--db", db, "plan", "alun-alun", "2026-12-01")
    assert code == 0 and "open 06:00-22:00" in out and "40 ads" in out
    assert "06:00:00.000 06:00:15.000 ad     iklan-toko-maju              BK-2026-001      toko-maju" in out
    assert "06:00:15.000 06:00:35.000 psa    psa-kb" in out
    target = tmp_path / "plan.json"
    code, out, _ = run(capsys, "--db", db, "plan", "alun-alun", "2026-12-01", "--out", str(target))
    assert code == 0 and str(target) in out
    plan = load_plan_file(target)
    assert set(plan.media) == {"psa-kb", "psa-pajak", "filler-logo", "iklan-toko-maju"}
    media = plan.media["iklan-toko-maju"]
    assert Path(media.path).is_absolute() and media.path.endswith("ab/iklan-toko-maju.mp4")
    assert len(media.sha256) == 64 and media.duration_ms == 15_000 and (media.width, media.height) == (640, 320)
    code, out, _ = run(capsys, "--db", db, "plan", "alun-alun", "2026-12-20", "--explain", "iklan-toko-maju")
    assert code == 0 and "outside its date range 2026-11-15..2026-12-15" in out
    code, out, _ = run(capsys, "--db", db, "plan", "alun-alun", "2026-12-01", "--explain", "psa-pajak")
    assert "in playlist info-kota" in out and "fills 06:00-22:00" in out


def test_capacity_table_and_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", db, *BOOK, "--band", "18:00-19:00")[0] == 0
    code, out, _ = run(capsys, "--db", db, "capacity", "alun-alun", "2026-12-01")
    assert code == 0 and "18:00-19:00        2520.0      600.0     1920.0" in out
    code, out, _ = run(capsys, "--db", db, "capacity", "alun-alun", "2026-12-01", "--json")
    data = json.loads(out)
    assert len(data["hours"]) == 16 and data["oversold"] is None
    evening = next(h for h in data["hours"] if h["start"].startswith("2026-12-01T18:00"))
    assert (evening["capacity_s"], evening["booked_s"], evening["free_s"]) == (2520.0, 600.0, 1920.0)
    assert data["total"]["capacity_s"] == 16 * 2520.0


def test_booking_list(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", db, *BOOK)[0] == 0
    code, out, _ = run(capsys, "--db", db, "booking", "list")
    assert code == 0 and "BK-2026-001" in out and "40/day" in out
    code, out, _ = run(capsys, "--db", db, "booking", "list", "--json", "--date", "2027-01-01")
    assert json.loads(out) == []


@pytest.mark.parametrize(("change", "message"), [
    (("--plays-per-day", "many"), "plays-per-day: 'many' is not a whole number"),
    (("--start", "2026-13-01"), "start: '2026-13-01' is not a date"),
    (("--band", "22:00-02:00"), "crosses midnight"),
    (("--screens", "alun-alun,nowhere"), "screens: screen 'nowhere' does not exist"),
    (("--plays-per-day", "5000"), "booking BK-2026-001 does not fit on screen alun-alun"),
])  # fmt: skip
def test_bad_booking_input_exits_2_naming_the_field(db: str, capsys: pytest.CaptureFixture[str],
                                                    change: tuple[str, str], message: str) -> None:  # fmt: skip
    argv = list(BOOK)
    if change[0] in argv:
        argv[argv.index(change[0]) + 1] = change[1]
    else:
        argv += change
    code, _, err = run(capsys, "--db", db, *argv)
    assert code == 2 and message in err, err
    assert run(capsys, "--db", db, "booking", "list")[1].strip() == "no bookings"


def test_plan_errors_exit_2(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", db, "plan", "mars", "2026-12-01")
    assert code == 2 and "screen 'mars' does not exist" in err
    code, _, err = run(capsys, "--db", db, "plan", "alun-alun", "1-12-2026")
    assert code == 2 and "date: '1-12-2026' is not a date" in err
