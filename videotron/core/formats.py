"""How numbers, money, dates and times read in Indonesian (and English): `Rp1.500.000`, `1.500`, `19 Juli 2022`,
`31-12-2026 14:05 WITA`.

Every time a person reads carries its zone's name: WIB, WITA or WIT for Indonesia's three zones, the IANA name's
own abbreviation elsewhere.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

# Indonesia's zones by the names people use (Permendagri / BMKG usage), whatever the tz database abbreviates.
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _locale(language: str) -> str:
    return "en_ID" if language == "en" else "id_ID"


def rupiah(amount: int, language: str = "id") -> str:
    """`Rp1.500.000` (no cents: retribution is assessed in whole rupiah)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"rupiah amounts are int, got {amount!r}")
    return str(format_currency(amount, "IDR", locale=_locale(language), format="¤#,##0", currency_digits=False))


def number(value: int | Decimal, language: str = "id") -> str:
    """A number with Indonesian grouping and decimal comma: 1.500, 1,5."""
    return str(format_decimal(value, locale=_locale(language)))


def long_date(day: date, language: str = "id") -> str:
    """`19 Juli 2022` (or `19 July 2022` in English)."""
    return str(format_date(day, "long", locale=_locale(language)))


def month_year(day: date, language: str = "id") -> str:
    """`Desember 2026` (or `December 2026`): the month `day` is in."""
    return str(format_date(day, "MMMM y", locale=_locale(language)))


def zone_name(zone: ZoneInfo | str) -> str:
    """WIB / WITA / WIT for Indonesia's zones; the zone's own abbreviation (or name) elsewhere."""
    key = zone if isinstance(zone, str) else zone.key
    if key in ZONE_NAMES:
        return ZONE_NAMES[key]
    abbreviation = datetime.now(ZoneInfo(key)).tzname() or key
    return key if abbreviation.startswith(("+", "-")) else abbreviation


def local_time(moment: datetime, zone: ZoneInfo | str, seconds: bool = False) -> str:
    """`31-12-2026 14:05 WITA`: a moment as a person in `zone` reads it, with the zone's name."""
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    pattern = "%d-%m-%Y %H:%M:%S" if seconds else "%d-%m-%Y %H:%M"
    return f"{moment.astimezone(tz).strftime(pattern)} {zone_name(tz)}"
