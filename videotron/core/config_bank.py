"""The office's non-cash channels in its configuration: the QRIS merchant (`[qris]`), the virtual-account prefix
(`[payment] va_prefix`), the accounts bank statements are imported for (`[bank]`) and how the bank's CSV export
names its columns (`[bank.csv]`).

Read and checked like every other setting (file, line, key; unknown keys are errors). Nothing here is on by
default: without `[qris]` no SKRD carries a QRIS code, without `va_prefix` no virtual account is given out.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, fields

from videotron.core.errors import Problem
from videotron.core.tomlsrc import TableReader, TomlDoc

# Lengths from the EMVCo merchant-presented QR specification (QRIS follows it): merchant name 25, city 15,
# globally unique identifier 32, merchant PAN 19 digits, merchant id 15.
QRIS_CRITERIA = ("UMI", "UKE", "UME", "UBE", "URE")
VA_PREFIX = r"[0-9]{3,11}"  # the bank's company code; the number adds 9 digits (virtual_account.py)


@dataclass(frozen=True)
class Qris:
    """The office's QRIS merchant, from its acquiring bank's registration: printed on every SKRD as a dynamic code."""

    merchant_name: str
    city: str
    nmid: str  # National Merchant ID, "ID" and 13 digits (tag 51)
    acquirer_guid: str  # the acquirer's reverse domain, e.g. "ID.CO.BANKNAGARI.WWW" (tag 26, sub-tag 00)
    merchant_pan: str  # the merchant PAN the acquirer gave (tag 26, sub-tag 01): its NNS and the merchant
    mcc: str = "9399"  # merchant category code: government services not elsewhere classified
    merchant_id: str | None = None  # the acquirer's own merchant id (tag 26, sub-tag 02), if it gave one
    criteria: str | None = None  # UMI, UKE, UME, UBE or URE (merchant criteria), if the acquirer names one
    postal_code: str | None = None


@dataclass(frozen=True)
class BankCsv:
    """Which column of the bank's CSV export holds what, and how its numbers and dates are written (a regional
    bank's cash-management export: `Tanggal;...;Keterangan;Debet;Kredit;Saldo`, amounts as 1.234.567,00)."""

    date: str = "Tanggal"
    amount: str = "Kredit"  # credits; with no `debit` column, a negative amount (or one marked DB) is a debit
    reference: str = "Keterangan"  # the narrative (berita): where the payer writes the SKRD number
    debit: str | None = None  # debits in a column of their own (Debet), when the export has one
    value_date: str | None = None
    bank_reference: str | None = None  # the bank's own reference of the transaction
    va: str | None = None  # the virtual account credited, when the export has a column for it
    payer: str | None = None  # the sender's name, when the export has a column for it
    date_format: str = "%d/%m/%Y"
    decimal: str = ","
    thousands: str = "."
    delimiter: str = ";"
    encoding: str = "utf-8-sig"


@dataclass(frozen=True)
class Bank:
    """The accounts the office imports statements for (default: the payment account on its SKRDs)."""

    accounts: tuple[str, ...] = ()
    csv: BankCsv = field(default_factory=BankCsv)


def read_qris(doc: TomlDoc, problems: list[Problem | str]) -> Qris | None:
    if "qris" not in doc.data:
        return None
    r = TableReader(doc, "qris", None, doc.data["qris"], problems)
    values = {
        "merchant_name": r.str("merchant_name", max_len=25),
        "city": r.str("city", max_len=15),
        "nmid": r.str("nmid", pattern=r"ID[0-9]{13}"),
        "acquirer_guid": r.str("acquirer_guid", max_len=32),
        "merchant_pan": r.str("merchant_pan", pattern=r"[0-9]{8,19}"),
        "mcc": r.str("mcc", required=False, default="9399", pattern=r"[0-9]{4}"),
        "merchant_id": r.str("merchant_id", required=False, max_len=15),
        "criteria": r.str("criteria", required=False, choices=QRIS_CRITERIA),
        "postal_code": r.str("postal_code", required=False, pattern=r"[0-9]{5}"),
    }
    r.finish()
    needed = ("merchant_name", "city", "nmid", "acquirer_guid", "merchant_pan", "mcc")
    if any(values[k] is None for k in needed):
        return None  # the problems say which
    return Qris(**values)  # type: ignore[arg-type]


def check_va_prefix(doc: TomlDoc, prefix: str, problems: list[Problem | str]) -> None:
    """`[payment] va_prefix`: the bank's company code, digits only."""
    if prefix and not re.fullmatch(VA_PREFIX, prefix):
        problems.append(doc.problem("payment", None, "va_prefix", "config.va_prefix", "{value!r} is not a virtual "
                                    "account prefix: 3 to 11 digits, as the bank gave them", value=prefix))  # fmt: skip


def read_bank(doc: TomlDoc, problems: list[Problem | str]) -> Bank:
    raw = doc.data.get("bank", {})
    r = TableReader(doc, "bank", None, raw, problems)
    accounts = r.str_list("accounts", required=False) or []
    r.raw("csv")
    r.finish()
    csv = BankCsv()
    if isinstance(r.data.get("csv"), dict):
        csv = _read_csv(doc, r.data["csv"], problems)
    return Bank(tuple(accounts), csv)


def _read_csv(doc: TomlDoc, data: dict[str, object], problems: list[Problem | str]) -> BankCsv:
    r = TableReader(doc, "bank.csv", None, data, problems)
    defaults = BankCsv()
    values: dict[str, str | None] = {}
    for f in fields(BankCsv):
        if r.has(f.name):
            values[f.name] = r.str(f.name, max_len=100)
    r.finish()
    for key in ("decimal", "thousands", "delimiter"):
        if values.get(key) is not None and len(str(values[key])) != 1:
            r.problem(key, "config.csv_one_character", "must be one character, got {value!r}", value=values[key])
    if values.get("decimal", defaults.decimal) == values.get("thousands", defaults.thousands):
        r.problem("decimal", "config.csv_same_separators", "the decimal and thousands separators must differ")
    fmt = values.get("date_format")
    if fmt is not None and "%d" not in fmt:
        r.problem("date_format", "config.csv_date_format", "{value!r} is not a date format (e.g. \"%d/%m/%Y\")",
                  value=fmt)  # fmt: skip
    encoding = values.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            r.problem("encoding", "config.csv_encoding", "{value!r} is not a text encoding (utf-8, cp1252, ...)",
                      value=encoding)  # fmt: skip
    kept = {k: v for k, v in values.items() if v is not None}
    return BankCsv(**kept)
