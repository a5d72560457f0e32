"""The SKRD (A4) and receipt (A5) PDFs, read back: number, payer, total, terbilang, verification code, fonts."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4, A5
from sqlalchemy.orm import Session, sessionmaker

from billing.assessments import issue_assessment, void_assessment
from billing.documents.receipt import receipt_pdf_bytes
from billing.documents.skrd import assessment_pdf_bytes
from billing.payments import record_payment
from billing.verification import verification_code
from tests.billing_helpers import add_booking, add_screens, clock, load_tariff
from tests.office import office_config
from videotron.core.clock import FixedClock


def _text(pdf: bytes) -> tuple[str, tuple[float, float], set[str]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
        fonts = {c["fontname"].split("+")[-1] for c in page.chars}
        return text, (float(page.width), float(page.height)), fonts


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def s(sessions: sessionmaker[Session], tmp_path: Path):  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        load_tariff(session, tmp_path)
        add_screens(session)
        add_booking(session, "b1", screens=("yamin", "smk1"), plays=10, band="18:00-20:00")  # 1.860.000
        yield session


def test_skrd_pdf_reads_back(s: Session) -> None:
    a = issue_assessment(s, "b1", config=office_config(), actor="x", clock=clock())
    text, size, fonts = _text(assessment_pdf_bytes(a))
    flat = _flat(text)
    assert size == pytest.approx(A4, abs=1)
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold", "LiberationSans", "LiberationSans-Bold"}
    for expected in (
        "PEMERINTAH KOTA PADANG PANJANG",
        "DINAS KOMUNIKASI DAN INFORMATIKA",
        "SURAT KETETAPAN RETRIBUSI DAERAH",
        "Nomor: 0001/SKRD/VT/2026",
        "PT Sinar Minang Jaya",
        "R.1.0001.27.14",
        "1 Maret 2026 s.d. 31 Maret 2026",
        "9 April 2026",
        "4.1.2.02.01",
        "Rp2.500 x 1 blok x 310 tayang",
        "1.860.000",
        "Satu juta delapan ratus enam puluh ribu rupiah",
        "Padang Panjang, 10 Maret 2026",
        "Drs. H. Ampera Salim, M.Si",
        "NIP. 196805121994031005",
        "Bank Nagari",
        "2% setiap bulan",
        f"Kode verifikasi: {a.verification}",
    ):
        assert expected in flat, expected
    assert a.verification == verification_code("SKRD", a.number, 1_860_000, "PT Sinar Minang Jaya", a.issue_date)


def test_skrd_pdf_in_english(s: Session) -> None:
    a = issue_assessment(s, "b1", config=office_config(language="en"), actor="x", clock=clock())
    flat = _flat(_text(assessment_pdf_bytes(a, "en"))[0])
    for expected in (
        "REGIONAL RETRIBUTION ASSESSMENT",
        "Number: 0001/SKRD/VT/2026",
        "9 April 2026",
        "One million eight hundred sixty thousand rupiah",
        "1.860.000",
    ):
        assert expected in flat, expected


def test_void_skrd_is_marked(s: Session) -> None:
    a = issue_assessment(s, "b1", config=office_config(), actor="x", clock=clock())
    void_assessment(s, a.number, "salah kategori", actor="x", clock=clock())
    flat = _flat(_text(assessment_pdf_bytes(a))[0])
    assert "DIBATALKAN 10 Maret 2026 pukul 09:00 WIB: salah kategori" in flat and "BATAL" in flat


def test_receipt_pdf_reads_back(s: Session) -> None:
    a = issue_assessment(s, "b1", config=office_config(), actor="x", clock=clock())
    p = record_payment(
        s,
        a.number,
        amount=1_500_000,
        paid_on=date(2026, 3, 12),
        method="transfer",
        config=office_config(),
        actor="x",
        clock=FixedClock(datetime(2026, 3, 12, 3, tzinfo=UTC)),
    )
    text, size, fonts = _text(receipt_pdf_bytes(p.receipt))
    flat = _flat(text)
    assert size == pytest.approx((A5[1], A5[0]), abs=1)  # A5 landscape
    assert "Helvetica" not in fonts
    for expected in (
        "TANDA BUKTI PEMBAYARAN",
        "Nomor: 0001/TBP/VT/2026",
        "PT Sinar Minang Jaya",
        "Satu juta lima ratus ribu rupiah",
        "Rp1.500.000",
        "SKRD Nomor 0001/SKRD/VT/2026",
        "Transfer bank",
        "12 Maret 2026",
        "Sisa yang belum dibayar: Rp360.000",
        "Yuliati Desi Putri, S.Pt",
        "NIP. 198703142010012003",
        p.receipt.verification,
    ):
        assert expected in flat, expected
