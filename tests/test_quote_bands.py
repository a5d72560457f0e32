"""A booking window across a tariff band's edge is refused, the band and the edge named, wherever it is priced: the
quote, the SKRD (nothing issued), the command line (exit 2) and the desk's draft check while the operator types.

The audit finding: a 16:59-21:00 window paid factor 1 in a 17:00-21:00 prime band (factor 1,5).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from billing.assessments import issue_assessment
from billing.booking_desk import BookingDraft, check_draft
from billing.models import Assessment
from billing.quote import quote_booking
from tests.billing_helpers import TARIFF, add_booking, add_screens, clock, load_tariff
from tests.office import office_config
from videotron.cli import main
from videotron.core.db import make_engine, make_session_factory
from videotron.core.errors import ValidationError
from videotron.core.i18n import render_error

DAY = date(2026, 3, 10)


@pytest.fixture
def sessions(any_engine: Engine, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    made = make_session_factory(any_engine)
    with made.begin() as s:
        load_tariff(s, tmp_path)
        add_screens(s)
        add_booking(s, "finding", band="16:59-21:00")
    yield made


def test_the_finding_a_window_a_minute_early_is_refused_naming_the_edge(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s, pytest.raises(ValidationError) as err:
        quote_booking(s, "finding", DAY)
    (problem,) = err.value.problems
    assert (problem.code, problem.field, problem.params["edges"]) == ("quote.band_straddles", "band", ["17:00"])
    assert str(err.value) == (
        "1 problem(s)\n  - band: 16:59-21:00 crosses the edge of tariff band 'prime' (17:00-21:00, factor 1,5) at "
        "17:00: split the booking at 17:00, so each part pays its own factor"
    )
    assert render_error(err.value, "id").endswith(
        "band: 16:59-21:00 melewati batas rentang waktu tarif 'prime' (17:00-21:00, faktor 1,5) pada pukul 17:00: "
        "pecah pesanan pada pukul 17:00 agar setiap bagian dikenai faktornya sendiri"
    )


def test_no_skrd_is_issued_for_it(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(ValidationError, match="split the booking at 17:00"), sessions.begin() as s:
        issue_assessment(s, "finding", config=office_config(), actor="bendahara", clock=clock())
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Assessment)) == 0


def test_split_at_the_edge_each_part_pays_its_own_factor(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        add_booking(s, "early", band="16:59-17:00")
        add_booking(s, "prime", band="17:00-21:00")
        # 16:59-17:00: Rp2.500 x 1 block x 310 plays x 1 = Rp775.000; 17:00-21:00: x 1,5 = Rp1.162.500
        assert quote_booking(s, "early", DAY).total == 775_000
        assert quote_booking(s, "prime", DAY).total == 1_162_500


def test_a_window_across_midnight_names_both_bands_edges(tmp_path: Path, sessions: sessionmaker[Session]) -> None:
    night = TARIFF + '\n[[band]]\nname = "malam"\nstart = "22:00"\nend = "02:00"\nfactor = 0.5\n'
    with sessions.begin() as s:
        load_tariff(s, tmp_path, night.replace("2026-01-01", "2026-02-01"), "malam.toml")
        add_booking(s, "late", band="20:00-23:00")
        with pytest.raises(ValidationError) as err:
            quote_booking(s, "late", DAY)
        assert [(p.params["name"], p.params["edges"]) for p in err.value.problems] == [
            ("prime", ["21:00"]),
            ("malam", ["22:00"]),
        ]


def test_the_command_line_refuses_it_with_exit_2(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "db", "upgrade"]) == 0
    engine = make_engine(db_url)
    with make_session_factory(engine).begin() as s:
        add_screens(s)
        add_booking(s, "finding", band="16:59-21:00", start=date(2026, 3, 1), end=date(2026, 3, 1))
    engine.dispose()
    (tmp_path / "tarif.toml").write_text(TARIFF.replace("2026-01-01", "2020-01-01"))
    assert main(["--db", db_url, "tariff", "import", str(tmp_path / "tarif.toml")]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "quote", "finding"]) == 2
    assert "band: 16:59-21:00 crosses the edge of tariff band 'prime'" in capsys.readouterr().err
    assert main(["--db", db_url, "skrd", "issue", "finding"]) == 2
    assert "split the booking at 17:00" in capsys.readouterr().err
    assert main(["--db", db_url, "skrd", "list"]) == 0
    assert "0 assessment(s)" in capsys.readouterr().out


def test_the_desks_draft_check_names_the_band_field(sessions: sessionmaker[Session]) -> None:
    draft = BookingDraft(booking_id="BK-1", advertiser_id="adv1", media_id="m-finding", screen_ids=["yamin"],
                         category="komersial", plays_per_day=10, start_date=date(2026, 3, 1),
                         end_date=date(2026, 3, 31), band="16:59-21:00")  # fmt: skip
    check = check_draft(sessions, draft, actor="operator", clock=clock(datetime(2026, 3, 1, 2, tzinfo=UTC)),
                        today=date(2026, 3, 1))  # fmt: skip
    assert not check.ok and check.total is None
    assert [(p.code, p.field) for p in check.found] == [("quote.band_straddles", "band")]
    assert "split the booking at 17:00" in check.problems[0]
    inside = check_draft(sessions, dataclasses.replace(draft, band="17:00-21:00"), actor="operator",
                         clock=clock(datetime(2026, 3, 1, 2, tzinfo=UTC)), today=date(2026, 3, 1))  # fmt: skip
    assert inside.ok and inside.total == 1_162_500
