"""The message catalogue is complete: every text a person may read has its Indonesian translation, with the same
placeholders; no code names two texts; nothing unused lingers; and the places that still word a message in English
only (a sentence instead of a code) only ever decrease (LEGACY_MAX, down to 0)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from videotron.core.errors import Problem, ValidationError, VideotronError, problem
from videotron.core.i18n import message, render, render_error
from videotron.core.tomlsrc import TomlDoc

ROOT = Path(__file__).resolve().parent.parent
# Places per room that still raise or collect an English sentence; each only ever goes down, to 0.
LEGACY_MAX = {
    "core": 0,
    "cli": 0,
    "desk": 0,
    "alerts": 0,
    "player": 0,
    "scheduling": 0,
    "billing": 0,
}


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogue", ROOT / "scripts" / "catalogue.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_text_has_its_indonesian_translation_and_nothing_is_unused() -> None:
    assert tool().problems("id") == []


@pytest.mark.parametrize("room", sorted(LEGACY_MAX))
def test_places_that_word_messages_in_english_only_do_not_grow(room: str) -> None:
    catalogue = tool()
    legacy = [(f, n) for f, n in catalogue.all_legacy() if catalogue.Text(None, "", f, n).room == room]
    assert len(legacy) <= LEGACY_MAX[room], "\n".join(f"{f}:{n}" for f, n in legacy)


def test_a_problem_reads_in_indonesian_by_default_and_in_english_when_chosen(tmp_path: Path) -> None:
    bad = tmp_path / "x.toml"
    bad.write_text("[[booking]]\nid = 5\n", encoding="utf-8")
    doc = TomlDoc(bad)
    p = doc.problem("booking", 0, "id", "field.not_text", "must be text, got {value!r}", value=5)
    assert render(p, "en") == f"{bad}:2: [[booking]] #1 field 'id': must be text, got 5"
    assert render(p, "id") == f"{bad}:2: [[booking]] ke-1 kolom 'id': harus teks, tertulis 5"
    err = ValidationError([p], source=str(bad))
    assert render_error(err, "id").startswith(f"{bad}: 1 masalah\n  - ")
    assert str(err) == render_error(err, "en")


def test_a_field_is_named_the_way_each_edge_names_it() -> None:
    err = VideotronError("field.required", "is required", field="amount")
    assert str(err) == "amount: is required"
    assert render_error(err, "en", {"amount": "--amount"}.get) == "--amount: is required"
    assert render_error(err, "id", {"amount": "Jumlah"}.get) == "Jumlah: wajib diisi"
    assert (err.code, err.field) == ("field.required", "amount")


def test_codes_must_look_like_codes_and_untranslated_text_falls_back_to_english() -> None:
    with pytest.raises(ValueError):
        problem("Not a code", "text")
    assert message("id", "nowhere.unknown", "never translated") == "never translated"
    legacy = VideotronError("a sentence from before the catalogue")
    assert legacy.problems == [Problem("", "a sentence from before the catalogue")]


def test_the_command_line_speaks_indonesian_by_default_and_names_the_file_line_and_field(tmp_path: Path) -> None:
    setup = tmp_path / "setup.toml"
    setup.write_text('[[screen]]\nid = "s1"\nname = "S"\nzone = "A"\nloop_seconds = "lima"\n', encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VIDEOTRON_DATA_DIR": str(tmp_path / "d"),
           "VIDEOTRON_CONFIG": str(tmp_path / "none.toml"), "VIDEOTRON_LOG_DIR": str(tmp_path / "log")}  # fmt: skip
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    run = [sys.executable, "-m", "videotron.cli", "--db", url]
    subprocess.run([*run, "db", "upgrade"], env=env, check=True, capture_output=True)
    out = subprocess.run([*run, "load", str(setup)], env=env, capture_output=True, text=True)
    assert out.returncode == 2
    assert "videotron: kesalahan:" in out.stderr
    assert f"{setup}:5: [[screen]] ke-1 kolom 'loop_seconds': harus bilangan bulat, tertulis 'lima'" in out.stderr
    english = subprocess.run([*run, "load", str(setup)], env={**env, "VIDEOTRON_LANGUAGE": "en"}, capture_output=True,
                             text=True)  # fmt: skip
    assert f"{setup}:5: [[screen]] #1 field 'loop_seconds': must be a whole number, got 'lima'" in english.stderr
