"""Virtual accounts per SKRD (prefix, year, series, sequence, Luhn check digit), stored at issue and printed beside
the bank account; payments by QRIS and virtual account carry the bank's reference, printed on the receipt, and a
reference is recorded once — on SQLite and PostgreSQL where the database is involved."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from billing.amendments import Change, amend_booking
from billing.assessments import issue_assessment
from billing.documents.receipt import receipt_pdf_bytes
from billing.documents.skrd import assessment_pdf_bytes
from billing.models import Assessment, Payment
from billing.payments import record_payment
from billing.virtual_account import grouped, luhn_digit, luhn_valid, virtual_account, virtual_accounts_in
from tests.bank_helpers import VA_PREFIX, bank_config, write_config
from tests.lifecycle_helpers import NOV20, book, office
from videotron.cli import main
from videotron.core.clock import FixedClock
from videotron.core.config import load_config
from videotron.core.db import make_engine, make_session_factory
from videotron.core.errors import ValidationError, VideotronError
from videotron.core.migrate import upgrade

CONFIG = bank_config()
WHO = {"config": CONFIG, "actor": "bendahara"}


def test_luhn_known_numbers() -> None:
    assert luhn_digit("7992739871") == "3"  # the textbook example
    assert luhn_valid("4111111111111111") and luhn_valid("79927398713")
    assert not luhn_valid("79927398710") and not luhn_valid("7") and not luhn_valid("12a4")


def test_number_layout() -> None:
    va = virtual_account(VA_PREFIX, "skrd", 2026, 17)
    assert va == "8881234" + "26" + "1" + "00017" + luhn_digit("888123426100017")
    assert virtual_account(VA_PREFIX, "skrd_additional", 2026, 17)[7:10] == "262"  # type: ignore[index]
    assert virtual_account("", "skrd", 2026, 17) is None
    assert grouped("8881234261000170") == "8881 2342 6100 0170"
    with pytest.raises(VideotronError, match="does not fit"):
        virtual_account(VA_PREFIX, "skrd", 2026, 100_000)


@given(seq=st.integers(1, 99_999), position=st.integers(0, 15), wrong=st.integers(1, 9))
def test_every_single_wrong_digit_is_caught(seq: int, position: int, wrong: int) -> None:
    va = virtual_account(VA_PREFIX, "skrd", 2026, seq)
    assert va is not None and luhn_valid(va)
    typo = va[:position] + str((int(va[position]) + wrong) % 10) + va[position + 1 :]
    assert not luhn_valid(typo)
    assert virtual_accounts_in(f"TRF KE VA {typo} ", VA_PREFIX) == []


def test_found_in_a_narrative_grouped_or_not() -> None:
    va = virtual_account(VA_PREFIX, "skrd", 2026, 3)
    assert va is not None
    assert virtual_accounts_in(f"SETORAN VA {grouped(va)} A.N. TOKO", VA_PREFIX) == [va]
    assert virtual_accounts_in(f"VA{va}/11032026", VA_PREFIX) == [va]
    assert virtual_accounts_in(f"VA {va}", "") == []


def test_stored_at_issue_and_printed_beside_the_account(any_engine: Engine, tmp_path: Path) -> None:
    clock = FixedClock(NOV20)
    with make_session_factory(any_engine).begin() as s:
        office(s, tmp_path)
        book(s, clock)
        book(s, clock, "bk-2", plays=5)
        a = issue_assessment(s, "bk-1", clock=clock, **WHO)
        b = issue_assessment(s, "bk-2", clock=clock, **WHO)
        extra = amend_booking(s, "bk-1", Change(plays_per_day=20), reason="tambah", clock=clock, **WHO).additional
        assert extra is not None
        assert a.virtual_account == virtual_account(VA_PREFIX, "skrd", 2026, 1)
        assert b.virtual_account == virtual_account(VA_PREFIX, "skrd", 2026, 2)
        assert extra.virtual_account == virtual_account(VA_PREFIX, "skrd_additional", 2026, 1)
        with pdfplumber.open(io.BytesIO(assessment_pdf_bytes(a))) as pdf:
            text = re.sub(r"\s+", " ", "\n".join(p.extract_text() or "" for p in pdf.pages))
        assert f"No. 1000.0103.00001-2. Nomor Virtual Account khusus SKRD ini: {grouped(a.virtual_account)}" in text
    with make_session_factory(any_engine).begin() as s:
        vas = s.scalars(select(Assessment.virtual_account).order_by(Assessment.id)).all()
        assert len(set(vas)) == 3 and all(luhn_valid(v) for v in vas)  # type: ignore[arg-type]


def test_without_a_prefix_no_virtual_account(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(NOV20)
    with sessions.begin() as s:
        office(s, tmp_path)
        book(s, clock)
        a = issue_assessment(s, "bk-1", config=bank_config(va=False), actor="bendahara", clock=clock)
        assert a.virtual_account is None
        with pdfplumber.open(io.BytesIO(assessment_pdf_bytes(a))) as pdf:
            assert "Virtual Account" not in "".join(p.extract_text() or "" for p in pdf.pages)


def test_va_prefix_is_checked(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.toml")
    assert load_config(path).payment.va_prefix == VA_PREFIX
    path.write_text(path.read_text().replace(f'va_prefix = "{VA_PREFIX}"', 'va_prefix = "88-81"'))
    line = path.read_text().splitlines().index('va_prefix = "88-81"') + 1
    with pytest.raises(ValidationError, match=rf"config.toml:{line}: \[payment\] field 'va_prefix': '88-81' is not a"):
        load_config(path)


def test_bank_payments_keep_their_reference(any_engine: Engine, tmp_path: Path) -> None:
    clock = FixedClock(NOV20)
    day = date(2026, 11, 20)
    with make_session_factory(any_engine).begin() as s:
        office(s, tmp_path)
        book(s, clock)
        a = issue_assessment(s, "bk-1", clock=clock, **WHO)
        for method, ref, code in (("qris", "", "payment.reference_required"), ("va", " ", "payment.reference_required"),
                                  ("tunai", "FT123", "payment.reference_for_cash")):  # fmt: skip
            with pytest.raises(VideotronError) as caught:
                record_payment(s, a.number, amount=1000, paid_on=day, method=method, bank_reference=ref, clock=clock,
                               **WHO)  # fmt: skip
            assert caught.value.code == code and caught.value.field == "bank_reference"
        p = record_payment(s, a.number, amount=500_000, paid_on=day, method="qris", bank_reference=" 6012 3456  7890 ",
                           value_date=date(2026, 11, 21), clock=clock, **WHO)  # fmt: skip
        assert p.bank_reference == "6012 3456 7890"
        with pytest.raises(VideotronError, match="already recorded for SKRD 0001/SKRD/VT/2026: receipt "
                           "0001/TBP/VT/2026 of 20 November 2026"):  # fmt: skip
            record_payment(s, a.number, amount=1000, paid_on=day, method="transfer", bank_reference="6012 3456 7890",
                           clock=clock, **WHO)  # fmt: skip
        with pdfplumber.open(io.BytesIO(receipt_pdf_bytes(p.receipt))) as pdf:
            text = re.sub(r"\s+", " ", pdf.pages[0].extract_text() or "")
        assert "Cara pembayaran : QRIS · Referensi bank 6012 3456 7890" in text
        assert "Tanggal bayar : 20 November 2026 (Tanggal valuta 21 November 2026)" in text


def test_cli_pay_by_virtual_account(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    clock = FixedClock(NOV20)
    with sessionmaker(engine).begin() as s:
        office(s, tmp_path)
        book(s, clock)
        issue_assessment(s, "bk-1", clock=clock, **WHO)
    base = ["--db", sqlite_url, "--config", str(write_config(tmp_path / "config.toml")), "skrd", "pay",
            "0001/SKRD/VT/2026", "--amount", "1.162.500", "--date", "2026-11-20", "--method", "va"]  # fmt: skip
    assert main(base, clock=clock) == 2
    assert "--reference: a payment by va needs the bank's reference" in capsys.readouterr().err
    assert main([*base, "--reference", "VA2611200001"], clock=clock) == 0
    assert "status paid" in capsys.readouterr().out
    with sessionmaker(engine)() as s:
        p = s.scalar(select(Payment))
        assert p is not None and (p.method, p.bank_reference) == ("va", "VA2611200001")
