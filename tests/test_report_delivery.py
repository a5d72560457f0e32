"""Proof-of-play reconciliation: booked vs played per booking, screen and office day (on SQLite and PostgreSQL),
the XLSX and PDF read back, the advertiser's statement, and the idempotent play-log import."""

from __future__ import annotations

import json
from datetime import UTC, date
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from sqlalchemy import Engine, func, select

from billing.reports.charts_data import delivery_by_screen
from billing.reports.delivery import delivery_report
from billing.reports.pdf_delivery import render_delivery_pdf
from billing.reports.period import Month
from billing.reports.sheets import write_delivery_xlsx
from playlists.models import PlayLog
from playlists.playlog_import import import_play_logs
from tests.billing_helpers import clock
from tests.report_helpers import CONFIG, build_month, play_logs
from tests.xlsx_eval import value
from videotron.cli import main
from videotron.core.db import make_engine, make_session_factory
from videotron.core.errors import ValidationError
from videotron.core.migrate import upgrade

MARCH = Month(2026, 3)


def test_delivery_counts_match_the_play_log(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    build_month(sessions, tmp_path)
    with sessions.begin() as s:
        report = delivery_report(s, MARCH)
        played_in_db = s.scalar(select(func.count()).select_from(PlayLog).where(PlayLog.outcome == "played"))
        screens = delivery_by_screen(s, "2026-03")
    lines = {(ln.booking_id, ln.screen_id): ln for ln in report.lines}
    assert set(lines) == {("b1", "smk1"), ("b1", "yamin"), ("b2", "balaikota")}  # b3 was cancelled
    smk1, yamin = lines[("b1", "smk1")], lines[("b1", "yamin")]
    assert (yamin.booked, yamin.played, yamin.shortfall) == (310, 310, 0)
    assert (smk1.booked, smk1.played, smk1.failed, smk1.missing, smk1.shortfall) == (310, 278, 2, 30, 32)
    assert report.played == played_in_db
    # the first play of 1 March is at 00:30 WIB (28 Feb in UTC) and counts for 1 March
    assert yamin.days[0].day == date(2026, 3, 1) and yamin.days[0].played == 10
    short = {d.day: (d.missing, dict(d.reasons)) for d in smk1.shortfall_days}
    assert short == {
        date(2026, 3, 10): (10, {}),
        date(2026, 3, 11): (10, {}),
        date(2026, 3, 12): (10, {}),
        date(2026, 3, 15): (0, {("failed", "file corrupt"): 2}),
    }
    assert [(x.screen_id, x.booked, x.delivered) for x in screens] == [
        ("balaikota", 310, 310),
        ("smk1", 310, 278),
        ("yamin", 310, 310),
    ]


def test_delivery_xlsx_pdf_and_statement_read_back(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    build_month(sessions, tmp_path)
    with sessions.begin() as s:
        report = delivery_report(s, MARCH)
        statement = delivery_report(s, MARCH, advertiser_id="adv1")
        render_delivery_pdf(statement, tmp_path / "statement.pdf", config=CONFIG, signed_on=date(2026, 4, 2))
    write_delivery_xlsx(report, tmp_path / "d.xlsx", config=CONFIG)
    wb = openpyxl.load_workbook(tmp_path / "d.xlsx")
    ws = wb["Ringkasan"]
    total = next(c.row for c in ws["D"] if c.value == "Jumlah")
    assert value(ws, f"E{total}") == report.booked == 930 and value(ws, f"F{total}") == report.played == 898
    assert value(ws, f"J{total}") == report.shortfall == 32
    daily = wb["Harian"]
    rows = [r for r in daily.iter_rows(values_only=True) if r[0] in ("b1", "b2")]
    assert len(rows) == 3 * 31 and sum(r[5] for r in rows) == report.played
    short_rows = [r for r in daily.iter_rows() if r[0].value in ("b1", "b2") and r[9].value]
    assert len(short_rows) == 4 and all(c.fill.fgColor.rgb.endswith("F8CBAD") for c in short_rows[0])
    assert "tanpa catatan (layar/pemutar mati) (10)" in short_rows[0][10].value

    render_delivery_pdf(report, tmp_path / "d.pdf", config=CONFIG, signed_on=date(2026, 4, 2))
    with pdfplumber.open(tmp_path / "d.pdf") as doc:
        text = "\n".join(p.extract_text() for p in doc.pages)
    assert "LAPORAN BUKTI TAYANG" in text and "Jumlah 930 898 2 0 30 32 96,6%" in text
    assert "b1 Videotron SMK 1 15-03-2026 10 8 2 0 0 2 gagal: file corrupt (2)" in text
    with pdfplumber.open(tmp_path / "statement.pdf") as doc:
        text = "\n".join(p.extract_text() for p in doc.pages)
    assert "SURAT KETERANGAN BUKTI TAYANG" in text and "PT Sinar Minang Jaya" in text
    assert "CV Kopi" not in text and "Jumlah 620 588 2 0 30 32 94,8%" in text
    assert "Drs. H. Ampera Salim, M.Si" in text


def test_playlog_import_is_idempotent(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    build_month(sessions, tmp_path)
    offline = play_logs("b1", "smk1", [date(2026, 3, d) for d in (10, 11, 12)])
    for i, row in enumerate(offline):  # the offline player's records continue its own sequence
        row.id, row.seq = f"offline-{i}", 10_000 + i
    path = tmp_path / "smk1.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for r in offline:
            rec = {c.name: getattr(r, c.name) for c in PlayLog.__table__.columns}
            f.write(json.dumps(rec, default=lambda v: v.astimezone(UTC).isoformat()) + "\n")
    with sessions.begin() as s:
        first = import_play_logs(s, path, actor="operator", clock=clock())
    with sessions.begin() as s:
        again = import_play_logs(s, path, actor="operator", clock=clock())
        report = delivery_report(s, MARCH, booking_id="b1")
    assert (first.added, first.already) == (30, 0) and (again.added, again.already) == (0, 30)
    smk1 = next(ln for ln in report.lines if ln.screen_id == "smk1")
    assert (smk1.played, smk1.missing, smk1.shortfall) == (308, 0, 2)
    # the same id with other content is a conflict: nothing of the file is imported
    lines = path.read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[0]) | {"outcome": "failed"}
    bad = tmp_path / "bad.jsonl"
    extra = {**json.loads(lines[1]), "id": "new-1", "seq": 20_000}
    bad.write_text(json.dumps(changed) + "\n" + json.dumps(extra) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="already stored with different content"), sessions.begin() as s:
        import_play_logs(s, bad, actor="operator", clock=clock())
    naive = tmp_path / "naive.jsonl"
    naive.write_text(json.dumps({**extra, "planned_start": "2026-03-10T08:00:00"}) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="no UTC offset"), sessions.begin() as s:
        import_play_logs(s, naive, actor="operator", clock=clock())
    with sessions.begin() as s:
        assert s.get(PlayLog, "new-1") is None


def test_cli_playlog_import_and_delivery(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    build_month(make_session_factory(engine), tmp_path)
    engine.dispose()
    # a row as the player's own local log keeps it (player/playlog.py names: screen, media, booking, day ...)
    record = {
        "id": "p-1",
        "screen": "smk1",
        "seq": 99_999,
        "day": "2026-03-10",
        "media": "m-b1",
        "sha256": "",
        "booking": "b1",
        "planned_start": "2026-03-10T01:00:00.000+00:00",
        "planned_end": None,
        "started_at": "2026-03-10T01:00:00.040+00:00",
        "ended_at": None,
        "outcome": "played",
        "reason": "",
        "prev_hash": "",
        "hash": "x",
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    for expected in ("1 added, 0 already", "0 added, 1 already"):
        assert main(["--db", sqlite_url, "playlog", "import", str(path)]) == 0
        assert expected in capsys.readouterr().out
    out = tmp_path / "b1.csv"
    assert main(["--db", sqlite_url, "report", "delivery", "2026-03", "--booking", "b1", "--out", str(out)]) == 0
    assert "booked 620, delivered 589, shortfall 31" in capsys.readouterr().out
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("Pesanan,Wajib Retribusi,Layar,Tanggal,Dipesan,Tayang") and len(rows) == 1 + 62
    pdf = tmp_path / "adv1.pdf"
    assert main(["--db", sqlite_url, "report", "delivery", "2026-03", "--advertiser", "adv1", "--out", str(pdf)]) == 0
    assert main(["--db", sqlite_url, "report", "delivery", "2026-03", "--advertiser", "nobody", "--out", str(pdf)]) == 2
