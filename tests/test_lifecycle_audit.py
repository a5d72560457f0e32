"""The audit findings of issue #12 that the booking lifecycle closes, each reproduced through the real CLI as a
treasurer would, on SQLite and on PostgreSQL:

1. a booking raised from 10 to 40 plays a day after its SKRD was paid, by reloading the setup file: now refused,
   naming the file's line and field and `booking amend`, and nothing is written;
2. `booking amend` to 40 issues an SKRD tambahan for exactly the difference (worked by hand below), and the SKRD
   and its PDF do not change;
3. a booking never assessed does not air under the default airing gate, and `plan --explain` says why.
"""

from __future__ import annotations

import io
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import Engine, func, select

from billing.assessments import describe, get_assessment
from billing.documents.skrd import assessment_pdf_bytes
from billing.models import Assessment
from playlists.models import Booking
from tests.billing_helpers import TARIFF
from videotron.cli import main
from videotron.core.audit import AuditEntry
from videotron.core.clock import FixedClock
from videotron.core.db import make_session_factory

CLOCK = FixedClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))  # 20 November 2026, 09:00 WIB: before December


def setup_text(media: dict[str, Path], plays: int) -> str:
    return f"""\
[[screen]]
id = "yamin"
name = "Videotron Jl. M. Yamin"
location = "Jl. M. Yamin, Padang Panjang"
zone = "A"
hours = "06:00-22:00"

[[media]]
id = "iklan-toko-maju"
file = "{media["ad"]}"
kind = "ad"
approved_by = "Kabid IKP"

[[media]]
id = "iklan-bank"
file = "{media["ad2"]}"
kind = "ad"
approved_by = "Kabid IKP"

[[media]]
id = "psa-pilkada"
file = "{media["psa"]}"
kind = "psa"

[[playlist]]
id = "psa-umum"
items = ["psa-pilkada"]

[[daypart]]
screen = "yamin"
playlist = "psa-umum"
start = "06:00"
end = "22:00"

[[advertiser]]
id = "toko-maju"
name = "Toko Maju Jaya"

[[advertiser]]
id = "bank-nagari"
name = "Bank Nagari"

[[booking]]
id = "BK-2026-001"
advertiser = "toko-maju"
media = "iklan-toko-maju"
screens = ["yamin"]
category = "komersial"
plays_per_day = {plays}
start = 2026-12-01
end = 2026-12-31
band = "17:00-21:00"

[[booking]]
id = "BK-2026-002"
advertiser = "bank-nagari"
media = "iklan-bank"
screens = ["yamin"]
category = "komersial"
plays_per_day = 10
start = 2026-12-01
end = 2026-12-31
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), clock=CLOCK)
    out, err = capsys.readouterr()
    return code, out, err


def page_images(pdf: bytes, tmp_path: Path, name: str) -> list[bytes]:
    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
    return [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.png"))]


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(p.extract_text() or "" for p in doc.pages)


def test_the_audit_findings_are_closed(any_engine: Engine, media_files: dict[str, Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    db = ["--db", any_engine.url.render_as_string(hide_password=False)]
    sessions = make_session_factory(any_engine)
    tariff, office = tmp_path / "tarif.toml", tmp_path / "office.toml"
    tariff.write_text(TARIFF, encoding="utf-8")
    office.write_text(setup_text(media_files, 10), encoding="utf-8")
    assert run(capsys, *db, "tariff", "import", str(tariff))[0] == 0
    code, out, err = run(capsys, *db, "load", str(office))
    assert code == 0, err
    # GIVEN BK-2026-001 assessed and paid in full: 10 plays x 31 days x Rp2.500 x 1 block x prime 1,5 = Rp1.162.500
    code, out, _ = run(capsys, *db, "skrd", "issue", "BK-2026-001")
    assert code == 0 and "0001/SKRD/VT/2026" in out and "Rp1.162.500" in out
    assert run(capsys, *db, "skrd", "pay", "0001/SKRD/VT/2026", "--amount", "1162500", "--date", "2026-11-20",
               "--method", "transfer")[0] == 0  # fmt: skip
    with sessions() as s:
        skrd = get_assessment(s, "0001/SKRD/VT/2026")
        skrd_before, pdf_before = describe(skrd), assessment_pdf_bytes(skrd)
        audit_before = s.scalar(select(func.count()).select_from(AuditEntry))

    # 1. WHEN the setup file is edited to 40 plays a day and loaded again, THEN it is refused: line, field, the way
    office.write_text(setup_text(media_files, 40), encoding="utf-8")
    code, _, err = run(capsys, *db, "load", str(office))
    line = setup_text(media_files, 40).splitlines().index("plays_per_day = 40") + 1
    assert code == 2
    assert f"office.toml:{line}: [[booking]] #1 field 'plays_per_day'" in err
    assert "booking BK-2026-001 is assessed" in err and "`videotron booking amend BK-2026-001`" in err
    with sessions() as s:  # AND nothing was written
        assert s.get(Booking, "BK-2026-001").plays_per_day == 10  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audit_before

    # 2. WHEN the change is made as an amendment, THEN an SKRD tambahan for exactly the difference:
    #    new price 40 x 31 x Rp2.500 x 1 x 1,5 = Rp4.650.000; assessed Rp1.162.500; difference Rp3.487.500
    #    (= 30 more plays x 31 days x Rp2.500 x 1,5: the Rp3.487.500 the audit found could never be billed)
    code, out, _ = run(capsys, *db, "booking", "amend", "BK-2026-001", "--plays-per-day", "40", "--reason",
                       "pemasang iklan menambah tayangan")  # fmt: skip
    assert code == 0 and "SKRD tambahan 0001/SKRD-T/VT/2026 (to SKRD 0001/SKRD/VT/2026): Rp3.487.500" in out
    with sessions() as s:
        extra = get_assessment(s, "0001/SKRD-T/VT/2026")
        assert (extra.kind, extra.principal, extra.status, extra.booking_id) == ("additional", 3_487_500, "issued",
                                                                                "BK-2026-001")  # fmt: skip
        assert [ln.amount for ln in extra.lines] == [3_487_500] and extra.amends.number == "0001/SKRD/VT/2026"  # type: ignore[union-attr]
        assert s.get(Booking, "BK-2026-001").plays_per_day == 40  # type: ignore[union-attr]
        # AND the SKRD itself, its record and its PDF, did not change
        skrd = get_assessment(s, "0001/SKRD/VT/2026")
        pdf_after = assessment_pdf_bytes(skrd)
        assert describe(skrd) == skrd_before and skrd.verification == skrd_before["verification"]
        assert pdf_text(pdf_after) == pdf_text(pdf_before)
        assert page_images(pdf_after, tmp_path, "after") == page_images(pdf_before, tmp_path, "before")
        assert s.scalar(select(func.sum(Assessment.principal)).where(Assessment.booking_id == "BK-2026-001")) == (
            4_650_000)  # fmt: skip
    code, out, _ = run(capsys, *db, "skrd", "show", "0001/SKRD-T/VT/2026", "--json")
    assert code == 0 and json.loads(out)["amends"] == "0001/SKRD/VT/2026"

    # 3. BK-2026-002 was never assessed: under the default gate it does not air; BK-2026-001 (assessed) does
    code, out, _ = run(capsys, *db, "plan", "yamin", "2026-12-05", "--json")
    bookings = {i["booking"] for i in json.loads(out)["items"] if i["kind"] == "ad"}
    assert code == 0 and bookings == {"BK-2026-001"}
    code, out, _ = run(capsys, *db, "plan", "yamin", "2026-12-05", "--explain", "iklan-bank")
    assert code == 0 and "booking BK-2026-002 (bank-nagari), whole operating day: not airing:" in out
    assert "- no SKRD issued yet (the airing gate waits for it)" in out
