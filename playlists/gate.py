"""The airing gate: whether a booking may go on air, by the office's `airing` setting (`videotron.core.config`).

- "booked": every booking airs (no gate);
- "assessed" (the default): a booking airs once its SKRD is issued (status assessed or completed);
- "paid": once everything assessed for it (its SKRD, any SKRD tambahan, less credits) is paid in full, from the
  office day it was (`Booking.paid_on`).

Exempt bookings (a category the tariff exempts, e.g. government use) are assessed at Rp0 and so paid the moment
their SKRD is issued: they air under every setting once it is. PSAs and fillers are not bookings and always air.
A held booking still holds its seats: capacity counts it (`compiler.active_bookings(count_unapproved=True)`).

Billing writes the facts (status, `paid_on`, `due_on`) as SKRDs are issued, paid, offset or voided; this module
only reads them, so the compiler, `plan --explain`, `capacity` and the desk agree on one rule.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from playlists.inputs import BookingSpec, Hold
from playlists.models import Booking
from videotron.core.config import AIRING_MODES, DEFAULT_AIRING
from videotron.core.errors import Problem, VideotronError, problem


def check_mode(mode: str) -> str:
    if mode not in AIRING_MODES:
        raise VideotronError("gate.mode", "{value!r} is not an airing gate: use one of {modes:list}", field="airing",
                             value=mode, modes=AIRING_MODES)  # fmt: skip
    return mode


def hold_of(b: Booking, mode: str = DEFAULT_AIRING) -> Hold | None:
    """Why `mode` keeps booking `b` off the air (None: it may air)."""
    if check_mode(mode) == "booked":
        return None
    if b.status not in ("assessed", "completed"):
        return Hold("not_assessed")
    if mode == "paid" and (b.paid_on is None or b.due_on is not None):
        return Hold("unpaid", due=b.due_on)
    if mode == "paid":
        return Hold("unpaid", air_from=b.paid_on)
    return None


def why_held(spec: BookingSpec, day: date) -> Problem | None:
    """The reason a held booking is not on air on `day`, worded as a note ("- ..."), or None when it airs."""
    hold = spec.hold
    if hold is None or spec.cleared_on(day):
        return None
    about: dict[str, Any] = {"booking": spec.id, "advertiser": spec.advertiser}
    if hold.reason == "not_assessed":
        return problem("gate.not_assessed", "- no SKRD issued yet (the airing gate waits for it)", **about)
    if hold.air_from is not None:
        return problem("gate.paid_later", "- not paid in full by {day:date} (paid in full on {paid:date})", day=day,
                       paid=hold.air_from, **about)  # fmt: skip
    if hold.due is not None:
        return problem("gate.unpaid_due", "- not paid in full, due {due:date}", due=hold.due, **about)
    return problem("gate.unpaid", "- not paid in full", **about)


def held_notes(bookings: tuple[BookingSpec, ...], screen_id: str, day: date) -> list[Problem]:
    """For each booking that holds seats on this screen and day but is kept off the air (in id order), a heading
    "booking X (advertiser) holds its seats but is not on air:" and the reason ("- ..."), one note per line."""
    out = []
    for b in sorted(bookings, key=lambda b: b.id):
        why = why_held(b, day) if b.active_on(screen_id, day) else None
        if why is not None:
            out += [problem("gate.held", "booking {booking} ({advertiser}) holds its seats but is not on air:",
                            booking=b.id, advertiser=b.advertiser), why]  # fmt: skip
    return out
