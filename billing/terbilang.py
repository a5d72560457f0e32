"""Amounts in words ("terbilang") for documents: Indonesian by default, English for English documents.

Written by hand rather than taken from num2words, whose Indonesian is wrong for some amounts. Indonesian rules:
1 = satu but 10 = sepuluh, 11 = sebelas, 100 = seratus and a thousands group of exactly one is "seribu"
(1.001.000 = "satu juta seribu"), while "satu juta", "satu miliar", "satu triliun" keep "satu".
Exact for every integer 0 .. 999.999.999.999.999 (999 trillion); anything else is refused, never guessed.
"""

from __future__ import annotations

MAX_AMOUNT = 999_999_999_999_999

_ID_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_ID_SCALES = ("", "ribu", "juta", "miliar", "triliun")

_EN_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_SCALES = ("", "thousand", "million", "billion", "trillion")


def _check(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"amount in words needs an integer, got {n!r}")
    if not 0 <= n <= MAX_AMOUNT:
        raise ValueError(f"amount {n} is outside 0 .. {MAX_AMOUNT}")


def _groups(n: int) -> list[int]:
    """Groups of three digits, least significant first: 1_234_567 -> [567, 234, 1]."""
    out = []
    while n:
        n, g = divmod(n, 1000)
        out.append(g)
    return out


def _id_below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_ID_UNITS[hundreds], "ratus"]
    tens, ones = divmod(rest, 10)
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words += [_ID_UNITS[ones], "belas"]
    else:
        if tens:
            words += [_ID_UNITS[tens], "puluh"]
        if ones:
            words.append(_ID_UNITS[ones])
    return words


def terbilang(n: int) -> str:
    """Indonesian words for n, lower case: terbilang(1_001_000) == "satu juta seribu"."""
    _check(n)
    if n == 0:
        return "nol"
    words: list[str] = []
    groups = _groups(n)
    for scale in range(len(groups) - 1, -1, -1):
        g = groups[scale]
        if not g:
            continue
        if scale == 1 and g == 1:
            words.append("seribu")
            continue
        words += _id_below_thousand(g)
        if _ID_SCALES[scale]:
            words.append(_ID_SCALES[scale])
    return " ".join(words)


def _en_below_thousand(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds:
        words += [_EN_UNITS[hundreds], "hundred"]
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(_EN_TENS[tens] + (f"-{_EN_UNITS[ones]}" if ones else ""))
    elif rest:
        words.append(_EN_UNITS[rest])
    return words


def english_words(n: int) -> str:
    """English words (short scale, no "and"): english_words(1_001_000) == "one million one thousand"."""
    _check(n)
    if n == 0:
        return "zero"
    words: list[str] = []
    groups = _groups(n)
    for scale in range(len(groups) - 1, -1, -1):
        if groups[scale]:
            words += _en_below_thousand(groups[scale])
            if _EN_SCALES[scale]:
                words.append(_EN_SCALES[scale])
    return " ".join(words)


def rupiah_in_words(n: int, language: str = "id") -> str:
    """The line printed under a total: "Satu juta lima ratus ribu rupiah" (or "... rupiah" in English)."""
    text = english_words(n) if language == "en" else terbilang(n)
    return f"{text[0].upper()}{text[1:]} rupiah"
