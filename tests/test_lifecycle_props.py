"""Property test of the booking lifecycle: for random bookings and random sequences of SKRD issues, amendments,
voids, payments and cancellations (each one user action; a refused one writes nothing),

1. what is assessed for every booking — its SKRD and SKRD tambahan, less its credit notes for lower prices — is the
   tariff price of what is finally booked (with its SKRD's tariff version); zero for a draft or a cancelled one;
2. under the default airing gate, the plan never airs a commercial play no SKRD covers;
3. no SKRD owes less than nothing and no credit is used beyond its amount.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from billing import booking_state
from billing.amendments import Change, amend_booking, cancel_booking
from billing.assessments import issue_assessment, void_assessment
from billing.lifecycle_models import Credit
from billing.models import Assessment
from billing.payments import record_payment
from billing.quote import compute_quote, load_order
from playlists.models import Booking
from playlists.planning import build_plan
from tests.lifecycle_helpers import CONFIG, NOV20, book, office
from videotron.core.clock import FixedClock
from videotron.core.errors import VideotronError

IDS = ("bk-a", "bk-b", "bk-c")
SCREENS = (("yamin",), ("smk1",), ("yamin", "smk1"))
BANDS = (None, "17:00-21:00", "08:00-10:00")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One migrated database with the office for every example; each example runs in a transaction rolled back."""
    from videotron.core.db import make_engine, make_session_factory
    from videotron.core.migrate import upgrade

    folder = tmp_path_factory.mktemp("props")
    eng = make_engine(f"sqlite:///{folder / 'props.sqlite3'}")
    upgrade(eng)
    with make_session_factory(eng).begin() as s:
        office(s, Path(folder))
    yield eng
    eng.dispose()


bookings = st.lists(
    st.fixed_dictionaries({
        "plays": st.integers(3, 30), "screens": st.sampled_from(SCREENS), "band": st.sampled_from(BANDS),
        "start": st.integers(0, 9), "days": st.integers(1, 45), "media": st.sampled_from(("spot-15", "spot-30")),
        "category": st.sampled_from(("komersial", "komersial", "sosial", "pemerintah")),
    }),
    min_size=1, max_size=3,
)  # fmt: skip
change = st.one_of(
    st.builds(Change, plays_per_day=st.integers(1, 60)),
    st.builds(Change, end=st.integers(0, 50).map(lambda n: date(2026, 12, 1) + timedelta(days=n))),
    st.builds(Change, start=st.integers(0, 12).map(lambda n: date(2026, 11, 25) + timedelta(days=n))),
    st.builds(Change, screens=st.sampled_from(SCREENS).map(list)),
    st.builds(Change, band=st.sampled_from(("", "17:00-21:00", "08:00-10:00"))),
    st.builds(Change, media=st.sampled_from(("spot-15", "spot-30"))),
    st.builds(Change, category=st.sampled_from(("komersial", "sosial"))),
)
action = st.one_of(
    st.tuples(st.just("issue"), st.integers(0, 2)),
    st.tuples(st.just("amend"), st.integers(0, 2), change),
    st.tuples(st.just("void"), st.integers(0, 2)),
    st.tuples(st.just("pay"), st.integers(0, 2), st.integers(1, 100)),
    st.tuples(st.just("cancel"), st.integers(0, 2)),
    st.tuples(st.just("day"), st.integers(0, 20)),  # the office's clock moves on (into December: on air)
)


def _act(s: Session, clock: FixedClock, step: tuple[Any, ...], ids: list[str]) -> None:
    kind, bid = step[0], ids[step[1] % len(ids)] if len(step) > 1 else ""
    who: dict[str, Any] = {"actor": "bendahara", "clock": clock}
    if kind == "day":
        clock.set(datetime(2026, 11, 20, 2, 0, tzinfo=UTC) + timedelta(days=step[1]))
    elif kind == "issue":
        issue_assessment(s, bid, config=CONFIG, **who)
    elif kind == "amend":
        amend_booking(s, bid, step[2], reason="ubah", config=CONFIG, **who)
    elif kind == "cancel":
        cancel_booking(s, bid, reason="batal", config=CONFIG, **who)
    else:
        live = [a for a in booking_state.live_assessments(s, bid) if a.outstanding > 0]
        if not live:
            return
        a = live[0]
        if kind == "void":
            void_assessment(s, a.number, "salah", **who)
        else:
            amount = max(1, a.outstanding * step[2] // 100)
            record_payment(s, a.number, amount=amount, paid_on=CONFIG.today(clock), method="tunai", config=CONFIG,
                           **who)  # fmt: skip


def _check(s: Session, ids: list[str]) -> None:
    for bid in ids:
        b = s.get(Booking, bid)
        assert b is not None
        net = booking_state.assessed_net(s, bid)
        original = booking_state.original_of(s, bid)
        if b.status in ("draft", "cancelled") and original is None:
            assert net == 0
        elif b.status == "cancelled":
            assert net == 0, (bid, net)
        else:
            assert original is not None and b.status == "assessed"
            price = compute_quote(original.tariff_version, load_order(s, bid), CONFIG.language).total
            assert net == price, (bid, net, price)
    for a in s.scalars(select(Assessment)):
        assert a.outstanding >= 0 and a.paid_total + a.credited <= a.total
    for c in s.scalars(select(Credit)):
        assert 0 <= c.used <= c.amount and c.used == sum(u.amount for u in c.uses)
    covered = {b.id for b in s.scalars(select(Booking).where(Booking.status.in_(("assessed", "completed"))))}
    for screen in ("yamin", "smk1"):
        for day in (date(2026, 12, 1), date(2026, 12, 9), date(2027, 1, 5)):
            aired = {i.booking for i in build_plan(s, screen, day).items if i.kind == "ad"}
            assert aired <= covered, (screen, day, aired - covered)
            for bid in aired:
                assert booking_state.original_of(s, str(bid)) is not None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])  # fmt: skip
@given(specs=bookings, issued=st.lists(st.booleans(), min_size=3, max_size=3),
       steps=st.lists(action, min_size=1, max_size=8))  # fmt: skip
def test_assessed_equals_the_price_of_what_is_booked_and_only_assessed_plays_air(
    engine: Engine, specs: list[dict[str, Any]], issued: list[bool], steps: list[tuple[Any, ...]]
) -> None:
    clock = FixedClock(NOV20)
    with engine.connect() as conn:
        outer = conn.begin()
        s = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        ids = []
        for bid, spec in zip(IDS, specs, strict=False):
            start = date(2026, 12, 1) + timedelta(days=spec["start"])
            try:
                with s.begin_nested():
                    book(s, clock, bid, plays=spec["plays"], screens=spec["screens"], band=spec["band"], start=start,
                         end=start + timedelta(days=spec["days"] - 1), media=spec["media"],
                         category=spec["category"])  # fmt: skip
                ids.append(bid)
            except VideotronError:
                pass  # a booking the screens cannot carry is refused whole
        first = [("issue", i) for i, bid in enumerate(ids) if issued[i]]
        for step in [*first, *steps]:
            if not ids:
                break
            try:
                with s.begin_nested():
                    _act(s, clock, step, ids)
                status = s.get(Booking, ids[step[1] % len(ids)]).status if len(step) > 1 else ""  # type: ignore[union-attr]
                event(f"{step[0]}: done ({status})")
            except VideotronError as exc:
                event(f"{step[0]}: refused ({exc.code})")  # nothing of it was written (the savepoint rolled back)
            s.expire_all()
            _check(s, ids)
        s.close()
        outer.rollback()
