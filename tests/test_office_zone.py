"""The office's time zone comes from its configuration, checked against the IANA list (no traceback for "Asia")."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from videotron.core.clock import FixedClock
from videotron.core.config import load_config
from videotron.core.errors import ValidationError
from videotron.core.zones import is_zone


def test_a_wita_office_dates_money_by_its_own_clock(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('timezone = "Asia/Makassar"\n', encoding="utf-8")
    config = load_config(path)
    new_year_0030_wita = FixedClock(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    assert config.today(new_year_0030_wita) == date(2027, 1, 1)
    assert load_config(None).today(new_year_0030_wita) == date(2026, 12, 31)  # WIB: still 23:30 on 31 December


@pytest.mark.parametrize("name", ["Asia", "America", "Etc", "Pacific", "x" * 300, "Mars/Olympus", "", "../etc"])
def test_a_zone_that_is_not_on_the_iana_list_is_refused_by_name(tmp_path: Path, name: str) -> None:
    assert not is_zone(name)
    path = tmp_path / "config.toml"
    path.write_text(f'timezone = "{name}"\n', encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_config(path)
    assert err.value.problems[0].code == "config.timezone"
    assert f"{path}:1: field 'timezone'" in str(err.value)
