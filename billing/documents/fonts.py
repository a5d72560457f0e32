"""Find and register TrueType fonts to embed in documents (DejaVu Sans, else Liberation Sans).

Embedded fonts make a PDF print the same on every computer and carry every Indonesian character. They are found
by file name under the usual font folders (Debian's fonts-dejavu-core / fonts-liberation2, installed by
`scripts/setup.sh`), or under a folder named in VIDEOTRON_FONT_DIR.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from videotron.core.errors import VideotronError

REGULAR = "VT-Sans"
BOLD = "VT-Sans-Bold"
ITALIC = "VT-Sans-Italic"

FAMILIES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf"),
)
SEARCH_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/usr/share/fonts/truetype",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)


def _find(name: str, roots: list[Path]) -> Path | None:
    for root in roots:
        if (root / name).is_file():
            return root / name
        for found in root.rglob(name) if root.is_dir() else ():
            return found
    return None


@cache
def register_fonts() -> tuple[str, str, str]:
    """Register the first complete family found; returns the (regular, bold, italic) font names."""
    roots = [Path(os.environ["VIDEOTRON_FONT_DIR"])] if os.environ.get("VIDEOTRON_FONT_DIR") else []
    roots += [Path(d).expanduser() for d in SEARCH_DIRS]
    for family in FAMILIES:
        paths = [_find(name, roots) for name in family]
        if all(paths):
            for font, path in zip((REGULAR, BOLD, ITALIC), paths, strict=True):
                pdfmetrics.registerFont(TTFont(font, str(path)))
            addMapping(REGULAR, 0, 0, REGULAR)
            addMapping(REGULAR, 1, 0, BOLD)
            addMapping(REGULAR, 0, 1, ITALIC)
            addMapping(REGULAR, 1, 1, BOLD)
            return REGULAR, BOLD, ITALIC
    raise VideotronError("document.no_font", "no font to embed in documents ({wanted:list} not found under "
                         "{folders:list}); install fonts-dejavu-core or fonts-liberation2, or set VIDEOTRON_FONT_DIR",
                         wanted=[f[0] for f in FAMILIES], folders=SEARCH_DIRS)  # fmt: skip
