"""A virtual account number for each SKRD, so a transfer names the bill it pays.

The number is the bank's prefix (`[payment] va_prefix`, its company code), then the SKRD's year (2 digits), its
series (1 for an SKRD, 2 for an SKRD tambahan), its sequence in that series and year (5 digits) and a check digit:

    8881234 26 1 00017 C        (prefix 8881234, 2026, SKRD, number 17, check digit C)

The check digit is Luhn's (mod 10, the check digit of payment card numbers, ISO/IEC 7812-1): from the rightmost
digit leftwards every second digit is doubled (9 subtracted when the double is above 9), the digits are summed, and
the check digit makes the sum a multiple of 10. It catches every single wrong digit and most swapped neighbours, so
a number mistyped at a teller or in a bank app matches no SKRD instead of the wrong one. The number is stored on
the SKRD when it is issued (the prefix may change later; the number printed never does).
"""

from __future__ import annotations

import re

from videotron.core.errors import VideotronError

SERIES_DIGIT = {"skrd": "1", "skrd_additional": "2"}
SEQ_DIGITS = 5
TAIL = 2 + 1 + SEQ_DIGITS + 1  # year, series, sequence, check digit
_DIGIT_RUN = re.compile(r"\d(?:[\d .-]*\d)?")


def luhn_digit(digits: str) -> str:
    """The Luhn check digit to append to `digits`."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # these are doubled once the check digit stands to their right
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str(-total % 10)


def luhn_valid(number: str) -> bool:
    return number.isdigit() and len(number) > 1 and luhn_digit(number[:-1]) == number[-1]


def virtual_account(prefix: str, series: str, year: int, seq: int) -> str | None:
    """The virtual account of document `seq` of `series` in `year`, or None when the office has no prefix."""
    if not prefix:
        return None
    if seq >= 10**SEQ_DIGITS:
        raise VideotronError("va.sequence_too_long", "number {seq} does not fit the virtual account's {digits} "
                             "digits; ask the bank for a longer number", seq=seq, digits=SEQ_DIGITS)  # fmt: skip
    body = f"{prefix}{year % 100:02d}{SERIES_DIGIT[series]}{seq:0{SEQ_DIGITS}d}"
    return body + luhn_digit(body)


def grouped(number: str) -> str:
    """`8881 2342 6100 0170` — in fours, as people read a number out."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def virtual_accounts_in(text: str, prefix: str) -> list[str]:
    """The well-formed virtual accounts under `prefix` written in `text` (in groups or not), in order: a number of
    the right length, starting with the prefix, whose check digit holds."""
    if not prefix:
        return []
    found: list[str] = []
    for run in _DIGIT_RUN.findall(text):
        digits = re.sub(r"\D", "", run)
        for start in range(len(digits) - len(prefix) - TAIL + 1):
            candidate = digits[start : start + len(prefix) + TAIL]
            if candidate.startswith(prefix) and luhn_valid(candidate) and candidate not in found:
                found.append(candidate)
    return found
