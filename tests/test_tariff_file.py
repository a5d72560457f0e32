"""The tariff TOML: every problem at once, each with file:line and field; import as versions; version in force."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from billing.tariff_file import read_tariff
from billing.tariffs import import_tariff, list_versions, version_at
from tests.billing_helpers import TARIFF, clock, load_tariff
from videotron.cli import main
from videotron.core.audit import AuditEntry
from videotron.core.errors import NotFound, ValidationError, VideotronError
from videotron.core.i18n import render, render_error

BAD = """\
regulation = "Perwako 5/2018"
effective_from = 2026-13-01
block_seconds = 15
rounding = 0
due_days = 30
late_interest_percent = "two"
exempt_categories = ["pemerintah"]
prise = 5

[[rate]]
category = "komersial"
zone = "A"
unit = "week"
price = -5
account = "4.1.2"

[[rate]]
category = "komersial"
zone = "A"
unit = "play"
price = 1000
account = "4.1.2"

[[band]]
name = "prime"
start = "17:00"
end = "21:00"
factor = 1.5

[[band]]
name = "evening"
start = "20:00"
end = "22:00"
factor = 1.2
colour = "red"
"""


def test_sample_file_reads_exactly(tmp_path: Path) -> None:
    path = tmp_path / "tarif.toml"
    path.write_text(TARIFF)
    spec = read_tariff(path)
    assert spec.effective_from == date(2026, 1, 1)
    assert (spec.block_seconds, spec.rounding, spec.min_plays_per_day, spec.due_days) == (15, 100, 3, 30)
    assert spec.late_interest_percent == Decimal(2)
    assert spec.exempt_categories == ("pemerintah",)
    assert [(r.category, r.zone, r.unit, r.price) for r in spec.rates][:2] == [
        ("komersial", "A", "play", 2500),
        ("komersial", "*", "play", 1500),
    ]
    assert spec.bands[0].factor == Decimal("1.5") and isinstance(spec.bands[0].factor, Decimal)


def test_every_problem_named_with_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD.replace("effective_from = 2026-13-01", 'effective_from = "2026-13-01"'))
    with pytest.raises(ValidationError) as err:
        read_tariff(path)
    problems = "\n".join(p.english() for p in err.value.problems)
    expected = [
        (f"{path}: field 'name'", "is required"),
        (f"{path}:2: field 'effective_from'", "YYYY-MM-DD"),
        (f"{path}:4: field 'rounding'", "at least 1"),
        (f"{path}:6: field 'late_interest_percent'", "must be a number"),
        (f"{path}:8: field 'prise'", "unknown field"),
        (f"{path}:13: [[rate]] #1 field 'unit'", "'week' is not one of play, day, month"),
        (f"{path}:14: [[rate]] #1 field 'price'", "at least 0"),
        (f"{path}:19: [[rate]] #2 field 'zone'", "already priced by [[rate]] #1"),
        (f"{path}:32: [[band]] #2 field 'start'", "overlaps [[band]] #1 'prime'"),
        (f"{path}:35: [[band]] #2 field 'colour'", "unknown field"),
    ]
    for where, what in expected:
        assert any(p.startswith(where) and what in p for p in (q.english() for q in err.value.problems)), (
            where,
            what,
            problems,
        )
    assert len(err.value.problems) == len(expected)


def test_toml_syntax_error_is_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("name = \n")
    with pytest.raises(ValidationError, match="TOML syntax error"):
        read_tariff(path)


def test_midnight_band_and_no_rates(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    text = TARIFF.split("[[rate]]")[0] + '[[band]]\nname = "night"\nstart = "22:00"\nend = "02:00"\nfactor = 0.5\n'
    path.write_text(text)
    with pytest.raises(ValidationError, match=r"at least one \[\[rate\]\] is required"):
        read_tariff(path)


def test_import_creates_versions_and_refuses_the_same_file_twice(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    with sessions.begin() as s:
        first = load_tariff(s, tmp_path)
    with sessions.begin() as s, pytest.raises(VideotronError, match=f"already imported as version {first}"):
        load_tariff(s, tmp_path)
    newer = TARIFF.replace("effective_from = 2026-01-01", "effective_from = 2026-07-01").replace("2500", "3000")
    with sessions.begin() as s:
        second = load_tariff(s, tmp_path, newer, "tarif-2026-07.toml")
    with sessions.begin() as s:
        assert [v.id for v in list_versions(s)] == [first, second]
        assert version_at(s, date(2026, 6, 30)).id == first
        assert version_at(s, date(2026, 7, 1)).id == second
        assert version_at(s, date(2026, 7, 1)).rates[0].price == 3000
        assert version_at(s, date(2026, 7, 1)).late_interest_percent == Decimal(2)
        assert version_at(s, date(2026, 7, 1)).bands[0].factor == Decimal("1.5")
        with pytest.raises(NotFound, match="no tariff is in force on 2025-12-31"):
            version_at(s, date(2025, 12, 31))
        actions = [e.action for e in s.query(AuditEntry).order_by(AuditEntry.seq)]
        assert actions == ["tariff.import", "tariff.import"]


def test_correction_with_same_effective_date_wins(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    with sessions.begin() as s:
        load_tariff(s, tmp_path)
        fixed = load_tariff(s, tmp_path, TARIFF.replace("price = 2500", "price = 2400"), "fixed.toml")
        assert version_at(s, date(2026, 3, 1)).id == fixed


def test_import_stores_the_source_text(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    path = tmp_path / "tarif.toml"
    path.write_text(TARIFF)
    with sessions.begin() as s:
        v = import_tariff(s, read_tariff(path), actor="bendahara", clock=clock())
        assert v.source_text == TARIFF and v.imported_by == "bendahara" and v.source_name == "tarif.toml"


def test_tariff_problems_read_in_indonesian(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD.replace("effective_from = 2026-13-01", 'effective_from = "2026-13-01"'))
    with pytest.raises(ValidationError) as err:
        read_tariff(path)
    overlap = next(p for p in err.value.problems if p.code == "tariff.bands_overlap")
    assert render(overlap, "id") == (
        f"{path}:32: [[band]] ke-2 kolom 'start': 20:00-22:00 tumpang tindih dengan [[band]] ke-1 'prime' "
        "(17:00-21:00); faktor rentang waktu sebuah pesanan harus pasti"
    )
    with sessions.begin() as s, pytest.raises(NotFound) as none:
        version_at(s, date(2025, 12, 31))
    assert render_error(none.value, "id") == (
        "belum ada tarif yang berlaku pada 31 Desember 2025: impor berkas tarif terlebih dahulu"
    )


def test_band_times_go_through_the_one_time_parser(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(TARIFF.replace('start = "17:00"', 'start = "17.00"').replace('end = "21:00"', 'end = "24:00"'))
    with pytest.raises(ValidationError) as err:
        read_tariff(path)
    (bad,) = err.value.problems
    assert (bad.code, bad.field) == ("time.not_hhmm", "start")
    assert bad.english() == f"{path}:42: [[band]] #1 field 'start': '17.00' is not a time of day HH:MM (00:00 to 24:00)"
    path.write_text(TARIFF.replace('end = "21:00"', 'end = "24:00"'))
    assert read_tariff(path).bands[0].end == "24:00"


BAD_UNITS = """\
effective_from = 2026-01-01
name = "Tarif"
block_seconds = 15
regulation = "Perwako 5/2018"
due_days = 30
rounding = 100
late_interest_percent = 2
part_month = "weeks"

