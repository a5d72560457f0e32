"""Hostile input files end quickly in a short message: size and count limits on setup and tariff files, problems
worded at most 50 at a time, time zone names checked before anything opens a file (issue #18, bounded input).

Measured before the limits: a tariff with 3,000 `[[band]]` tables named alike took 137 s, 4.6 GB and printed
4.5 million lines; 6,000 about four times that.
"""

from __future__ import annotations

import json
import resource
import subprocess
import time
from pathlib import Path

import pytest

from billing.tariff_file import read_tariff
from player import plan_source
from playlists.media import probe as probe_module
from playlists.media.library import prepare
from playlists.media.probe import ProbeError
from playlists.plan import plan_from_dict
from playlists.setup_file import parse_setup
from tests.billing_helpers import TARIFF
from videotron.core.errors import Place, ValidationError, problem
from videotron.core.i18n import render_error

BAND = '\n[[band]]\nname = "prime"\nstart = "17:00"\nend = "21:00"\nfactor = 1.5\n'
HOSTILE_ZONES = ["Asia", "America", "Etc", "Pacific", "x" * 300, "../etc", "/etc/passwd", "Asia/Jakarta\x00"]


def _tariff_with_bands(n: int) -> str:
    return TARIFF.split("[[band]]")[0] + BAND * n


@pytest.mark.parametrize("bands", [3000, 6000])
def test_thousands_of_bands_named_alike_are_refused_at_once(tmp_path: Path, bands: int) -> None:
    path = tmp_path / "tarif.toml"
    path.write_text(_tariff_with_bands(bands), encoding="utf-8")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(ValidationError) as err:
        read_tariff(path)
    assert time.perf_counter() - started < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < 200 * 1024  # KiB: well under 200 MB
    assert len(err.value.problems) == 1
    assert err.value.problems[0].code in ("file.too_many_tables", "file.too_big")
    assert len(str(err.value).splitlines()) == 2


def test_bands_named_alike_are_each_named_against_the_first() -> None:
    with pytest.raises(ValidationError) as err:
        read_tariff("tarif.toml", text=_tariff_with_bands(96))
    assert len(err.value.problems) == 95  # n-1, not n(n-1)/2
    assert {p.params["other"] for p in err.value.problems} == {1}
    lines = str(err.value).splitlines()
    assert len(lines) == 52 and lines[-1] == "  - ... and 45 more"


def test_a_file_above_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A valid head followed by a 2 GB sparse tail: refused from its size, the tail never read."""
    for name, reader, text in (("tarif.toml", read_tariff, TARIFF), ("setup.toml", parse_setup, "")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        subprocess.run(["truncate", "-s", "2G", str(path)], check=True)
        started = time.perf_counter()
        with pytest.raises(ValidationError) as err:
            reader(path)
        assert time.perf_counter() - started < 1
        assert err.value.problems[0].code == "file.too_big"
        assert str(path) in str(err.value) and "2.147.483.648 bytes" in str(err.value)


def test_too_many_setup_tables_are_one_problem_at_the_first(tmp_path: Path) -> None:
    path = tmp_path / "setup.toml"
    path.write_text("# screens\n" + '[[screen]]\nid = "alun"\nname = "Alun"\n' * 10_001, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        parse_setup(path)
    assert [p.code for p in err.value.problems] == ["file.too_many_tables"]
    assert f"{path}:2: 10.001 [[screen]] tables; at most 10.000 are allowed" in str(err.value)


def test_a_message_words_the_first_50_problems_and_counts_the_rest() -> None:
    problems = [problem("field.required", "is required", "name", Place("setup.toml", n)) for n in range(1, 4001)]
    text = render_error(ValidationError(problems, source="setup.toml"), "en")
    assert text.splitlines()[0] == "setup.toml: 4000 problem(s)"
    assert len(text.splitlines()) == 52 and text.splitlines()[-1] == "  - ... and 3.950 more"


@pytest.mark.parametrize("name", HOSTILE_ZONES)
def test_a_screen_zone_that_is_not_on_the_iana_list_is_a_problem_of_its_field(tmp_path: Path, name: str) -> None:
    path = tmp_path / "setup.toml"
    path.write_text(
        f'[[screen]]\nid = "alun"\nname = "Alun"\nzone = "A"\ntimezone = {json.dumps(name)}\n', encoding="utf-8"
    )
    with pytest.raises(ValidationError) as err:
        parse_setup(path)
    assert f"{path}:5: [[screen]] #1 field 'timezone'" in str(err.value)


@pytest.mark.parametrize("name", HOSTILE_ZONES)
def test_a_plan_or_zone_file_naming_a_folder_is_refused_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    plan = {"screen": "alun", "date": "2026-12-01", "timezone": name, "items": []}
    with pytest.raises(ValidationError, match="not a valid videotron plan"):
        plan_from_dict(plan, "plan.json")
    monkeypatch.setattr(plan_source, "_zone_path", lambda screen: tmp_path / f"{screen}.zone")
    (tmp_path / "alun.zone").write_text(name + "\n", encoding="utf-8")
    assert plan_source.screen_zone("alun", None) is None  # logged, and the player waits for a usable plan


def _with_sparse_tail(src: Path, dest: Path, size: str = "2G") -> Path:
    dest.write_bytes(src.read_bytes())
    subprocess.run(["truncate", "-s", size, str(dest)], check=True)
    return dest


def test_a_png_with_a_2_gb_sparse_tail_is_refused_in_seconds(tmp_path: Path, media_files: dict[str, Path]) -> None:
    path = _with_sparse_tail(media_files["logo"], tmp_path / "logo.png")
    started = time.perf_counter()
    with pytest.raises(ProbeError) as err:
        prepare(path, 10)
    assert time.perf_counter() - started < 2  # was 33 s and 4.2 GB in ffprobe
    assert err.value.code == "media.image_too_large" and str(path) in str(err.value)


def test_an_image_is_judged_by_its_probed_format_whatever_its_first_bytes(
    tmp_path: Path, media_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(probe_module, "MAX_IMAGE_BYTES", 100)  # the real logo, seen as too large once probed
    monkeypatch.setattr(probe_module, "_IMAGE_MAGIC", (b"no header matches",))
    with pytest.raises(ProbeError, match="an image of 0 MiB"):
        prepare(media_files["logo"], 10)


def test_a_video_with_a_2_gb_tail_is_refused_by_its_size_for_its_length(
    tmp_path: Path, media_files: dict[str, Path]
) -> None:
    path = _with_sparse_tail(media_files["ad"], tmp_path / "ad.mp4")
    started = time.perf_counter()
    with pytest.raises(ProbeError) as err:
        prepare(path, None)
    assert time.perf_counter() - started < 10
    assert err.value.code == "media.video_too_large"


def test_probing_tools_run_under_a_time_cpu_and_memory_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    limits = probe_module._run(["sh", "-c", "ulimit -v; ulimit -t"], tmp_path)
    assert limits.stdout.split() == [str(probe_module.LIMIT_MEMORY // 1024), str(probe_module.LIMIT_CPU_SECONDS)]
    monkeypatch.setattr(probe_module, "LIMIT_SECONDS", 0.3)
    started = time.perf_counter()
    with pytest.raises(ProbeError) as err:
        probe_module._run(["sleep", "30"], tmp_path / "slow.mp4")
    assert time.perf_counter() - started < 5
    assert err.value.code == "media.probe_timeout" and "slow.mp4" in str(err.value)
