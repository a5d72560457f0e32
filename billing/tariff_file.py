"""The tariff table TOML file: read and check it, reporting every problem at once with file:line and field.

The format is a contract (the README's "The tariff file"): top-level settings, `[[rate]]` rows (`billing.tariff_rates`:
a price by category and zone, its unit, block, package and minimum charge, kode rekening) and optional `[[band]]`
time-band factors. Unknown keys are errors, so a typo never silently changes what a payer is charged. A file with a
`month` row says how a part calendar month counts (`part_month`): there is no default to fall into silently.

Bounded: a tariff file is at most 256 KiB and 96 bands (one per quarter hour); a larger one is refused with one
problem before its tables are read, and bands named alike are each named against the first, never pairwise.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from billing.models import PART_MONTH_RULES
from billing.tariff_rates import NAME_PATTERN, RateSpec, read_rates
from videotron.core.errors import Problem, ValidationError
from videotron.core.timeofday import MINUTES_PER_DAY, format_minutes, parse_hhmm
from videotron.core.tomlsrc import TableReader, TomlDoc, array_tables

MAX_FILE_BYTES = 256 * 1024  # the largest real tariff is a few kilobytes
MAX_BANDS = 96

__all__ = ["BandSpec", "RateSpec", "TariffSpec", "band_segments", "read_tariff", "segments"]


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
    part_month: str | None = None  # whole | days: how a part calendar month counts for `month` rows
    source_name: str = ""
    source_text: str = field(default="", repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.source_text.encode("utf-8")).hexdigest()


def segments(start: int, end: int) -> list[tuple[int, int]]:
    """Minutes of the day a band from `start` to `end` (minutes after midnight) covers, as half-open [a, b)
    pieces; an end at or before the start crosses midnight (22:00-02:00), and 00:00-24:00 (or equal start and
    end) is the whole day."""
    if start == end or (start == 0 and end == MINUTES_PER_DAY):
        return [(0, MINUTES_PER_DAY)]
    if start < end:
        return [(start, end)]
    return [(start, MINUTES_PER_DAY), (0, end)] if end else [(start, MINUTES_PER_DAY)]


def band_segments(start: str, end: str) -> list[tuple[int, int]]:
    """`segments` of a stored band, its times read by the one HH:MM parser (`videotron.core.timeofday`)."""
    return segments(parse_hhmm(start, "start"), parse_hhmm(end, "end"))


def _overlaps(x: list[tuple[int, int]], y: list[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in x for c, d in y)


def read_tariff(path: str | Path, text: str | None = None) -> TariffSpec:
    """Check a tariff file; raises ValidationError listing every problem, each with its line and field."""
    doc = TomlDoc(path, text, max_bytes=MAX_FILE_BYTES)
    text = doc.text
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
    interest = _decimals(r, "late_interest_percent", 3, minimum=Decimal(0), maximum=Decimal(100))
    exempt = r.str_list("exempt_categories", required=False, pattern=NAME_PATTERN, non_empty=False) or []
    part_month = r.str("part_month", required=False, choices=PART_MONTH_RULES)
    r.finish()

    rates = read_rates(doc, problems, block_seconds)
    if part_month is None and not r.has("part_month") and _has_month_row(doc):
        r.problem("part_month", "tariff.part_month_required", "a [[rate]] is priced per calendar month: say how a "
                  "part month counts, part_month = \"whole\" (any started month counts whole) or \"days\" (pro rata "
                  "by the days of that month)")  # fmt: skip
    bands = _bands(doc, problems)
    if problems:
        raise ValidationError(problems, source=str(path))
    # Without problems every required value was read (the reader records a problem for each one it could not).
    assert name and regulation and effective_from and block_seconds and rounding and interest is not None
    assert due_days is not None
    return TariffSpec(name, regulation, effective_from, block_seconds, rounding, min_plays, due_days, interest,
                      tuple(exempt), tuple(rates), tuple(bands), part_month, Path(path).name, text)  # fmt: skip


def _has_month_row(doc: TomlDoc) -> bool:
    rows = doc.data.get("rate")
    return isinstance(rows, list) and any(isinstance(row, dict) and row.get("unit") == "month" for row in rows)


def _decimals(r: TableReader, key: str, places: int, *, minimum: Decimal, maximum: Decimal) -> Decimal | None:
    """A number with at most `places` decimals (they are stored as integers x 10^places)."""
    value = r.decimal(key, minimum=minimum, maximum=maximum)
    if value is not None and value.as_tuple().exponent < -places:  # type: ignore[operator]
        r.problem(key, "tariff.too_many_decimals", "at most {places} decimals, got {value}", places=places, value=value)
        return None
    return value


def _time(r: TableReader, key: str) -> int | None:
    """A band's time of day (minutes after midnight), read by the one HH:MM parser, its problem placed in the file."""
    text = r.str(key, max_len=16)
    if text is None:
        return None
    try:
        return parse_hhmm(text, key)
    except ValidationError as exc:
        r.problems.extend(dataclasses.replace(p, where=r.doc.place(r.table, r.index, key)) for p in exc.problems)
        return None


def _bands(doc: TomlDoc, problems: list[Problem | str]) -> list[BandSpec]:
    bands: list[BandSpec] = []
    placed: list[tuple[int, BandSpec, list[tuple[int, int]]]] = []
    first: dict[str, int] = {}
    for i, row in enumerate(array_tables(doc, "band", problems, limit=MAX_BANDS)):
        r = TableReader(doc, "band", i, row, problems)
        name = r.str("name", pattern=NAME_PATTERN, max_len=64)
        start, end = _time(r, "start"), _time(r, "end")
        factor = _decimals(r, "factor", 4, minimum=Decimal(0), maximum=Decimal(100))
        r.finish()
        if start == MINUTES_PER_DAY:
            r.problem("start", "tariff.band_starts_at_24", "a band cannot start at 24:00 (use 00:00)")
            start = None
        if name is None or start is None or end is None or factor is None:
            continue
        band = BandSpec(name, format_minutes(start), format_minutes(end), factor)
        covers = segments(start, end)
        if name in first:  # named against the first band of that name only: n bands named alike are n-1 problems
            r.problem("name", "tariff.band_name_twice", "band name {name!r} is already used by [[band]] #{other}",
                      name=name, other=first[name] + 1)  # fmt: skip
            continue
        first[name] = i
        for j, other, other_covers in placed:
            if _overlaps(covers, other_covers):
                r.problem("start", "tariff.bands_overlap", "{start}-{end} overlaps [[band]] #{other} {other_name!r} "
                          "({other_start}-{other_end}); a booking's band factor must be unambiguous",
                          start=band.start, end=band.end, other=j + 1, other_name=other.name,
                          other_start=other.start, other_end=other.end)  # fmt: skip
                break  # the first overlap says what to fix
        placed.append((i, band, covers))
        bands.append(band)
    return bands