[[rate]]
category = "paket"
zone = "*"
unit = "day"
plays = 0
price = 200000
account = "4.1"

[[rate]]
category = "kontrak"
zone = "*"
unit = "contract"
block_seconds = 60
price = 120000000
account = "4.1"

[[rate]]
category = "bulanan"
zone = "*"
unit = "month"
block_seconds = 60
price = 5000000
account = "4.1"

[[rate]]
category = "tayang"
zone = "*"
unit = "play"
blocks = "airtime"
plays = 10
minimum_charge = -1
price = 2500
account = "4.1"

[[rate]]
category = "menit"
zone = "*"
unit = "day"
blocks = "minutes"
price = 250000
account = "4.1"

[[band]]
name = "prime"
factor = 1.5
start = "17:00"
end = "21:00"

[[band]]
name = "malam"
factor = 1.2
start = "20:00"
end = "23:00"
"""


def test_bad_units_named_with_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "units.toml"
    path.write_text(BAD_UNITS)
    with pytest.raises(ValidationError) as err:
        read_tariff(path)
    got = [p.english() for p in err.value.problems]
    expected = [
        (8, "part_month", "'weeks' is not one of whole, days"),
        (14, "[[rate]] #1 field 'plays'", "must be at least 1, got 0"),  # a package of 0 plays
        (22, "[[rate]] #2 field 'block_seconds'", "a contract is a flat price"),
        (30, "[[rate]] #3 field 'block_seconds'", 'not per block (blocks = "none", the default for month)'),
        (38, "[[rate]] #4 field 'blocks'", "airtime counts a day's plays"),
        (39, "[[rate]] #4 field 'plays'", "a package is N plays a day for one price"),
        (40, "[[rate]] #4 field 'minimum_charge'", "must be at least 0, got -1"),
        (48, "[[rate]] #5 field 'blocks'", "'minutes' is not one of spot, airtime, none"),
        (61, "[[band]] #2 field 'start'", "overlaps [[band]] #1 'prime'"),
    ]
    for line, field, what in expected:
        assert any(p.startswith(f"{path}:{line}: ") and field in p and what in p for p in got), (line, field, got)
    assert len(got) == len(expected), got


def test_a_month_row_needs_the_part_month_rule(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(TARIFF.replace('part_month = "whole"      # a started calendar month counts whole\n', ""))
    with pytest.raises(ValidationError) as err:
        read_tariff(path)
    (problem,) = err.value.problems
    assert (problem.code, problem.field) == ("tariff.part_month_required", "part_month")
    assert problem.english().startswith(f"{path}: field 'part_month': a [[rate]] is priced per calendar month")


def test_bad_units_exit_2_and_nothing_written(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "units.toml"
    path.write_text(BAD_UNITS)
    assert main(["--db", sqlite_url, "db", "upgrade"]) == 0
    assert main(["--db", sqlite_url, "tariff", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:14: [[rate]] #1 field 'plays'" in err and "9 problem(s)" in err
    assert main(["--db", sqlite_url, "tariff", "show", "--all", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize(
    ("terms", "field", "code"),
    [
        ('unit = "day"\nblocks = "airtime"\nplays = 10', "plays", "tariff.package_airtime"),
        ('unit = "contract"\nplays = 10', "plays", "tariff.contract_flat"),
        ('unit = "contract"\nminimum_charge = 5', "minimum_charge", "tariff.contract_flat"),
        ('unit = "contract"\nblocks = "none"', "blocks", "tariff.contract_flat"),
        ('unit = "day"\nblocks = "none"\nblock_seconds = 60', "block_seconds", "tariff.block_without_blocks"),
    ],
)
def test_terms_that_mean_nothing_are_refused(tmp_path: Path, terms: str, field: str, code: str) -> None:
    path = tmp_path / "t.toml"
    head = BAD_UNITS.split("[[rate]]")[0].replace('part_month = "weeks"\n', "")
    path.write_text(f'{head}[[rate]]\ncategory = "k"\nzone = "*"\nprice = 1\naccount = "4.1"\n{terms}\n')
    with pytest.raises(ValidationError) as err:
        read_tariff(path)
    assert [(p.code, p.field) for p in err.value.problems] == [(code, field)]
    assert err.value.problems[0].where is not None and err.value.problems[0].where.line is not None
