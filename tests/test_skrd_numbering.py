"""Gapless, unique SKRD numbers with several desks issuing at once: 4 OS processes x 25 issues, on SQLite and on
a real PostgreSQL, give exactly 1..100. Also: a rolled-back issue hands its number back."""

from __future__ import annotations

import multiprocessing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from billing.assessments import issue_assessment
from billing.models import Assessment
from billing.numbering import next_number
from tests.billing_helpers import add_booking, add_screens, clock, load_tariff
from tests.office import office_config
from videotron.core.audit import verify_chain
from videotron.core.db import make_engine, make_session_factory

DESKS, PER_DESK = 4, 25


def _desk(url: str, booking_ids: list[str], start: multiprocessing.synchronize.Barrier) -> None:  # type: ignore[name-defined]
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    start.wait(timeout=60)
    for booking_id in booking_ids:
        with sessions.begin() as session:
            issue_assessment(session, booking_id, config=office_config(), actor=f"desk-{booking_ids[0]}", clock=clock())
    engine.dispose()


@pytest.mark.slow
def test_four_desks_issue_100_gapless_numbers(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    with sessions.begin() as s:
        load_tariff(s, tmp_path)
        add_screens(s)
        for i in range(DESKS * PER_DESK):
            add_booking(s, f"b{i:03d}")
    url = any_engine.url.render_as_string(hide_password=False)
    any_engine.dispose()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(DESKS)
    desks = [
        ctx.Process(target=_desk, args=(url, [f"b{d * PER_DESK + i:03d}" for i in range(PER_DESK)], barrier))
        for d in range(DESKS)
    ]
    for p in desks:
        p.start()
    for p in desks:
        p.join(timeout=240)
        assert p.exitcode == 0
    with sessions.begin() as s:
        rows = s.execute(select(Assessment.seq, Assessment.number, Assessment.issued_by)).all()
        assert sorted(r.seq for r in rows) == list(range(1, 101))
        assert len({r.number for r in rows}) == 100
        assert {r.number for r in rows} == {f"{n:04d}/SKRD/VT/2026" for n in range(1, 101)}
        assert len({r.issued_by for r in rows}) == DESKS
        assert verify_chain(s) == []


def test_rolled_back_issue_gives_its_number_back(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as s:
        load_tariff(s, tmp_path)
        add_screens(s)
        add_booking(s, "b1")
    try:
        with sessions.begin() as s:
            assert issue_assessment(s, "b1", config=office_config(), actor="x", clock=clock()).seq == 1
            raise RuntimeError("printer on fire")
    except RuntimeError:
        pass
    with sessions.begin() as s:
        assert issue_assessment(s, "b1", config=office_config(), actor="x", clock=clock()).number == "0001/SKRD/VT/2026"


def test_series_are_independent(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as s:
        s: Session
        assert [next_number(s, "skrd", 2026) for _ in range(3)] == [1, 2, 3]
        assert next_number(s, "receipt", 2026) == 1
        assert next_number(s, "skrd", 2027) == 1
        assert next_number(s, "skrd", date(2026, 1, 1).year) == 4
