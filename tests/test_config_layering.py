"""Office configuration (defaults, overrides, errors with line and field) and the package layering rule: the domain
imports without Qt, and a probe import that breaks a floor makes `lint-imports` fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from videotron.core.config import load_config
from videotron.core.errors import ValidationError
from videotron.core.office_identity import REQUIRED, missing_keys


def test_defaults_without_a_file(tmp_path: Path) -> None:
    cfg = load_config(tmp_path / "config.toml")
    # an office's identity has no default (the demo writes its own file): every document needs these keys
    assert missing_keys(cfg) == [
        f"{section}.{key}" for section, key in REQUIRED if (section, key) != ("treasurer", "title")
    ]
    assert cfg.numbering.skrd.format(seq=7, year=2026) == "0007/SKRD/VT/2026"
    assert cfg.language == "id"


def test_file_overrides_and_targets(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[office]\ngovernment = "Pemerintah Kota Solok"\n[signer]\nname = "Alwa Dudi, S.T, M.M"\n'
        '[numbering]\nskrd = "SKRD-{year}-{seq:05d}"\n[targets]\n"2026" = 500000000\n'
        '"2027" = { "4.1.2.02.01" = 300000000, "4.1.2.02.02" = 100000000 }\n'
    )
    cfg = load_config(path)
    assert cfg.office.government == "Pemerintah Kota Solok"
    assert cfg.office.name == "" and "office.name" in missing_keys(cfg)  # not set: no other office's name instead
    assert cfg.signer.name == "Alwa Dudi, S.T, M.M"
    assert cfg.numbering.skrd.format(seq=3, year=2026) == "SKRD-2026-00003"
    assert cfg.targets == {2026: 500_000_000, 2027: 400_000_000}
    assert cfg.account_targets[(2027, "4.1.2.02.01")] == 300_000_000


def test_errors_name_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[office]\ngovernmnet = "x"\n[numbering]\nskrd = "SKRD/{year}"\n[targets]\n"2026" = -5\n')
    with pytest.raises(ValidationError) as err:
        load_config(path)
    text = str(err.value)
    assert f"{path}:2: [office] field 'governmnet': unknown field" in text
    assert f"{path}:4: [numbering] field 'skrd'" in text and "{seq}" in text
    assert f"{path}:6" in text and "whole rupiah" in text


def test_domain_packages_import_without_qt_or_vlc() -> None:
    """playlists/ and billing/ are plain Python: importing every module works with Qt and libVLC made unimportable."""
    code = (
        "import sys, pkgutil, importlib\n"
        "for name in ('PySide6', 'shiboken6', 'vlc'): sys.modules[name] = None\n"
        "import playlists, billing\n"
        "for pkg in (playlists, billing):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'vlc', 'player') and sys.modules[m]]\n"
        "assert not bad, bad\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def _lint_with_probes(tmp_path: Path, probes: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`lint-imports` (the contracts in pyproject.toml) on a copy of the four packages with `probes` appended
    (file -> import line); the copy comes first on the path, so it is what import-linter reads."""
    root = Path(__file__).resolve().parent.parent
    for package in ("videotron", "player", "playlists", "billing"):
        shutil.copytree(root / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "*.po"))
    shutil.copy(root / "pyproject.toml", tmp_path / "pyproject.toml")
    for file, line in probes.items():
        with (tmp_path / file).open("a", encoding="utf-8") as f:
            f.write(f"\n{line}  # probe\n")
    lint = Path(sys.executable).parent / "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run([str(lint), "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True)


def test_a_probe_import_breaking_a_floor_makes_the_contracts_fail(tmp_path: Path) -> None:
    """GIVEN billing (a service) importing the desk's widgets and playlists importing Qt, WHEN the contracts are
    checked, THEN the floors contract and the Qt contract are both BROKEN, naming the probes; the real tree (the
    test command's own `lint-imports`) keeps them."""
    res = _lint_with_probes(tmp_path, {"billing/money.py": "import videotron.gui.widgets",
                                       "playlists/capacity.py": "import PySide6.QtCore"})  # fmt: skip
    report = res.stdout + res.stderr
    assert res.returncode != 0, report
    assert "Floors: applications > services > scheduling > ground floor BROKEN" in report
    assert "Qt and libVLC only in the desk and the player BROKEN" in report
    assert "billing.money -> videotron.gui.widgets" in report
    assert "playlists is not allowed to import PySide6" in report and "playlists.capacity -> PySide6" in report
