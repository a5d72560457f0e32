"""Absurd values get clear refusals naming the field: a 9999999999999-second image, negative plays, a 2100 end
date, a 10 GB file (a sparse file: no disk is used), a tariff price beyond what terbilang can spell."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from billing.tariff_file import read_tariff
from playlists.media.library import prepare
from playlists.media.store import check_size, store
from playlists.setup_file import parse_setup
from tests.billing_helpers import TARIFF
from tests.test_setup_load import SETUP
from videotron.cli import main
from videotron.core.errors import ValidationError, VideotronError


@pytest.fixture
def huge(tmp_path: Path) -> Path:
    path = tmp_path / "iklan-10gb.mp4"
    with path.open("wb") as fh:
        fh.truncate(10 * 1024**3)  # sparse: 10 GiB long, no blocks written
    assert path.stat().st_size == 10 * 1024**3
    return path


def test_a_10_gb_file_is_refused_before_anything_reads_it(huge: Path, tmp_path: Path) -> None:
    for check in (check_size, store, lambda p: prepare(p, None)):
        with pytest.raises(VideotronError, match=r"10\.0 GiB is larger than the 4 GiB limit"):
            check(huge)
    assert not any((tmp_path / "data").rglob(".incoming-*"))  # nothing half-copied into the store


def test_a_10_gb_file_in_a_setup_file(huge: Path, tmp_path: Path, media_files: dict[str, Path]) -> None:
    d = tmp_path / "office"
    (d / "media").mkdir(parents=True)
    for key, name in (("psa", "psa-pilkada.mp4"), ("logo", "logo.png")):
        shutil.copy(media_files[key], d / "media" / name)
    os.replace(huge, d / "media" / "iklan-toko-maju.mp4")
    (d / "setup.toml").write_text(SETUP, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        parse_setup(d / "setup.toml")
    (problem,) = [p.english() for p in err.value.problems]
    assert "[[media]] #3 field 'file'" in problem and "GiB is larger than the 4 GiB limit" in problem


def test_cli_refuses_absurd_media(sqlite_url: str, huge: Path, media_files: dict[str, Path],
                                  capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["--db", sqlite_url, "db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["--db", sqlite_url, "media", "add", str(media_files["logo"]), "--seconds", "9999999999999"]) == 2
    assert "seconds must be between 1 and 3600, got 9999999999999" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "media", "add", str(media_files["logo"]), "--seconds", "-8"]) == 2
    assert "seconds must be between 1 and 3600" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "media", "add", str(huge), "--kind", "ad"]) == 2
    assert "larger than the 4 GiB limit" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "media", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("price = 2500", "price = 9999999999999999", "field 'price': must be at most 1000000000000"),
        ("price = 2500", "price = -2500", "field 'price': must be at least 0"),
        ("block_seconds = 15", "block_seconds = 9999999999999", "field 'block_seconds': must be at most 3600"),
        ("effective_from = 2026-01-01", "effective_from = 2300-01-01", "2300-01-01 is after 2200-12-31"),
        ("due_days = 30", "due_days = -30", "field 'due_days': must be at least 0"),
        ("late_interest_percent = 2", "late_interest_percent = nan", "must be a finite number"),
        ("late_interest_percent = 2", "late_interest_percent = 1e308", "must be at most 100"),
        ("factor = 1.5", "factor = 0.00001", "at most 4 decimals"),
    ],
)
def test_tariff_refuses_absurd_values(old: str, new: str, message: str) -> None:
    assert old in TARIFF
    with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
        read_tariff("tarif.toml", text=TARIFF.replace(old, new, 1))


def test_control_characters_in_text_are_refused(tmp_path: Path) -> None:
    """PostgreSQL cannot store NUL in text; no name needs an escape sequence either."""
    path = tmp_path / "setup.toml"
    path.write_text('[[advertiser]]\nid = "toko"\nname = "Toko\\u0000Maju"\naddress = "Jl. \\u001b[31m"\n')
    with pytest.raises(ValidationError) as err:
        parse_setup(path)
    assert [p.split(": ", 1)[1] for p in (q.english() for q in err.value.problems)] == [
        "[[advertiser]] #1 field 'name': contains a control character ('\\x00')",
        "[[advertiser]] #1 field 'address': contains a control character ('\\x1b')",
    ]
