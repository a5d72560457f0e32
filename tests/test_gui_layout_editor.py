"""The layout editor, typed into as a person does (demo office: screen alun-alun, 640x320, a band along the bottom
and a clock over the top right corner): a zone pushed outside the screen and a malformed colour are each named beside
their field as they are typed, the save button stays off and nothing is written; a valid change is saved through
save_layout, read back from the database and audited; the preview draws at the screen's real pixel size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from playlists.layouts import layouts_of
from videotron.core.audit import AuditEntry

pytestmark = pytest.mark.gui


def retype(qtbot: Any, widget: Any, text: str) -> None:
    """Select what the field holds and type over it."""
    line = widget if isinstance(widget, QLineEdit) else widget.findChild(QLineEdit)
    widget.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)


def ticker(sessions: sessionmaker[Session]) -> Any:
    with sessions() as s:
        return next(lay for part, lay, _sold in layouts_of(s, "alun-alun") if part is None).ticker


def editor(desk_tab: Callable[..., Any]) -> Any:
    tab = desk_tab("Running text")
    tab.pages.setCurrentWidget(tab.layouts)
    page = tab.layouts
    assert page.screen_box.currentData() == "alun-alun"
    return page


def test_a_zone_outside_the_screen_is_named_beside_its_field_and_nothing_is_written(
    qtbot: Any, demo_office: sessionmaker[Session], desk_tab: Callable[..., Any]
) -> None:
    page = editor(desk_tab)
    y, bg = page.findChild(object, "layout_ticker_y"), page.findChild(object, "layout_ticker_bg")
    assert (y.value(), bg.text()) == (280, "#0D47A1")  # the saved layout, loaded
    retype(qtbot, y, "300")  # 300 + 40 px > 320
    problem = page.findChild(object, "layoutProblem_ticker_y")  # beside y, the coordinate that puts it out
    assert not problem.isHidden() and "outside the 640x320 screen" in problem.text(), problem.text()
    retype(qtbot, bg, "#12")
    colour = page.findChild(object, "layoutProblem_ticker_bg")
    assert not colour.isHidden() and "must be a colour like #FFCC00, got #12" in colour.text()
    assert "ticker" in page.preview.scene.bad  # outlined in the preview too
    assert not page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert (ticker(demo_office).box.y, ticker(demo_office).bg) == (280, "#0D47A1")


def test_a_valid_layout_is_saved_read_back_and_audited(qtbot: Any, demo_office: sessionmaker[Session],
                                                       desk_tab: Callable[..., Any]) -> None:  # fmt: skip
    page = editor(desk_tab)
    retype(qtbot, page.findChild(object, "layout_ticker_bg"), "#112233")
    retype(qtbot, page.findChild(object, "layout_ticker_speed_px_s"), "150")
    retype(qtbot, page.findChild(object, "layout_ticker_separator"), " | ")
    assert not [label for label in page.findChildren(object) if label.objectName().startswith("layoutProblem")
                and not label.isHidden()]  # fmt: skip
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    band = ticker(demo_office)
    assert (band.bg, band.speed_px_s, band.separator, band.box.y, band.box.h) == ("#112233", 150, " | ", 280, 40)
    with demo_office() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "layout").order_by(AuditEntry.seq)).all()[-1]
        assert (entry.action, entry.entity_id) == ("layout.update", "alun-alun")


def test_the_preview_is_the_screen_s_real_size(qtbot: Any, demo_office: sessionmaker[Session],
                                                desk_tab: Callable[..., Any]) -> None:  # fmt: skip
    page = editor(desk_tab)
    window = page.window()
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    page.check()
    assert page.preview.scale() == 1.0 and "640x320 px" in page.preview.scene.caption
    assert "100%" in page.preview.scene.caption
    assert page.preview.scene.now.utcoffset().total_seconds() == 7 * 3600  # the screen's zone (WIB)
    # A window too small for the screen's pixels: the preview is scaled down to fit, and says so
    window.resize(700, 560)
    qtbot.waitUntil(lambda: page.preview.width() < 640)
    page.check()
    scale = page.preview.scale()
    assert 0 < scale < 1 and f"{round(scale * 100)}%" in page.preview.scene.caption


def test_a_daypart_s_layout_starts_from_the_screen_s_and_is_saved_as_its_own(
    qtbot: Any, demo_office: sessionmaker[Session], desk_tab: Callable[..., Any]
) -> None:
    page = editor(desk_tab)
    page.daypart.setCurrentIndex(1)  # the screen's one daypart
    part = page.daypart.currentData()
    assert part is not None and page.findChild(object, "layout_ticker_y").value() == 280
    assert not page.sold.isEnabled() and page.sold.value() == 0  # sold texts are counted on the screen's own layout
    retype(qtbot, page.findChild(object, "layout_ticker_fg"), "#FFFFFF")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    with demo_office() as s:
        saved = {p: (lay.ticker.fg if lay.ticker else None, sold) for p, lay, sold in layouts_of(s, "alun-alun")}
    assert saved == {None: ("#FFEB3B", 4), part: ("#FFFFFF", 0)}
