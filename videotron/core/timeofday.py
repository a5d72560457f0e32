"""Times of day as operators write them: "HH:MM" (00:00 to 24:00, where 24:00 is the end of the day) and spans
"HH:MM-HH:MM" (the end may be at or before the start: the span crosses midnight). One parser for every input that
takes them (setup file, tariff bands, dayparts, alert end times)."""

from __future__ import annotations

import re

from videotron.core.errors import ValidationError

HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
MINUTES_PER_DAY = 24 * 60


def parse_hhmm(text: str, what: str) -> int:
    """Minutes after midnight of "HH:MM" (00:00 .. 24:00); `what` is the field, named in the problem."""
    m = HHMM.match(text.strip()) if isinstance(text, str) else None
    if not m or (m.group(1) == "24" and m.group(2) != "00"):
        raise ValidationError("time.not_hhmm", "{text!r} is not a time of day HH:MM (00:00 to 24:00)", field=what,
                              text=text)  # fmt: skip
    return int(m.group(1)) * 60 + int(m.group(2))


def parse_span(text: str, what: str) -> tuple[int, int]:
    """("HH:MM-HH:MM") -> (start, end) minutes after midnight; end may be <= start (crosses midnight)."""
    parts = text.split("-") if isinstance(text, str) else []
    if len(parts) != 2:
        raise ValidationError("time.not_span", "{text!r} is not a span HH:MM-HH:MM", field=what, text=text)
    return parse_hhmm(parts[0], what), parse_hhmm(parts[1], what)


def format_minutes(minutes: int) -> str:
    """1020 -> "17:00"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
