"""Amounts in words, checked against Indonesian written out by hand."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing.terbilang import MAX_AMOUNT, english_words, rupiah_in_words, terbilang

HAND_WRITTEN = {
    0: "nol",
    1: "satu",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    19: "sembilan belas",
    20: "dua puluh",
    21: "dua puluh satu",
    100: "seratus",
    101: "seratus satu",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    200: "dua ratus",
    999: "sembilan ratus sembilan puluh sembilan",
    1_000: "seribu",
    1_001: "seribu satu",
    1_011: "seribu sebelas",
    1_100: "seribu seratus",
    2_000: "dua ribu",
    10_000: "sepuluh ribu",
    11_000: "sebelas ribu",
    100_000: "seratus ribu",
    101_000: "seratus satu ribu",
    111_000: "seratus sebelas ribu",
    1_000_000: "satu juta",
    1_001_000: "satu juta seribu",
    1_500_000: "satu juta lima ratus ribu",
    2_011_000: "dua juta sebelas ribu",
    10_000_000: "sepuluh juta",
    100_100_100: "seratus juta seratus ribu seratus",
    1_000_000_000: "satu miliar",
    1_000_001_000: "satu miliar seribu",
    1_001_001_001: "satu miliar satu juta seribu satu",
    1_000_000_000_000: "satu triliun",
    11_000_000_000_000: "sebelas triliun",
    500_000_000: "lima ratus juta",
    999_999_999_999_999: "sembilan ratus sembilan puluh sembilan triliun sembilan ratus sembilan puluh sembilan miliar "
    "sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan ribu sembilan ratus "
    "sembilan puluh sembilan",
}


@pytest.mark.parametrize(("amount", "words"), HAND_WRITTEN.items())
def test_hand_written(amount: int, words: str) -> None:
    assert terbilang(amount) == words


def test_rupiah_line() -> None:
    assert rupiah_in_words(1_860_000) == "Satu juta delapan ratus enam puluh ribu rupiah"
    assert rupiah_in_words(0) == "Nol rupiah"
    assert rupiah_in_words(1_001_000, "en") == "One million one thousand rupiah"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "zero"),
        (11, "eleven"),
        (115, "one hundred fifteen"),
        (21_000, "twenty-one thousand"),
        (10**12, "one trillion"),
    ],
)
def test_english(amount: int, words: str) -> None:
    assert english_words(amount) == words


@pytest.mark.parametrize("bad", [-1, MAX_AMOUNT + 1])
def test_out_of_range_refused(bad: int) -> None:
    with pytest.raises(ValueError):
        terbilang(bad)


@pytest.mark.parametrize("bad", [1.0, "12", True])
def test_non_integers_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        terbilang(bad)  # type: ignore[arg-type]


def _parse(words: str) -> int:
    """An independent reader of Indonesian number words, to check terbilang on any amount."""
    units = {
        "nol": 0,
        "satu": 1,
        "dua": 2,
        "tiga": 3,
        "empat": 4,
        "lima": 5,
        "enam": 6,
        "tujuh": 7,
        "delapan": 8,
        "sembilan": 9,
        "sepuluh": 10,
        "sebelas": 11,
        "seratus": 100,
        "seribu": 1000,
    }
    scales = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}
    total, group, last = 0, 0, 0
    for w in words.split():
        if w in ("belas",):
            group += 10
        elif w == "puluh":
            group += last * 9
        elif w == "ratus":
            group += last * 99
        elif w in scales:
            total += group * scales[w]
            group = 0
        elif w == "seribu":
            total += 1000
        else:
            last = units[w]
            group += last
    return total + group


@given(st.integers(min_value=0, max_value=MAX_AMOUNT))
def test_every_amount_reads_back(n: int) -> None:
    words = terbilang(n)
    assert _parse(words) == n
    # A thousands group of exactly one is "seribu"; "satu ratus/puluh/belas" never occur.
    assert not re.search(r"(^|juta |miliar |triliun )satu ribu", words)
    assert "satu ratus" not in words and "satu puluh" not in words and "satu belas" not in words
