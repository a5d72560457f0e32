"""Per-office configuration (one TOML file): who issues documents, who signs, numbering series, targets.

A fresh install works without a file, but it names no office: the office's identity, signer, treasurer and payment
account have no default, and issuing or printing a document refuses, naming the keys it misses
(`videotron.core.office_identity`); the demo writes its own file (`videotron.demo.config`). A file overrides what it
names and is validated like every other input (file, line, field; unknown keys are errors). The treasurer's cash
settings (late interest, reminder letters, the deposit deadline) are read by `videotron.core.cash_settings`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from videotron.core.cash_settings import DepositRules, Interest, Reminders, read_cash_settings
from videotron.core.clock import Clock
from videotron.core.config_bank import Bank, Qris, check_va_prefix, read_bank, read_qris
from videotron.core.errors import Place, Problem, ValidationError, problem
from videotron.core.tomlsrc import TableReader, TomlDoc
from videotron.core.zones import is_zone

LANGUAGES = ("id", "en")
# The airing gate (`playlists.gate`): a commercial booking airs once it is "booked", once its SKRD is "assessed"
# (issued), or once everything assessed for it is "paid" in full (from that office day on).
AIRING_MODES = ("paid", "assessed", "booked")
DEFAULT_AIRING = "assessed"
MAX_TOLERANCE_PERCENT = 50
# The default office zone. The configuration's `timezone` names the office's own (WITA for Bontang, Berau, Soppeng;
# WIT for Papua): it decides which day an assessment, payment or deposit belongs to, the numbering year, due dates
# and report months. Money follows the office's zone, plays the screen's.
OFFICE_TZ = ZoneInfo("Asia/Jakarta")


# Who the office is, who signs and where payers pay: no defaults (an empty value is "not configured"), so a real
# office never prints another city's identity; `office_identity.REQUIRED` lists what every document needs.
@dataclass(frozen=True)
class Signer:
    name: str = ""
    rank: str = ""
    nip: str = ""
    title: str = ""


@dataclass(frozen=True)
class Treasurer:
    name: str = ""
    nip: str = ""
    title: str = "Bendahara Penerimaan"


@dataclass(frozen=True)
class Office:
    government: str = ""
    name: str = ""
    address: str = ""
    city: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Numbering:
    """Document number formats; {seq} is the gapless counter per series and year, {year} the year."""

    skrd: str = "{seq:04d}/SKRD/VT/{year}"
    receipt: str = "{seq:04d}/TBP/VT/{year}"
    sts: str = "{seq:04d}/STS/VT/{year}"
    strd: str = "{seq:04d}/STRD/VT/{year}"
    skrd_additional: str = "{seq:04d}/SKRD-T/VT/{year}"  # SKRD tambahan: an amendment's increase
    credit: str = "{seq:04d}/SKRDLB/VT/{year}"  # SKRD lebih bayar: a credit for the advertiser
    reminder: str = "{seq:04d}/TEGURAN/VT/{year}"  # Surat Teguran 1, 2 and 3 (one series)


@dataclass(frozen=True)
class Payment:
    bank: str = ""
    account_name: str = ""
    account_number: str = ""
    instructions: str = (
        "Pembayaran dilakukan secara tunai kepada Bendahara Penerimaan atau melalui transfer ke rekening "
        "kas umum daerah di atas dengan mencantumkan nomor SKRD."
    )
    va_prefix: str = ""  # the bank's virtual-account prefix: each SKRD gets its own number (billing.virtual_account)


@dataclass(frozen=True)
class Security:
    """[security]: consecutive failed logins that lock an account, and for how long (`videotron.core.logins`)."""

    lockout_after: int = 5
    lockout_minutes: int = 15


@dataclass(frozen=True)
class Config:
    office: Office = field(default_factory=Office)
    signer: Signer = field(default_factory=Signer)
    treasurer: Treasurer = field(default_factory=Treasurer)
    numbering: Numbering = field(default_factory=Numbering)
    payment: Payment = field(default_factory=Payment)
    language: str = "id"
    timezone: str = "Asia/Jakarta"  # the office's zone (IANA name)
    airing: str = DEFAULT_AIRING  # the airing gate: paid | assessed | booked
    delivery_tolerance: int = 0  # percent of a month's due plays a delivery may fall short without compensation
    targets: dict[int, int] = field(default_factory=dict)  # year -> rupiah target
    account_targets: dict[tuple[int, str], int] = field(default_factory=dict)  # (year, kode rekening) -> rupiah
    source: str | None = None
    qris: Qris | None = None  # the QRIS merchant: a dynamic QRIS on every SKRD when configured
    bank: Bank = field(default_factory=Bank)  # bank statement imports: accounts and the CSV export's columns
    interest: Interest = field(default_factory=Interest)  # late interest: its kode rekening and cap in months
    reminders: Reminders = field(default_factory=Reminders)  # Surat Teguran: days after the due date
    deposit: DepositRules = field(default_factory=DepositRules)  # the deposit deadline's holidays
    security: Security = field(default_factory=Security)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self, clock: Clock) -> date:
        """The office's date now: the day money is dated by."""
        return clock.now().astimezone(self.zone).date()

    def local(self, moment: datetime) -> datetime:
        """A moment on the office's clock."""
        return moment.astimezone(self.zone)


