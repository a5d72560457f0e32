"""The dynamic QRIS on every SKRD: the payload read back by the tests' own TLV reader (CRC recomputed, amount and
bill reference read back), the code printed on the SKRD and the SKRD tambahan decoded from the page image with zbar
and equal to it, the amount following what is still unpaid, and no code where the office has no QRIS merchant."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from billing.amendments import Change, amend_booking
from billing.assessments import issue_assessment, void_assessment
from billing.documents.payment_box import skrd_qris
from billing.documents.skrd import assessment_pdf_bytes
from billing.payments import record_payment
from billing.qris import qris_payload
from tests.bank_helpers import QRIS, bank_config, qr_codes, write_config
from tests.lifecycle_helpers import NOV20, book, office
from tests.tlv import crc16_ccitt_false, decode
from videotron.core.clock import FixedClock
from videotron.core.config import load_config
from videotron.core.errors import ValidationError, VideotronError

# Published payloads, for the tests' reader itself: the EMVCo merchant-presented QR specification's own example
# (v1.1, appendix: "BEST TRANSPORT", Beijing, amount 23.72, CRC A13A; Chinese text counts characters in lengths and
# UTF-8 bytes in the CRC) and a dynamic QRIS with tag 54 from the README of github.com/sunary/qris.
EMVCO_EXAMPLE = (
    "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT"
    "6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A01"
    "12233449988770708123456786304A13A"
)
SUNARY_DYNAMIC = (
    "00020101021226380016ID.CO.SHOPEE.WWW010201020815863724530336054061440005802ID5921PT. SHOPPEE INDONESIA6007"
    "JAKARTA62180814gen by go-qris63049635"
)
CONFIG = bank_config()
WHO = {"config": CONFIG, "actor": "bendahara"}


def test_the_readers_own_check_holds_on_published_payloads() -> None:
    example = decode(EMVCO_EXAMPLE)
    assert example["54"] == "23.72" and example["59"] == "BEST TRANSPORT" and example["64"] == {
        "00": "ZH", "01": "最佳运输", "02": "北京"}  # fmt: skip
    assert decode(SUNARY_DYNAMIC)["54"] == "144000"
    assert crc16_ccitt_false(b"123456789") == 0x29B1  # the CRC catalogue's check value for CRC-16/CCITT-FALSE
    with pytest.raises(AssertionError, match="CRC"):
        decode(SUNARY_DYNAMIC[:-4] + "9636")


def test_payload_fields_read_back() -> None:
    payload = qris_payload(vars(QRIS), 1_860_000, "0001/SKRD/VT/2026")
    tags = decode(payload)
    assert list(tags) == ["00", "01", "26", "51", "52", "53", "54", "58", "59", "60", "61", "62", "63"]
    assert tags["00"] == "01" and tags["01"] == "12"  # dynamic: one bill, one amount
    assert tags["26"] == {"00": "ID.CO.BANKNAGARI.WWW", "01": "936011180000012345", "03": "URE"}
    assert tags["51"] == {"00": "ID.CO.QRIS.WWW", "02": "ID1026123456789", "03": "URE"}
    assert (tags["52"], tags["53"], tags["54"], tags["58"]) == ("9399", "360", "1860000", "ID")
    assert (tags["59"], tags["60"], tags["61"]) == ("DISKOMINFO PADANG PANJANG", "PADANG PANJANG", "27114")
    assert tags["62"] == {"01": "0001/SKRD/VT/2026", "05": "0001/SKRD/VT/2026"}


@pytest.mark.parametrize("amount", [0, -5, True])
def test_no_code_for_nothing(amount: int) -> None:
    with pytest.raises(ValueError):
        qris_payload(vars(QRIS), amount, "0001/SKRD/VT/2026")


def test_a_merchant_the_rules_refuse_is_refused() -> None:
    with pytest.raises(VideotronError, match="cannot be built"):
        qris_payload({**vars(QRIS), "mcc": "93X9"}, 1000, "0001/SKRD/VT/2026")


@pytest.fixture
def s(sessions: sessionmaker[Session], tmp_path: Path):  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        office(session, tmp_path)
        yield session


def test_printed_skrd_code_decodes_to_the_payload(s: Session, tmp_path: Path) -> None:
    clock = FixedClock(NOV20)
    book(s, clock)
    a = issue_assessment(s, "bk-1", clock=clock, **WHO)  # 10 x 31 x Rp2.500 x 1,5
    payload = skrd_qris(a, {"qris": vars(QRIS)})
    assert payload is not None and decode(payload)["54"] == "1162500"
    codes = qr_codes(assessment_pdf_bytes(a), tmp_path)
    assert payload in codes  # the QRIS, beside the verification code
    assert sum(c.startswith("000201") for c in codes) == 1

    # a part payment: a reprint asks for the rest of the principal only
    record_payment(s, a.number, amount=162_500, paid_on=date(2026, 11, 20), method="transfer", clock=clock, **WHO)
    (qris,) = [c for c in qr_codes(assessment_pdf_bytes(a), tmp_path) if c.startswith("000201")]
    assert decode(qris)["54"] == "1000000" and decode(qris)["62"]["01"] == a.number  # type: ignore[index]

    # paid in full: nothing left to scan
    record_payment(s, a.number, amount=1_000_000, paid_on=date(2026, 11, 20), method="tunai", clock=clock, **WHO)
    assert not [c for c in qr_codes(assessment_pdf_bytes(a), tmp_path) if c.startswith("000201")]


def test_skrd_tambahan_carries_its_own_code(s: Session, tmp_path: Path) -> None:
    clock = FixedClock(NOV20)
    book(s, clock)
    issue_assessment(s, "bk-1", clock=clock, **WHO)
    done = amend_booking(s, "bk-1", Change(plays_per_day=40), reason="menambah tayangan", clock=clock, **WHO)
    extra = done.additional
    assert extra is not None and extra.principal == 3_487_500
    (qris,) = [c for c in qr_codes(assessment_pdf_bytes(extra), tmp_path) if c.startswith("000201")]
    tags = decode(qris)
    assert tags["54"] == "3487500" and tags["62"] == {"01": extra.number, "05": extra.number}
    assert extra.number.endswith("/SKRD-T/VT/2026")


def test_no_qris_without_a_merchant_nor_on_a_void_skrd(s: Session, tmp_path: Path) -> None:
    clock = FixedClock(NOV20)
    book(s, clock)
    a = issue_assessment(s, "bk-1", config=bank_config(qris=False), actor="bendahara", clock=clock)
    assert [c.startswith("000201") for c in qr_codes(assessment_pdf_bytes(a), tmp_path)] == [False]
    void_assessment(s, a.number, "salah tarif", actor="bendahara", clock=clock)
    b = issue_assessment(s, "bk-1", clock=clock, **WHO)
    void_assessment(s, b.number, "salah nama", actor="bendahara", clock=clock)
    assert skrd_qris(b, {"qris": vars(QRIS)}) is None


def test_qris_settings_are_checked_with_line_and_key(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.toml")
    assert load_config(path).qris == QRIS
    bad = path.read_text().replace('nmid = "ID1026123456789"', 'nmid = "1026123456789"')
    bad = bad.replace('city = "PADANG PANJANG"', 'city = "KOTA PADANG PANJANG SUMATERA BARAT"')
    path.write_text(bad)
    with pytest.raises(ValidationError) as caught:
        load_config(path)
    text = str(caught.value)
    assert "2 problem(s)" in text
    lines = bad.splitlines()
    city = lines.index('city = "KOTA PADANG PANJANG SUMATERA BARAT"') + 1
    nmid = lines.index('nmid = "1026123456789"') + 1
    assert f"config.toml:{city}: [qris] field 'city': is longer than 15 characters" in text
    assert f"config.toml:{nmid}: [qris] field 'nmid': '1026123456789' is not valid" in text
