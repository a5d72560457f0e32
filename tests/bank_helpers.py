"""Shared test data for the non-cash channels: the office's QRIS merchant and virtual-account prefix, as a `Config`
and as the configuration file the command line reads."""

from __future__ import annotations

import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from tests.office import TEST_CONFIG, office_config, write_office_config
from videotron.core.config import Config
from videotron.core.config_bank import Bank, BankCsv, Qris

VA_PREFIX = "8881234"
ACCOUNT = "1000.0103.00001-2"  # the default [payment] account_number: the RKUD at Bank Nagari
QRIS = Qris(
    merchant_name="DISKOMINFO PADANG PANJANG",
    city="PADANG PANJANG",
    nmid="ID1026123456789",
    acquirer_guid="ID.CO.BANKNAGARI.WWW",
    merchant_pan="936011180000012345",
    mcc="9399",
    criteria="URE",
    postal_code="27114",
)
# Bank Nagari's cash-management export as the tests' statements are written (tests/data/bank/).
NAGARI_CSV = BankCsv(date="Tanggal", value_date="Tgl Valuta", bank_reference="No. Referensi", reference="Keterangan",
                     va="No. VA", payer="Nama Pengirim", debit="Debet", amount="Kredit")  # fmt: skip

CONFIG_TOML = """\
[qris]
merchant_name = "DISKOMINFO PADANG PANJANG"
city = "PADANG PANJANG"
nmid = "ID1026123456789"
acquirer_guid = "ID.CO.BANKNAGARI.WWW"
merchant_pan = "936011180000012345"
mcc = "9399"
criteria = "URE"
postal_code = "27114"

[bank.csv]
date = "Tanggal"
value_date = "Tgl Valuta"
bank_reference = "No. Referensi"
reference = "Keterangan"
va = "No. VA"
payer = "Nama Pengirim"
debit = "Debet"
amount = "Kredit"
date_format = "%d/%m/%Y"
decimal = ","
thousands = "."
delimiter = ";"
"""


def bank_config(*, qris: bool = True, va: bool = True, language: str = "id") -> Config:
    """The test office with its QRIS merchant and virtual-account prefix (each can be left out)."""
    return office_config(payment=replace(TEST_CONFIG.payment, va_prefix=VA_PREFIX if va else ""),
                         qris=QRIS if qris else None, bank=Bank(csv=NAGARI_CSV), language=language)  # fmt: skip


def write_config(path: Path, extra: str = "") -> Path:
    """The test office's configuration file with the bank's settings: the VA prefix in its [payment] table."""
    written = write_office_config(path, tables="\n" + CONFIG_TOML + extra)
    text = written.read_text(encoding="utf-8").replace("[payment]\n", f'[payment]\nva_prefix = "{VA_PREFIX}"\n', 1)
    written.write_text(text, encoding="utf-8")
    return written


def qr_codes(pdf: bytes, tmp_path: Path, dpi: int = 200) -> list[str]:
    """Every QR code on the PDF's pages, read back from the rendered page images with zbar (`zbarimg`)."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    (folder / "doc.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(folder / "doc.pdf"), str(folder / "page")], check=True)
    codes: list[str] = []
    for page in sorted(folder.glob("page*.png")):
        out = subprocess.run(["zbarimg", "--quiet", "-Sdisable", "-Sqrcode.enable", "--xml", str(page)],
                             capture_output=True, text=True, check=False)  # fmt: skip
        codes += _symbols(out.stdout)
    return codes


def _symbols(xml: str) -> list[str]:
    if not xml.strip():
        return []
    root = ET.fromstring(xml)
    return [el.text or "" for el in root.iter() if el.tag.endswith("data")]
