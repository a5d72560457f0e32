"""A month of retribution for the report tests (March 2026), built through billing's own services.

- February: SKRD `bpaid` issued and paid in full (realisation "s.d. bulan lalu"); SKRD `bfeb` issued 2 Feb,
  due 4 Mar and never paid (overdue at the end of March, one month of interest).
- March: `b1` (two screens) issued 5 Mar, paid 6 Mar, deposited 7 Mar (STS); `b2` (another advertiser, sosial)
  issued 5 Mar, partly paid 12 Mar, not deposited; `b3` issued 8 Mar and voided 9 Mar.
- Play logs: `b1` on screen yamin and `b2` on balaikota play all 10 a day; `b1` on screen smk1 has an outage
  10-12 March (no records) and two failed plays on 15 March. `b3`'s booking is cancelled.
  Each day's first play is at 00:30 WIB (the previous day in UTC).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from billing.assessments import issue_assessment, void_assessment
from billing.deposits import record_deposit
from billing.payments import record_payment
from playlists.models import Advertiser, Booking, PlayLog
from tests.billing_helpers import add_booking, add_screens, load_tariff
from tests.office import office_config
from videotron.core.clock import FixedClock
from videotron.core.config import Config

CONFIG = office_config(
    targets={2026: 10_000_000},
    account_targets={(2026, "4.1.2.02.01"): 8_000_000, (2026, "4.1.2.02.02"): 2_000_000},
)
WIB = timedelta(hours=7)


def at(day: date, hour: int = 9) -> FixedClock:
    """A clock at `hour` WIB on `day`."""
    return FixedClock(datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - WIB)


def play_logs(
    booking_id: str, screen_id: str, days: list[date], *, failed_on: dict[date, int] | None = None, per_day: int = 10
) -> list[PlayLog]:
    """`per_day` plays a day every 2 h from 00:30 WIB; the last `failed_on[day]` of a day failed."""
    rows = []
    seq = 0
    for day in days:
        for i in range(per_day):
            seq += 1
            start = datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC) - WIB + timedelta(hours=2 * i)
            failed = i >= per_day - (failed_on or {}).get(day, 0)
            rows.append(
                PlayLog(
                    id=f"{screen_id}-{seq:06d}",
                    screen_id=screen_id,
                    media_id=f"m-{booking_id}",
                    booking_id=booking_id,
                    planned_start=start,
                    started_at=None if failed else start,
                    ended_at=None if failed else start + timedelta(seconds=15),
                    outcome="failed" if failed else "played",
                    reason="file corrupt" if failed else "",
                    seq=seq,
                )
            )
    return rows


def _pay(sessions: sessionmaker[Session], number: str, amount: int, day: date, method: str, config: Config) -> str:
    """Pay SKRD `number` on `day` (the clock at 09:00 WIB that day); returns the receipt's number."""
    with sessions.begin() as s:
        payment = record_payment(s, number, amount=amount, paid_on=day, method=method, config=config,
                                 actor="bendahara", clock=at(day))  # fmt: skip
        return payment.receipt.number


def build_month(sessions: sessionmaker[Session], tmp_path: Path, config: Config = CONFIG) -> dict[str, str]:
    """Returns the document numbers by role."""
    numbers: dict[str, str] = {}
    with sessions.begin() as s:
        load_tariff(s, tmp_path)
        add_screens(s)
        s.add(Advertiser(id="adv2", name="CV Kopi Bukittinggi", address="Jl. Ahmad Yani 5", npwrd="R.1.0002.27.14"))
        add_booking(s, "bpaid", screens=("yamin",), start=date(2026, 2, 2), end=date(2026, 2, 28))
        add_booking(s, "bfeb", screens=("smk1",), start=date(2026, 2, 2), end=date(2026, 2, 28))
        add_booking(s, "b1", screens=("yamin", "smk1"))
        add_booking(s, "b2", screens=("balaikota",), category="sosial").advertiser_id = "adv2"
        add_booking(s, "b3", screens=("yamin",), plays=5)
    feb2 = at(date(2026, 2, 2))
    with sessions.begin() as s:
        numbers["bpaid"] = issue_assessment(s, "bpaid", config=config, actor="bendahara", clock=feb2).number
        numbers["bfeb"] = issue_assessment(s, "bfeb", config=config, actor="bendahara", clock=feb2).number
    numbers["r_bpaid"] = _pay(sessions, numbers["bpaid"], 675_000, date(2026, 2, 10), "tunai", config)
    mar5 = at(date(2026, 3, 5))
    with sessions.begin() as s:
        for b in ("b1", "b2"):
            numbers[b] = issue_assessment(s, b, config=config, actor="bendahara", clock=mar5).number
        numbers["b3"] = issue_assessment(s, "b3", config=config, actor="bendahara", clock=at(date(2026, 3, 8))).number
    numbers["r_b1"] = _pay(sessions, numbers["b1"], 1_240_000, date(2026, 3, 6), "tunai", config)
    with sessions.begin() as s:
        numbers["sts"] = record_deposit(
            s, date(2026, 3, 7), [numbers["r_b1"]], config=config, actor="bendahara", clock=at(date(2026, 3, 7))
        ).number
    with sessions.begin() as s:
        void_assessment(s, numbers["b3"], "salah tarif", actor="bendahara", clock=at(date(2026, 3, 9)))
        s.get(Booking, "b3").status = "cancelled"  # type: ignore[union-attr]
    numbers["r_b2"] = _pay(sessions, numbers["b2"], 200_000, date(2026, 3, 12), "transfer", config)
    march = [date(2026, 3, d) for d in range(1, 32)]
    with sessions.begin() as s:
        s.add_all(play_logs("b1", "yamin", march))
        s.add_all(play_logs("b2", "balaikota", march))
        outage = {date(2026, 3, d) for d in (10, 11, 12)}
        s.add_all(play_logs("b1", "smk1", [d for d in march if d not in outage], failed_on={date(2026, 3, 15): 2}))
    return numbers
