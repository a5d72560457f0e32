"""Administration › Tariffs: choose a tariff file, see what it would change (the version it replaces, each price
before and after), confirm, and it is imported through billing's import service (the CLI's `tariff import`), audited;
a file with problems is refused naming its line and field, and nothing is written on a refusal or on Cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from billing.models import TariffVersion
from videotron.core.audit import AuditEntry
from videotron.core.clock import FixedClock
from videotron.core.user_admin import add_user
from videotron.demo.office import DEMO_TARIFF

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton
NEW_TARIFF = (DEMO_TARIFF.replace("effective_from = 2026-01-01", "effective_from = 2027-01-01")
              .replace("price = 2500", "price = 3000").replace("Nomor 5 Tahun 2018", "Nomor 9 Tahun 2026"))  # fmt: skip


@pytest.fixture
def office(demo_office: sessionmaker[Session], clock: FixedClock) -> sessionmaker[Session]:
    """The demo office (its tariff imported as version 1) with an admin, sari, and an operator, rina."""
    with demo_office.begin() as s:
        add_user(s, "sari", "admin", "rahasia-sari", actor="setup", clock=clock)
    with demo_office.begin() as s:
        add_user(s, "rina", "operator", "rahasia-rina", actor="sari", clock=clock)
    return demo_office


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "(*.toml)"))


def open_import(qtbot: Any, desk_tab: Callable[..., Any], actor: str = "sari", **kw: Any) -> Any:
    admin = desk_tab("Administration", actor, **kw)
    panel = admin.tariffs
    qtbot.mouseClick(panel.import_button, LEFT)
    return panel


def versions(sessions: sessionmaker[Session]) -> list[tuple[int, str, str]]:
    with sessions() as s:
        found = s.scalars(select(TariffVersion).order_by(TariffVersion.id))
        return [(v.id, v.regulation, v.imported_by) for v in found]


def test_import_shows_what_changes_then_imports_on_confirm(
    qtbot: Any, office: Any, desk_tab: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tarif-2027.toml"
    path.write_text(NEW_TARIFF, encoding="utf-8")
    choose_file(monkeypatch, path)
    panel = open_import(qtbot, desk_tab)
    assert panel.versions.rowCount() == 1 and panel.versions.item(0, 0).text() == "1 \u2714"
    dialog = panel.dialog
    assert dialog.isVisible()
    label = dialog.findChild(object, "tariffReplaces").text()
    assert "version 1" in label and "1 January 2026" in label and "from 1 January 2027" in label
    assert dialog.findChild(object, "tariffFrom").text() == "01-01-2027"
    assert dialog.findChild(object, "tariffEffect").text().startswith("SKRDs issued before 1 January 2027 are still")
    assert "Nomor 9 Tahun 2026" in dialog.findChild(object, "tariffRegulation").text()
    assert "prime 17:00\u201321:00 \u00d71.5" in dialog.findChild(object, "tariffBands").text()
    rows = [[dialog.rates.item(r, c).text() for c in range(6)] for r in range(dialog.rates.rowCount())]
    assert rows[0][:5] == ["komersial", "A", "per play", "Rp3.000", "Rp2.500"]
    assert rows[1][4] == "unchanged" and rows[2][4] == "unchanged"
    assert versions(office) == [(1, "Peraturan Walikota Padang Panjang Nomor 5 Tahun 2018", "t")]  # nothing yet
    qtbot.mouseClick(dialog.ok, LEFT)
    assert not dialog.isVisible(), dialog.problem.text()
    assert versions(office)[1] == (2, "Peraturan Walikota Padang Panjang Nomor 9 Tahun 2026", "sari")
    with office() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "tariff.import")
                          .order_by(AuditEntry.seq.desc())).first()  # fmt: skip
        assert entry is not None and entry.actor == "sari" and entry.entity_id == "2"
    assert panel.versions.rowCount() == 2 and panel.versions.item(0, 0).text() == "2"  # not in force yet
    # the same file again: refused in the dialog, nothing written
    qtbot.mouseClick(panel.import_button, LEFT)
    qtbot.mouseClick(panel.dialog.ok, LEFT)
    assert panel.dialog.isVisible() and "already imported as version 2" in panel.dialog.problem.text()
    assert len(versions(office)) == 2


def test_cancel_writes_nothing(qtbot: Any, office: Any, desk_tab: Callable[..., Any], tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = tmp_path / "tarif-2027.toml"
    path.write_text(NEW_TARIFF, encoding="utf-8")
    choose_file(monkeypatch, path)
    panel = open_import(qtbot, desk_tab)
    qtbot.mouseClick(panel.dialog.cancel, LEFT)
    assert not panel.dialog.isVisible() and len(versions(office)) == 1


def test_a_file_with_problems_is_refused_naming_line_and_field(qtbot: Any, office: Any, desk_tab: Callable[..., Any],
                                                               tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = tmp_path / "tarif-salah.toml"
    path.write_text(NEW_TARIFF.replace("price = 3000", "price = -5"), encoding="utf-8")
    line = NEW_TARIFF.splitlines().index("price = 3000") + 1
    choose_file(monkeypatch, path)
    panel = open_import(qtbot, desk_tab, language="id")
    box = panel.findChild(QMessageBox, "errorBox")
    assert panel.dialog is None and box is not None and box.isVisible()
    assert f"tarif-salah.toml:{line}" in box.text() and "price" in box.text(), box.text()
    assert len(versions(office)) == 1


def test_only_an_admin_may_import(qtbot: Any, office: Any, desk_tab: Callable[..., Any]) -> None:
    panel = desk_tab("Administration", "rina", language="id").tariffs
    assert not panel.import_button.isEnabled()
    assert panel.import_button.toolTip().startswith("Hanya admin")
