"""The tariff table TOML file: read and check it, reporting every problem at once with file:line and field.

The format is a contract (see issue #5 and `docs` in the README): top-level settings, `[[rate]]` rows (price of
ONE block by category and zone, unit play/day/month, kode rekening) and optional `[[band]]` time-band factors.
Unknown keys are errors, so a typo never silently changes what a payer is charged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from billing.models import UNITS
from videotron.core.errors import Problem, ValidationError
from videotron.core.tomlsrc import TableReader, TomlDoc, array_tables

NAME_PATTERN = r"[A-Za-z0-9_.-]+"
TIME_PATTERN = r"([01][0-9]|2[0-3]):[0-5][0-9]|24:00"
ACCOUNT_PATTERN = r"[0-9]+(\.[0-9]+)*"
MAX_PRICE = 10**12  # keeps every product far below the 999-trillion limit of terbilang per line


@dataclass(frozen=True)
class RateSpec:
    category: str
    zone: str
    unit: str
    price: int
    account: str


@dataclass(frozen=True)
class BandSpec:
    name: str
    start: str
    end: str
    factor: Decimal


@dataclass(frozen=True)
class TariffSpec:
    """A checked tariff file, ready to import as a new version."""

    name: str
    regulation: str
    effective_from: date
    block_seconds: int
    rounding: int
    min_plays_per_day: int | None
    due_days: int
    late_interest_percent: Decimal
    exempt_categories: tuple[str, ...]
    rates: tuple[RateSpec, ...]
    bands: tuple[BandSpec, ...] = ()
    source_name: str = ""
    source_text: str = field(default="", repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.source_text.encode("utf-8")).hexdigest()


def minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def segments(start: str, end: str) -> list[tuple[int, int]]:
    """Minutes of the day a band covers, as half-open [a, b) pieces; an end at or before the start crosses
    midnight ("22:00"-"02:00"), and "00:00"-"24:00" (or equal start and end) is the whole day."""
    a, b = minutes(start), minutes(end)
    if a == b or (a == 0 and b == 1440):
        return [(0, 1440)]
    if a < b:
        return [(a, b)]
    return [(a, 1440), (0, b)] if b else [(a, 1440)]


def _overlaps(x: list[tuple[int, int]], y: list[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in x for c, d in y)


def read_tariff(path: str | Path, text: str | None = None) -> TariffSpec:
    """Check a tariff file; raises ValidationError listing every problem, each with its line and field."""
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ValidationError([f"{path}: file not found"]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError([f"{path}: cannot read: {exc}"]) from None
    doc = TomlDoc(path, text)
    problems: list[Problem | str] = []
    top = {k: v for k, v in doc.data.items() if k not in ("rate", "band")}
    r = TableReader(doc, "", None, top, problems)
    name = r.str("name", max_len=300)
    regulation = r.str("regulation", max_len=500)
    effective_from = r.date("effective_from", earliest=date(2000, 1, 1), latest=date(2200, 12, 31))
    block_seconds = r.int("block_seconds", minimum=1, maximum=3600)
    rounding = r.int("rounding", minimum=1, maximum=1_000_000)
    min_plays = r.int("min_plays_per_day", required=False, minimum=1, maximum=100_000)
    due_days = r.int("due_days", minimum=0, maximum=366)
    interest = r.decimal("late_interest_percent", minimum=Decimal(0), maximum=Decimal(100))
    if interest is not None and interest.as_tuple().exponent < -3:  # type: ignore[operator]
        r.problem("late_interest_percent", f"at most 3 decimals, got {interest}")
    exempt = r.str_list("exempt_categories", required=False, pattern=NAME_PATTERN, non_empty=False) or []
    r.finish()

    rates = _rates(doc, problems, set(exempt))
    bands = _bands(doc, problems)
    if problems:
        raise ValidationError(problems, source=str(path))
    # Without problems every required value was read (the reader records a problem for each one it could not).
    assert name and regulation and effective_from and block_seconds and rounding and interest is not None
    assert due_days is not None
    return TariffSpec(
        name=name,
        regulation=regulation,
        effective_from=effective_from,
        block_seconds=block_seconds,
        rounding=rounding,
        min_plays_per_day=min_plays,
        due_days=due_days,
        late_interest_percent=interest,
        exempt_categories=tuple(exempt),
        rates=tuple(rates),
        bands=tuple(bands),
        source_name=Path(path).name,
        source_text=text,
    )


def _rates(doc: TomlDoc, problems: list[Problem | str], exempt: set[str]) -> list[RateSpec]:
    rows = array_tables(doc, "rate", problems)
    if not rows and not problems:
        problems.append(f"{doc.path}: at least one [[rate]] is required")
    rates: list[RateSpec] = []
    seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        r = TableReader(doc, "rate", i, row, problems)
        category = r.str("category", pattern=NAME_PATTERN, max_len=64)
        zone = r.str("zone", pattern=r"\*|" + NAME_PATTERN, max_len=32)
        unit = r.str("unit", choices=UNITS)
        price = r.int("price", minimum=0, maximum=MAX_PRICE)
        account = r.str("account", pattern=ACCOUNT_PATTERN, max_len=64)
        r.finish()
        if category and zone:
            if (category, zone) in seen:
                r.problem(
                    "zone",
                    f"category {category!r} zone {zone!r} is already priced by [[rate]] "
                    f"#{seen[(category, zone)] + 1}; the most specific row must be unambiguous",
                )
            seen.setdefault((category, zone), i)
        if None not in (category, zone, unit, price, account):
            rates.append(RateSpec(category, zone, unit, price, account))  # type: ignore[arg-type]
    return rates


def _bands(doc: TomlDoc, problems: list[Problem | str]) -> list[BandSpec]:
    bands: list[BandSpec] = []
    placed: list[tuple[int, BandSpec]] = []
    for i, row in enumerate(array_tables(doc, "band", problems)):
        r = TableReader(doc, "band", i, row, problems)
        name = r.str("name", pattern=NAME_PATTERN, max_len=64)
        start = r.str("start", pattern=TIME_PATTERN)
        end = r.str("end", pattern=TIME_PATTERN)
        factor = r.decimal("factor", minimum=Decimal(0), maximum=Decimal(100))
        if factor is not None and factor.as_tuple().exponent < -4:  # type: ignore[operator]
            r.problem("factor", f"at most 4 decimals, got {factor}")
            factor = None
        r.finish()
        if start == "24:00":
            r.problem("start", "a band cannot start at 24:00 (use 00:00)")
            start = None
        if None in (name, start, end, factor):
            continue
        band = BandSpec(name, start, end, factor)  # type: ignore[arg-type]
        for j, other in placed:
            if other.name == band.name:
                r.problem("name", f"band name {name!r} is already used by [[band]] #{j + 1}")
            elif _overlaps(segments(band.start, band.end), segments(other.start, other.end)):
                r.problem(
                    "start",
                    f"{start}-{end} overlaps [[band]] #{j + 1} {other.name!r} "
                    f"({other.start}-{other.end}); a booking's band factor must be unambiguous",
                )
        placed.append((i, band))
        bands.append(band)
    return bands
