"""The alert as the screen draws it, under Qt's offscreen platform: at 384x192 (a small LED) and 1920x1080 the
title, message and issue time fit inside the margins (layout rects and the grabbed pixels agree), the title is the
biggest text, and a very long message shrinks or is cut rather than overflowing. PNGs are saved for a human look
(set VIDEOTRON_TEST_PNG_DIR to keep them)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage

from player.alert_view import BACKGROUND, AlertOverlay, fit_layout, issued_text

ISSUED = datetime(2026, 3, 14, 7, 5, 40, tzinfo=UTC)  # 14:05 WIB
TITLE = "PERINGATAN GEMPA BUMI"
MESSAGE = (
    "Gempa Mag 5,6, 14 Mar 2026 14:05:12 WIB. Lokasi: 0.52 LS - 100.35 BT, Pusat gempa berada di darat 8 km "
    "BaratLaut Padang Panjang. Kedalaman 10 km. Potensi: Gempa ini dirasakan untuk diteruskan pada masyarakat. "
    "Tetap tenang, jauhi bangunan yang retak, ikuti arahan petugas BPBD."
)


def png_dir(tmp_path: Path) -> Path:
    d = Path(os.environ.get("VIDEOTRON_TEST_PNG_DIR") or tmp_path)
    d.mkdir(parents=True, exist_ok=True)
    return d


def test_issue_time_in_the_screen_zone() -> None:
    assert issued_text(ISSUED) == "Diterbitkan 14:05 WIB"
    assert issued_text(ISSUED, "Asia/Makassar") == "Diterbitkan 15:05 WITA"


def _only_background_outside(image: QImage, inside: QRect) -> list[tuple[int, int]]:
    """Pixels outside `inside` that are not the background colour (sampled every 2 px)."""
    bad = []
    bg = BACKGROUND.rgb()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if not inside.contains(x, y) and image.pixel(x, y) != bg:
                bad.append((x, y))
    return bad


@pytest.mark.parametrize(("w", "h", "message"), [(384, 192, MESSAGE), (1920, 1080, MESSAGE), (384, 192, MESSAGE * 4),
                                                   (192, 384, MESSAGE)])  # fmt: skip
def test_text_fits_the_real_size(qtbot, tmp_path: Path, w: int, h: int, message: str) -> None:  # type: ignore[no-untyped-def]
    view = AlertOverlay()
    qtbot.addWidget(view)
    view.resize(w, h)
    view.show_alert(TITLE, message, ISSUED, alert_id=1)
    layout = view.current_layout()
    widget_rect = QRect(0, 0, w, h)
    margin = max(3, round(min(w, h) * 0.04))
    inner = widget_rect.adjusted(margin, margin, -margin, -margin)
    title, body, footer = layout.blocks
    assert footer.text == "Diterbitkan 14:05 WIB"
    for block in layout.blocks:
        assert inner.contains(block.rect), (block.text[:30], block.rect, inner)
    assert title.rect.bottom() < body.rect.top() and body.rect.bottom() < footer.rect.top()  # no overlap
    assert title.font.pixelSize() > body.font.pixelSize() > footer.font.pixelSize() >= 8
    assert layout.elided == (message != MESSAGE)
    if message != MESSAGE:
        assert body.text.endswith("…")
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert (image.width(), image.height()) == (w, h)
    # every glyph pixel is inside the text blocks: nothing drawn outside them, and they are inside the margins
    assert _only_background_outside(image, layout.bounds().adjusted(-1, -1, 1, 1)) == []
    yellow = QColor("#FFEB3B").rgb()
    r = title.rect
    assert any(image.pixel(x, y) == yellow for y in range(r.top(), r.bottom()) for x in range(r.left(), r.right(), 2))
    suffix = "long" if message != MESSAGE else "normal"
    assert image.save(str(png_dir(tmp_path) / f"alert-{w}x{h}-{suffix}.png"))
    if (w, h) == (384, 192):
        assert body.font.pixelSize() >= 9  # still readable on the small LED


def test_with_a_still_the_text_moves_aside(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    still = QImage(320, 240, QImage.Format.Format_RGB32)
    still.fill(QColor("#1565C0"))
    view = AlertOverlay()
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show_alert("PERINGATAN DINI TSUNAMI", MESSAGE, ISSUED, image=still)
    layout = view.current_layout()
    assert layout.image_rect is not None
    assert all(b.rect.left() > layout.image_rect.right() for b in layout.blocks)
    image = view.grab().toImage()
    centre = layout.image_rect.center()
    assert QColor(image.pixel(centre.x(), centre.y())) == QColor("#1565C0")
    assert image.save(str(png_dir(tmp_path) / "alert-1920x1080-still.png"))
    view.clear()
    assert view.alert_id is None


def test_layout_is_pure_and_deterministic(qapp) -> None:  # type: ignore[no-untyped-def]
    a = fit_layout(QSize(384, 192), TITLE, MESSAGE, "Diterbitkan 14:05 WIB")
    b = fit_layout(QSize(384, 192), TITLE, MESSAGE, "Diterbitkan 14:05 WIB")
    assert [x.rect for x in a.blocks] == [x.rect for x in b.blocks] and a.base_px == b.base_px
