"""Time-band factors: a booking's window ("HH:MM-HH:MM") inside a tariff band pays that band's factor; outside every
band, factor 1; across a band's edge it is refused, the edge named ("split it at 17:00").

Scheduling sits below billing and cannot see the tariff, and a draft booking may still be edited, so the refusal is
pricing's: a quote or an SKRD of such a booking is refused, and `check_band` lets the desk's draft check and the
command line say it while the booking is typed, before anything is issued. A booking without a window plays
anywhere in the screen's hours and pays factor 1. Tariff bands never overlap (checked on import).
"""

from __future__ import annotations

from decimal import Decimal

from billing.models import TariffBand, TariffVersion
from billing.tariff_file import band_segments, segments
from videotron.core.errors import Problem, ValidationError, problem
from videotron.core.timeofday import MINUTES_PER_DAY, format_minutes, parse_span

ONE = Decimal(1)


def _covers(pieces: list[tuple[int, int]], minute: int) -> bool:
    minute %= MINUTES_PER_DAY
    return any(a <= minute < b for a, b in pieces)


def _edges_inside(window: list[tuple[int, int]], band: TariffBand) -> list[int]:
    """The band's edges (its start and end) that fall inside the window: minutes it covers on both sides."""
    have = band_segments(band.start, band.end)
    if have == [(0, MINUTES_PER_DAY)]:
        return []  # an all-day band has no edge
    edges = sorted({m % MINUTES_PER_DAY for m in (have[0][0], have[-1][1])})
    return [e for e in edges if _covers(window, e) and _covers(window, e - 1)]


def _inside(window: list[tuple[int, int]], band: TariffBand) -> bool:
    have = band_segments(band.start, band.end)
    return all(any(c <= a and b <= d for c, d in have) for a, b in window)


def band_problems(version: TariffVersion, band: str | None) -> list[Problem]:
    """What is wrong with a booking's window under this tariff: one problem per tariff band whose edge it crosses
    (field `band`), naming the band and the time to split at. Empty when it fits."""
    if not band:
        return []
    window = segments(*parse_span(band, "band"))
    found = []
    for b in version.bands:
        edges = _edges_inside(window, b)
        if edges:
            found.append(problem("quote.band_straddles", "{window} crosses the edge of tariff band {name!r} "
                                 "({start}-{end}, factor {factor:number}) at {edges:list}: split the booking at "
                                 "{edges:list}, so each part pays its own factor", field="band", window=band,
                                 name=b.name, start=b.start, end=b.end, factor=b.factor,
                                 edges=[format_minutes(e) for e in edges]))  # fmt: skip
    return found


def check_band(version: TariffVersion, band: str | None) -> None:
    """Refuse a booking window that straddles a tariff band's edge (ValidationError naming band and edge)."""
    found = band_problems(version, band)
    if found:
        raise ValidationError(found)


def band_factor(version: TariffVersion, band: str | None) -> tuple[Decimal, str | None]:
    """The factor of the tariff band the booking's window lies inside, else (1, None); a window across a band's
    edge is refused (`check_band`)."""
    check_band(version, band)
    if not band:
        return ONE, None
    window = segments(*parse_span(band, "band"))
    for b in version.bands:
        if _inside(window, b):
            return b.factor, b.name
    return ONE, None