def _section(doc: TomlDoc, name: str, cls: type, problems: list[Problem | str]) -> object:
    data = doc.data.get(name, {})
    reader = TableReader(doc, name, None, data, problems)
    values = {}
    for fname in (f.name for f in dataclasses.fields(cls)):
        if reader.has(fname):
            value = reader.str(fname, max_len=1000)
            if value is not None:
                values[fname] = value
    reader.finish()
    if name == "numbering":
        for key, fmt in values.items():
            try:
                fmt.format(seq=1, year=2026)
            except (KeyError, IndexError, ValueError) as exc:
                reader.problem(key, "config.number_format", "format {format!r} is not valid: use {{seq}} and {{year}} "
                               "({reason})", format=fmt, reason=str(exc))  # fmt: skip
            if "{seq" not in fmt:
                reader.problem(key, "config.number_without_seq", "format {format!r} must contain {{seq}}", format=fmt)
    return cls(**values)


def load_config(path: str | Path | None, text: str | None = None) -> Config:
    """Defaults, overridden by the file when it exists. A missing default file is fine; a named one is not. With
    `text`, that text is checked as the file at `path` would be (what `config_edit` is about to write)."""
    if text is None and (path is None or not Path(path).exists()):
        if path is not None and str(path).strip() and Path(path).name != "config.toml":
            raise ValidationError([problem("file.not_found", "file not found", where=Place(str(path)))])
        return Config(source=None if path is None else str(path))
    doc = TomlDoc(str(path), text)
    problems: list[Problem | str] = []
    known = {
        "office",
        "signer",
        "treasurer",
        "numbering",
        "payment",
        "language",
        "timezone",
        "targets",
        "airing",
        "delivery_tolerance",
        "qris",
        "bank",
        "interest",
        "reminders",
        "deposit",
        "security",
    }
    for key in doc.data:
        if key not in known:
            problems.append(doc.problem("", None, key, "config.unknown_setting", "unknown setting (typo?)"))
    office = _section(doc, "office", Office, problems)
    signer = _section(doc, "signer", Signer, problems)
    treasurer = _section(doc, "treasurer", Treasurer, problems)
    numbering = _section(doc, "numbering", Numbering, problems)
    payment = _section(doc, "payment", Payment, problems)
    language = doc.data.get("language", "id")
    if language not in LANGUAGES:
        problems.append(doc.problem("", None, "language", "config.language", "must be one of {languages:list}",
                                    languages=LANGUAGES))  # fmt: skip
    timezone = doc.data.get("timezone", "Asia/Jakarta")
    if not is_zone(timezone):
        problems.append(doc.problem(
            "", None, "timezone", "config.timezone",
            "{value!r} is not a time zone (use an IANA name: Asia/Jakarta, Asia/Makassar, Asia/Jayapura)",
            value=timezone,
        ))  # fmt: skip
        timezone = "Asia/Jakarta"
    airing = doc.data.get("airing", DEFAULT_AIRING)
    if airing not in AIRING_MODES:
        problems.append(doc.problem("", None, "airing", "config.airing", "{value!r} is not an airing gate: use one of "
                                    "{modes:list}", value=airing, modes=AIRING_MODES))  # fmt: skip
    tolerance = doc.data.get("delivery_tolerance", 0)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int) or not 0 <= tolerance <= MAX_TOLERANCE_PERCENT:
        problems.append(doc.problem("", None, "delivery_tolerance", "config.delivery_tolerance", "must be a whole "
                                    "percent from 0 to {maximum}, got {value!r}", maximum=MAX_TOLERANCE_PERCENT,
                                    value=tolerance))  # fmt: skip
    targets, account_targets = _targets(doc, problems)
    check_va_prefix(doc, payment.va_prefix, problems)  # type: ignore[attr-defined]
    qris, bank = read_qris(doc, problems), read_bank(doc, problems)
    cash = read_cash_settings(doc, problems)
    security = _security(doc, problems)
    if problems:
        raise ValidationError(problems, source=str(path))
    return Config(office, signer, treasurer, numbering, payment, language, timezone, airing, tolerance, targets,  # type: ignore[arg-type]
                  account_targets, str(path), qris=qris, bank=bank, security=security, **cash)  # fmt: skip


def _security(doc: TomlDoc, problems: list[Problem | str]) -> Security:
    reader = TableReader(doc, "security", None, doc.data.get("security", {}), problems)
    after = reader.int("lockout_after", required=False, default=5, minimum=1, maximum=100)
    minutes = reader.int("lockout_minutes", required=False, default=15, minimum=1, maximum=24 * 60)
    reader.finish()
    return Security(after or 5, minutes or 15)


def _targets(doc: TomlDoc, problems: list[Problem | str]) -> tuple[dict[int, int], dict[tuple[int, str], int]]:
    """[targets] "2026" = 500000000, or "2026" = { total = ..., "4.1.2.02.01" = ... }."""
    raw = doc.data.get("targets", {})
    targets: dict[int, int] = {}
    per_account: dict[tuple[int, str], int] = {}
    if not isinstance(raw, dict):
        problems.append(doc.problem("targets", None, None, "config.targets_table", "must be a table of year = rupiah"))
        return targets, per_account
    for year_text, value in raw.items():
        if not (year_text.isdigit() and 2000 <= int(year_text) <= 2200):
            problems.append(doc.problem("targets", None, year_text, "config.target_year", "{year!r} is not a year",
                                        year=year_text))  # fmt: skip
            continue
        year = int(year_text)
        if isinstance(value, dict):
            for acct, amount in value.items():
                if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                    problems.append(doc.problem("targets", None, year_text, "config.account_target",
                                                "{account} must be whole rupiah >= 0", account=acct))  # fmt: skip
                elif acct == "total":
                    targets[year] = amount
                else:
                    per_account[(year, acct)] = amount
            if year not in targets and any(k[0] == year for k in per_account):
                targets[year] = sum(v for k, v in per_account.items() if k[0] == year)
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(doc.problem("targets", None, year_text, "config.target", "must be whole rupiah >= 0, got "
                                        "{value!r}", value=value))  # fmt: skip
        else:
            targets[year] = value
    return targets, per_account
