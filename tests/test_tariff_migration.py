"""Migration 0009: tariff rows imported before calendar months keep exactly the meaning they were imported with, old
SKRD lines still read as they were priced, and the downgrade refuses rows the older schema cannot say (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from billing.assessments import issue_assessment
from billing.documents.skrd import assessment_pdf_bytes
from billing.quote import quote_booking
from billing.tariffs import describe, version_at
from tests.billing_helpers import add_booking, add_screens, load_tariff
from tests.office import office_config
from tests.test_billing_zone import pdf_text
from videotron.core.clock import FixedClock
from videotron.core.db import make_engine, make_session_factory
from videotron.core.migrate import alembic_config, upgrade

DAY = date(2026, 3, 10)


def _version_from_before(engine: Engine) -> None:
    """A tariff imported under 0008: a per-play row and a `month` row (then: started 30-day periods, per block)."""
    upgrade(engine, "0008")
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO tariff_version (name, regulation, effective_from, block_seconds, rounding, "
                "min_plays_per_day, due_days, late_interest_x1000, exempt_categories, source_name, source_sha256, "
                "source_text, imported_at, imported_by) VALUES ('Tarif lama', 'Perwako 5/2018', :day, 15, 100, "
                "NULL, 30, 2000, '', 'lama.toml', 'sha', 'text', :now, 'bendahara')"
            ),
            {"day": date(2026, 1, 1), "now": datetime(2026, 1, 1, tzinfo=UTC)},
        )
        c.execute(
            text(
                "INSERT INTO tariff_rate (version_id, position, category, zone, unit, price, account) SELECT id, 0, "
                "'komersial', '*', 'play', 2500, '4.1.2.02.01' FROM tariff_version UNION ALL SELECT id, 1, 'sewa', "
                "'*', 'month', 3000000, '4.1.2.02.03' FROM tariff_version"
            )
        )
    upgrade(engine)


@pytest.fixture
def engine(db_url: str) -> Engine:
    eng = make_engine(db_url)
    _version_from_before(eng)
    return eng


def test_existing_rows_keep_their_meaning_and_old_lines_read_as_priced(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with sessions.begin() as s:
        rates = describe(version_at(s, DAY))["rates"]
        assert rates == [  # every default resolved as it was: the version's block, per block of the spot
            {"category": "komersial", "zone": "*", "unit": "play", "price": 2500, "account": "4.1.2.02.01",
             "block_seconds": 15, "blocks": "spot", "plays": None, "minimum_charge": 0},
            {"category": "sewa", "zone": "*", "unit": "period30", "price": 3_000_000, "account": "4.1.2.02.03",
             "block_seconds": 15, "blocks": "spot", "plays": None, "minimum_charge": 0},
        ]  # fmt: skip
        add_screens(s)
        add_booking(s, "b", category="sewa", start=date(2026, 3, 1), end=date(2026, 3, 31), duration_ms=30_000)
        (line,) = quote_booking(s, "b", DAY).lines
        # as priced before: 31 days = 2 started 30-day periods; a 30 s spot = 2 blocks; Rp3.000.000 x 2 x 2
        assert (line.unit, line.blocks, line.quantity, line.amount) == ("period30", 2, 2, 12_000_000)
        assert line.description.endswith("Rp3.000.000 x 2 blok x 2 periode 30 hari")
        ten_wib = FixedClock(datetime(2026, 3, 10, 3, tzinfo=UTC))
        a = issue_assessment(s, "b", config=office_config(), actor="bendahara", clock=ten_wib)
        assert "Rp3.000.000 x 2 blok x 2 periode 30 hari" in pdf_text(assessment_pdf_bytes(a))
        # A line issued before 0009 kept no calculation, and said `month` for 30-day periods: it reads the same
        a.lines[0].calculation, a.lines[0].unit = None, "month"
        assert "Rp3.000.000 x 2 blok x 2 periode 30 hari" in pdf_text(assessment_pdf_bytes(a))
    engine.dispose()


def test_a_new_import_applies_calendar_months_and_wins_from_its_date(engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(engine)
    with sessions.begin() as s:
        text_now = (Path(__file__).parent / "data" / "tariffs" / "sewa-bulanan.toml").read_text()
        load_tariff(s, tmp_path, text_now.replace("2026-01-01", "2026-03-01").replace('"komersial"', '"sewa"', 1))
        add_screens(s)
        add_booking(s, "b", category="sewa", start=date(2026, 3, 1), end=date(2026, 3, 31), duration_ms=30_000)
        assert quote_booking(s, "b", date(2026, 2, 28)).total == 12_000_000  # the old version: its old meaning
        assert quote_booking(s, "b", DAY).total == 5_000_000  # the new one: 1 calendar month, not per block
    with pytest.raises(RuntimeError, match="cannot express"):
        command.downgrade(alembic_config(engine), "0008")
    engine.dispose()


def test_downgrade_gives_old_rows_back(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "0008")
    with engine.connect() as c:
        units = c.execute(text("SELECT unit FROM tariff_rate ORDER BY position")).scalars().all()
    assert units == ["play", "month"]
    upgrade(engine)  # and up again: the round trip is clean
    with engine.connect() as c:
        assert c.execute(text("SELECT unit FROM tariff_rate ORDER BY position")).scalars().all() == ["play", "period30"]
    engine.dispose()
