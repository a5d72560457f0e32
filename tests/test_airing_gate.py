"""The airing gate (`airing` in the office configuration): under "assessed" (the default) a commercial booking airs
once its SKRD is issued, under "paid" from the day everything assessed for it was paid in full, under "booked" at
once; an exempt booking (Rp0, paid at issue) airs under every gate; a held booking still holds its seats; and the
reasons read in the user's language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from billing.payments import record_payment
from playlists.explain import explain
from playlists.gate import held_notes
from playlists.planning import build_plan, load_inputs
from tests.lifecycle_helpers import CONFIG, NOV20, assess, book, office
from videotron.core.clock import FixedClock
from videotron.core.config import load_config
from videotron.core.errors import CapacityError, ValidationError
from videotron.core.i18n import render

DAY = date(2026, 12, 5)


@pytest.fixture
def s(sessions: sessionmaker[Session], tmp_path: Path):  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        office(session, tmp_path)
        yield session


def aired(s: Session, airing: str, day: date = DAY) -> set[str | None]:
    return {i.booking for i in build_plan(s, "yamin", day, airing=airing).items if i.kind == "ad"}


def why(s: Session, airing: str, day: date = DAY, language: str = "en") -> list[str]:
    notes = held_notes(load_inputs(s, "yamin", airing=airing).bookings, "yamin", day)
    return [render(n, language) for n in notes]


def test_each_gate_airs_what_it_should(s: Session) -> None:
    clock = FixedClock(NOV20)
    book(s, clock, "draft-1", band=None)
    book(s, clock, "unpaid-1")
    assess(s, clock, "unpaid-1")  # Rp1.162.500, due 20 December 2026
    book(s, clock, "paid-1", band=None, plays=5)
    skrd = assess(s, clock, "paid-1")
    book(s, clock, "gov-1", band=None, plays=3, category="pemerintah")
    assert assess(s, clock, "gov-1").principal == 0  # exempt: Rp0, paid at issue
    clock.set(clock.now().replace(day=30))
    record_payment(s, skrd.number, amount=skrd.principal, paid_on=date(2026, 12, 3), method="tunai", config=CONFIG,
                   actor="bendahara", clock=FixedClock(clock.now().replace(month=12, day=3)))  # fmt: skip
    assert aired(s, "booked") == {"draft-1", "unpaid-1", "paid-1", "gov-1"}
    assert aired(s, "assessed") == {"unpaid-1", "paid-1", "gov-1"}
    assert aired(s, "paid") == {"paid-1", "gov-1"}
    assert aired(s, "paid", date(2026, 12, 2)) == {"gov-1"}  # paid-1 was paid in full on 3 December
    assert why(s, "assessed") == ["booking draft-1 (adv1) holds its seats but is not on air:",
                                  "- no SKRD issued yet (the airing gate waits for it)"]  # fmt: skip
    assert why(s, "paid", date(2026, 12, 2))[-4:] == [
        "booking paid-1 (adv1) holds its seats but is not on air:",
        "- not paid in full by 2 December 2026 (paid in full on 3 December 2026)",
        "booking unpaid-1 (adv1) holds its seats but is not on air:",
        "- not paid in full, due 20 December 2026",
    ]
    assert "- belum lunas, jatuh tempo 20 Desember 2026" in why(s, "paid", language="id")
    assert "- SKRD belum terbit (penayangan menunggu SKRD terbit)" in why(s, "assessed", language="id")
    notes = [n.english() for n in explain(s, "yamin", DAY, "spot-15", airing="paid")]
    assert "- not paid in full, due 20 December 2026" in notes


def test_a_held_booking_keeps_its_seats(s: Session) -> None:
    clock = FixedClock(NOV20)
    # a draft (not on air under the default gate) takes most of the prime-time band's ad airtime...
    book(s, clock, "draft-1", plays=380, band="17:00-21:00")
    assert aired(s, "assessed") == set()
    # ... so a second booking that would need it is refused: the seats are sold, on air or not
    with pytest.raises(CapacityError, match="does not fit on screen yamin"):
        book(s, clock, "more-1", plays=300, band="17:00-21:00", advertiser="toko-maju")


def test_a_bad_airing_setting_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('language = "id"\nairing = "lunas"\ndelivery_tolerance = 80\n', encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        load_config(path)
    text = str(refused.value)
    assert "config.toml:2" in text and "'lunas' is not an airing gate: use one of paid, assessed, booked" in text
    assert "config.toml:3" in text and "must be a whole percent from 0 to 50, got 80" in text
    path.write_text('airing = "paid"\ndelivery_tolerance = 2\n', encoding="utf-8")
    assert (load_config(path).airing, load_config(path).delivery_tolerance) == ("paid", 2)
