"""Running text, the domain side (#15): layouts in the setup file (good; malformed: every problem at its line and
field, nothing written; the save path refuses the same input the same way), messages and sold running-text bookings
(capacity, locked once assessed), their SKRD (amount worked by hand) and the plan that carries layouts and texts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from billing.documents.skrd import render_assessment
from billing.payments import record_payment
from billing.text_assessments import issue_text_assessment
from playlists.layout import Box
from playlists.layouts import LayoutFields, ZoneFields, save_layout
from playlists.models import RunningText, ScreenLayout
from playlists.plan import plan_from_dict
from playlists.planning import build_plan
from playlists.running_texts import TextFields, save_text_booking
from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from playlists.text_capacity import TextRefused
from tests.office import office_config
from videotron.core.audit import newest_rows, verify_chain
from videotron.core.audit_rows import verify_rows
from videotron.core.clock import FixedClock
from videotron.core.errors import ValidationError
from videotron.core.i18n import render

DAY = date(2026, 12, 1)
SCREEN = "alun-alun"
CONFIG = office_config()
BAD_LAYOUT = """\
[[layout]]
screen = "alun-alun"
[layout.ticker]
position = "bottom"
h = 40
fg = "kuning"
size_px = 50
[layout.clock]
x = 440
y = 0
w = 200
h = 30
"""


def _text(tid: str, text: str = "Promo akhir tahun", **kw: object) -> TextFields:
    terms: dict[str, object] = {
        "screen_ids": [SCREEN],
        "start_date": DAY,
        "end_date": date(2026, 12, 30),
        "advertiser_id": "bank-nagari",
        "category": "teks-berjalan",
        **kw,
    }
    return TextFields(tid, text, **terms)  # type: ignore[arg-type]


def test_the_demo_loads_its_layout_and_texts_and_the_plan_carries_them(
    demo_office: sessionmaker[Session], clock: FixedClock
) -> None:
    with demo_office.begin() as s:
        row = s.get(ScreenLayout, SCREEN)
        assert row is not None and row.sold_texts == 4
        stored = json.loads(row.layout_json)
        assert (stored["ticker"]["x"], stored["ticker"]["y"]) == (0, 280)
        assert (stored["ticker"]["w"], stored["ticker"]["h"]) == (640, 40)
        assert (stored["clock"]["x"], stored["clock"]["y"], stored["clock"]["overlay"]) == (260, 0, True)
        assert stored["main"] == {"x": 0, "y": 0, "w": 640, "h": 280, "overlay": False}  # the video above the band
        plan = build_plan(s, SCREEN, DAY)
    assert len(plan.layouts) == 1 and plan.layouts[0].start == plan.open_at and plan.layouts[0].end == plan.close_at
    assert plan.layouts[0].layout.ticker is not None and plan.layouts[0].layout.ticker.box == Box(0, 280, 640, 40)
    # The sold text is a draft (no SKRD): the airing gate keeps it off the band, the messages are on it.
    assert [t.id for t in plan.texts] == ["RT-2026-001", "RT-2026-002", "RT-2026-003"]
    ktp = plan.texts[2]
    assert (ktp.start.hour, ktp.end.hour, ktp.kind) == (7, 16, "psa")  # its band of hours, in the screen's zone
    assert plan_from_dict(json.loads(plan.to_json())) == plan  # the player reads the same layouts and texts


def test_a_running_text_booking_on_an_skrd_with_a_hand_worked_amount(
    demo_office: sessionmaker[Session], clock: FixedClock, tmp_path: Path
) -> None:
    # GIVEN the demo's sold running text: "Toko Maju Jaya - diskon 20% akhir tahun, Jl. Sudirman No. 1" is 59
    # characters (spaces and punctuation count), 1 to 30 December 2026 is 30 days, and the demo tariff prices
    # "teks-berjalan" at Rp100 per character per day on any zone: 100 x 59 x 30 = Rp177.000 for the one screen.
    with demo_office.begin() as s:
        a = issue_text_assessment(s, "TB-2026-001", config=CONFIG, actor="t", clock=clock)
        assert (a.text_booking_id, a.booking_id, a.principal) == ("TB-2026-001", None, 177_000)
        (line,) = a.lines
        assert (line.account, line.unit, line.unit_price, line.blocks, line.quantity) == (
            "4.1.2.02.03",
            "day",
            100,
            59,
            30,
        )
        assert line.description == "Videotron Alun-Alun: Rp100 x 59 karakter x 30 hari"  # the office's language
        number = a.number
        render_assessment(a, tmp_path / "skrd.pdf", "id")
    with pdfplumber.open(tmp_path / "skrd.pdf") as doc:
        words = "\n".join(p.extract_text() for p in doc.pages)
    assert "Teks Berjalan : “Toko Maju Jaya - diskon 20% akhir tahun, Jl. Sudirman No. 1” (59 karakter," in words
    assert "Rp100 x 59 karakter x 30 hari" in words and "Jumlah Keseluruhan 177.000" in words
    assert "Seratus tujuh puluh tujuh ribu rupiah" in words
    with demo_office.begin() as s:
        assert s.get(RunningText, "TB-2026-001").status == "assessed"  # type: ignore[union-attr]
        plan = build_plan(s, SCREEN, DAY)
    sold = [t for t in plan.texts if t.kind == "ad"]
    assert [(t.id, t.booking, t.advertiser) for t in sold] == [("TB-2026-001", "TB-2026-001", "toko-maju")]
    # WHEN it is paid, THEN no path changes it any more: the save path names the frozen field.
    with demo_office.begin() as s:
        record_payment(s, number, amount=177_000, paid_on=DAY, method="tunai", config=CONFIG, actor="t", clock=clock)
        assert s.get(RunningText, "TB-2026-001").paid_on == DAY  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as caught, demo_office.begin() as s:
        save_text_booking(
            s, _text("TB-2026-001", "Toko Maju Jaya - diskon 50%", advertiser_id="toko-maju"), actor="t", clock=clock
        )
    assert [(p.code, p.field) for p in caught.value.problems] == [("text.locked", "text")]
    with demo_office() as s:  # the running text's row, its SKRD and payment are bound to the audit chain
        assert verify_chain(s) == [] and verify_rows(s, newest_rows(s)) == []
        s.execute(update(RunningText).where(RunningText.id == "TB-2026-001").values(text="Toko Maju: diskon 90%"))
        assert [p.key for p in verify_rows(s, newest_rows(s))] == ["TB-2026-001"]


def test_a_band_carries_at_most_its_sold_texts_and_the_refusal_says_what_to_change(
    demo_office: sessionmaker[Session], clock: FixedClock
) -> None:
    with demo_office.begin() as s:
        for n in (2, 3, 4):  # the demo already sells TB-2026-001: four fit
            save_text_booking(s, _text(f"TB-2026-00{n}"), actor="t", clock=clock, new=True)
    with pytest.raises(TextRefused) as caught, demo_office.begin() as s:
        save_text_booking(s, _text("TB-2026-005", start_date=date(2026, 12, 20)), actor="t", clock=clock, new=True)
    (p,) = caught.value.problems
    assert (p.code, p.field, p.params["most"], p.params["day"]) == ("text.band_full", "screens", 4, date(2026, 12, 20))
    words = render(p, "id")
    assert "TB-2026-001, TB-2026-002, TB-2026-003" in render(p, "en") and "sold_texts" in words
    with demo_office.begin() as s:
        assert s.get(RunningText, "TB-2026-005") is None  # nothing written


def test_a_malformed_layout_names_line_and_field_and_nothing_is_written(
    demo_office: sessionmaker[Session], clock: FixedClock, tmp_path: Path
) -> None:
    path = tmp_path / "layout.toml"
    path.write_text(BAD_LAYOUT, encoding="utf-8")
    setup = parse_setup(path)  # the types are right: the layout's own rules run on saving
    with pytest.raises(ValidationError) as caught, demo_office.begin() as s:
        apply_setup(s, setup, actor="t", clock=clock)
    found = [(p.field, p.where.line if p.where else None) for p in caught.value.problems]
    assert found == [("clock.y", 10), ("ticker.fg", 6), ("ticker.size_px", 7)], found
    assert "layout.toml" in str(caught.value.problems[0].where.file)  # type: ignore[union-attr]
    words = [render(p, "id") for p in caught.value.problems]
    assert "bertumpuk" in words[0] and "#FFCC00" in words[1] and "6 sampai 40 px" in words[2], words
    # The save path the CLI and the desk call refuses the same input the same way.
    fields = LayoutFields(
        SCREEN,
        ticker=ZoneFields(position="bottom", h=40, style={"fg": "kuning", "size_px": 50}),
        clock=ZoneFields(440, 0, 200, 30),
    )
    with pytest.raises(ValidationError) as again, demo_office.begin() as s:
        save_layout(s, fields, actor="t", clock=clock)
    assert [(p.code, p.field) for p in again.value.problems] == [(p.code, p.field) for p in caught.value.problems]
    with demo_office() as s:
        layout = json.loads(s.get(ScreenLayout, SCREEN).layout_json)  # type: ignore[union-attr]
        assert layout["ticker"]["h"] == 40 and s.scalar(select(func.count()).select_from(ScreenLayout)) == 1


def test_a_broken_layout_table_names_each_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[[layout]]\nscreen = "s"\n[layout.ticker]\nposition = "bottom"\nh = "tall"\ncolour = "#FFFFFF"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        parse_setup(path)
    assert [(p.field, p.where.line) for p in caught.value.problems] == [("ticker.h", 5), ("ticker.colour", 6)]  # type: ignore[union-attr]


def test_a_band_too_tall_for_the_screen_names_its_height(demo_office: sessionmaker[Session], clock: FixedClock) -> None:
    with pytest.raises(ValidationError) as caught, demo_office.begin() as s:
        save_layout(s, LayoutFields(SCREEN, ticker=ZoneFields(position="bottom", h=400)), actor="t", clock=clock)
    assert [(p.code, p.field) for p in caught.value.problems] == [("layout.outside", "ticker.h")]


def test_a_daypart_layout_takes_over_while_its_daypart_runs(
    demo_office: sessionmaker[Session], clock: FixedClock
) -> None:
    with demo_office.begin() as s:
        part = "alun-alun/psa-umum/mon-sun/00:00-24:00"
        from playlists.psa_playlists import DaypartFields, save_daypart

        save_daypart(
            s, DaypartFields(SCREEN, "psa-umum", "18:00", "21:00", priority=1, id="malam"), actor="t", clock=clock
        )
        save_layout(s, LayoutFields(SCREEN, "malam", ticker=ZoneFields(position="top", h=50)), actor="t", clock=clock)
        plan = build_plan(s, SCREEN, DAY)
        assert part
    spans = [(sp.start.hour, sp.end.hour if sp.end.day == 1 else 24, sp.layout.main.y) for sp in plan.layouts]
    assert spans == [(0, 18, 0), (18, 21, 50), (21, 24, 0)]


def test_plan_text_times_are_in_the_screens_zone(demo_office: sessionmaker[Session], clock: FixedClock) -> None:
    clock.set(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    with demo_office.begin() as s:
        plan = build_plan(s, SCREEN, DAY)
    assert all(t.start.utcoffset() == plan.open_at.utcoffset() for t in plan.texts)  # type: ignore[union-attr]


def test_the_command_line_lists_adds_and_refuses_naming_the_flag(
    demo_office: sessionmaker[Session], sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from videotron.cli import main

    assert main(["--db", sqlite_url, "layout", "show", SCREEN]) == 0
    out = capsys.readouterr().out
    assert "640x320, 4 sold running texts a day" in out and "ticker  640x40+0+280" in out
    assert "clock   380x34+260+0 overlay" in out
    add = [
        "--db",
        sqlite_url,
        "text",
        "add",
        "--id",
        "RT-9",
        "--text",
        "Hari Jadi Kota ke-235",
        "--screens",
        SCREEN,
        "--start",
        "2026-12-05",
        "--end",
        "2026-12-05",
    ]
    assert main(add) == 0 and "saved message RT-9" in capsys.readouterr().out
    assert main(["--db", sqlite_url, "plan", SCREEN, "2026-12-05"]) == 0
    out = capsys.readouterr().out
    assert "layout 00:00-24:00 WIB: main 640x280+0+0, ticker 640x40+0+280, clock 380x34+260+0" in out
    assert "text 07:00-16:00 WIB psa RT-2026-003" in out and "RT-9           -              Hari Jadi" in out
    bad = [
        "--db",
        sqlite_url,
        "text",
        "book",
        "--id",
        "TB-9",
        "--text",
        "Promo",
        "--screens",
        SCREEN,
        "--start",
        "2026-12-05",
        "--end",
        "2026-12-01",
        "--advertiser",
        "bank-nagari",
        "--category",
        "teks-berjalan",
    ]
    assert main(bad) == 2
    err = capsys.readouterr().err
    assert "--end" in err and "2026-12-01" in err
    assert main(["--db", sqlite_url, "skrd", "issue", "TB-2026-001"]) == 0  # the treasurer's usual command
    assert "Rp100 x 59 karakter x 30 hari  Rp177.000" in capsys.readouterr().out
    assert main(["--db", sqlite_url, "text", "list", "--date", "2026-12-05", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(t["id"], t["kind"], t["status"]) for t in listed] == [
        ("RT-2026-001", "psa", "active"),
        ("RT-2026-002", "psa", "active"),
        ("RT-2026-003", "psa", "active"),
        ("RT-9", "psa", "active"),
        ("TB-2026-001", "ad", "assessed"),
    ]


def test_the_delivery_report_shows_each_running_texts_seconds_and_passes_per_day(
    demo_office: sessionmaker[Session], clock: FixedClock, tmp_path: Path
) -> None:
    import openpyxl

    from billing.reports.delivery import delivery_report
    from billing.reports.pdf_delivery import render_delivery_pdf
    from billing.reports.period import Month
    from billing.reports.sheets import write_delivery_xlsx
    from playlists.models import TextDisplay

    # GIVEN what two player installations uploaded for the sold text (the PC was replaced on 2 December)
    def shown(inst: str, day: str, ms: int, loops: int) -> TextDisplay:
        return TextDisplay(id=f"{inst}-{SCREEN}-{day}-TB-2026-001", screen_id=SCREEN, installation=inst, day=day,
                           text_id="TB-2026-001", booking_id="TB-2026-001", shown_ms=ms, loops=loops)  # fmt: skip

    with demo_office.begin() as s:
        s.add_all([shown("a", "2026-12-01", 3_600_500, 400), shown("a", "2026-12-02", 1_000_000, 100),
                   shown("b", "2026-12-02", 800_000, 90)])  # fmt: skip
    with demo_office.begin() as s:
        report = delivery_report(s, Month(2026, 12), advertiser_id="toko-maju")
    (line,) = report.texts
    assert (line.booking_id, line.screen_id, line.days_booked, line.days_shown) == ("TB-2026-001", SCREEN, 30, 2)
    assert (line.shown_ms, line.loops) == (5_400_500, 590)
    assert [(d.day.day, d.shown_ms, d.loops) for d in line.days[:3]] == [(1, 3_600_500, 400), (2, 1_800_000, 190),
                                                                         (3, 0, 0)]  # fmt: skip
    render_delivery_pdf(report, tmp_path / "statement.pdf", config=CONFIG, signed_on=date(2026, 12, 31))
    with pdfplumber.open(tmp_path / "statement.pdf") as doc:
        text = "\n".join(p.extract_text() for p in doc.pages)
    assert "Teks berjalan: bukti tayang" in text and "Detik tayang" in text and "Putaran" in text
    assert "30 2 5.400,5 590" in text, text
    assert "TB-2026-001 Videotron Alun-Alun 02-12-2026 1.800,0 190" in text
    write_delivery_xlsx(report, tmp_path / "statement.xlsx", config=CONFIG)
    sheet = openpyxl.load_workbook(tmp_path / "statement.xlsx")["Teks berjalan"]
    rows = [[c.value for c in r] for r in sheet.iter_rows() if r[0].value == "TB-2026-001"]
    assert len(rows) == 30 and rows[1][4:] == [datetime(2026, 12, 2), 1800, 190]
