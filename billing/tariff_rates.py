"""The `[[rate]]` rows of a tariff file: read and check each, every problem with file:line and field.

A row prices a category in a zone by `unit` (play, day, month, contract) and says what the price multiplies by:
`block_seconds` (the row's block, default the file's), `blocks` ("spot", "airtime" or "none"; default "spot" for
play and day, "none" for month), `plays` (a package of N plays a day) and `minimum_charge` (a line's floor). What
cannot mean anything is refused rather than guessed: a contract with blocks, plays or a minimum; a package on a
per-play row or counted by airtime; a block size on a row whose price is not per block.
"""

from __future__ import annotations

from dataclasses import dataclass

from billing.models import BLOCK_BASES, UNITS
from videotron.core.errors import Problem
from videotron.core.tomlsrc import TableReader, TomlDoc, array_tables

NAME_PATTERN = r"[A-Za-z0-9_.-]+"
ACCOUNT_PATTERN = r"[0-9]+(\.[0-9]+)*"
MAX_PRICE = 10**12  # keeps every product far below the 999-trillion limit of terbilang per line
MAX_BLOCK_SECONDS = 3600
MAX_RATES = 1000  # categories x zones x units of a city tariff: a few dozen
DEFAULT_BASIS = {"play": "spot", "day": "spot", "month": "none", "contract": "none"}


@dataclass(frozen=True)
class RateSpec:
    category: str
    zone: str
    unit: str
    price: int
    account: str
    block_seconds: int  # resolved: the row's, else the file's
    blocks: str = "spot"  # spot | airtime | none
    plays: int | None = None  # a package of this many plays a day
    minimum_charge: int = 0


def read_rates(doc: TomlDoc, problems: list[Problem | str], file_block: int | None) -> list[RateSpec]:
    """The checked rows; `file_block` is the file's `block_seconds` (None when it was itself refused)."""
    rows = array_tables(doc, "rate", problems, limit=MAX_RATES)
    if not rows and not problems:
        problems.append(doc.problem("", None, None, "tariff.no_rate", "at least one [[rate]] is required"))
    rates: list[RateSpec] = []
    seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        r = TableReader(doc, "rate", i, row, problems)
        category = r.str("category", pattern=NAME_PATTERN, max_len=64)
        zone = r.str("zone", pattern=r"\*|" + NAME_PATTERN, max_len=32)
        unit = r.str("unit", choices=UNITS)
        price = r.int("price", minimum=0, maximum=MAX_PRICE)
        account = r.str("account", pattern=ACCOUNT_PATTERN, max_len=64)
        block = r.int("block_seconds", required=False, minimum=1, maximum=MAX_BLOCK_SECONDS)
        basis = r.str("blocks", required=False, choices=BLOCK_BASES)
        plays = r.int("plays", required=False, minimum=1, maximum=100_000)
        minimum = r.int("minimum_charge", required=False, default=0, minimum=0, maximum=MAX_PRICE)
        r.finish()
        if category and zone:
            if (category, zone) in seen:
                r.problem("zone", "tariff.rate_twice", "category {category!r} zone {zone!r} is already priced by "
                          "[[rate]] #{other}; the most specific row must be unambiguous", category=category,
                          zone=zone, other=seen[(category, zone)] + 1)  # fmt: skip
            seen.setdefault((category, zone), i)
        if unit is None:
            continue
        basis = basis or DEFAULT_BASIS[unit]
        before = len(problems)
        _check_terms(r, unit, basis, plays)
        if len(problems) > before or None in (category, zone, price, account, minimum) or (block or file_block) is None:
            continue
        rates.append(RateSpec(category, zone, unit, price, account, block or file_block, basis, plays, minimum))  # type: ignore[arg-type]
    return rates


def _check_terms(r: TableReader, unit: str, basis: str, plays: int | None) -> None:
    """The combinations of unit, blocks, block_seconds, plays and minimum_charge that mean something."""
    if unit == "contract":
        for key in ("block_seconds", "blocks", "plays", "minimum_charge"):
            if r.has(key):
                r.problem(key, "tariff.contract_flat", "a contract is a flat price for the booking's whole period, "
                          "never multiplied by blocks or plays: remove {name}", name=key)  # fmt: skip
        return
    if basis == "airtime" and unit == "play":
        r.problem("blocks", "tariff.airtime_per_play", "airtime counts a day's plays; a per-play price counts the "
                  "spot's length: use blocks = \"spot\", or unit \"day\" or \"month\"")  # fmt: skip
    if basis == "none" and r.has("block_seconds"):
        r.problem("block_seconds", "tariff.block_without_blocks", "this row's price is not per block (blocks = "
                  "\"none\", the default for {unit}); say blocks = \"spot\" or \"airtime\" to price per block",
                  unit=unit)  # fmt: skip
    if basis == "chars" and (unit != "day" or plays is not None or r.has("block_seconds")):
        r.problem("blocks", "tariff.chars_per_day", "a running text is priced per character per day: use unit "
                  "\"day\" without plays or block_seconds")  # fmt: skip
    if plays is not None and unit == "play":
        r.problem("plays", "tariff.package_per_play", "a package is N plays a day for one price; a per-play price "
                  "already counts each play: use unit \"day\" or \"month\"")  # fmt: skip
    elif plays is not None and basis == "airtime":
        r.problem("plays", "tariff.package_airtime", "a package counts plays and airtime counts them again: use "
                  "blocks = \"spot\" or \"none\" with plays")  # fmt: skip
