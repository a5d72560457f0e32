"""The page side of every PDF the office prints (SKRD, receipt, reports): paper and margins, the document's
metadata, and what is painted on each page (the footer, a void mark)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate

from billing.documents.fonts import register_fonts


@dataclass(frozen=True)
class Page:
    """A document's paper and margins (left and right alike)."""

    size: tuple[float, float]
    margin: float
    top: float
    bottom: float

    @property
    def width(self) -> float:
        """The width text may take."""
        return self.size[0] - 2 * self.margin


def build_pdf(story: list[Any], out: str | Path | BinaryIO, page: Page, *, title: str, author: str,
              on_page: Callable[[Canvas, BaseDocTemplate], None], subject: str | None = None) -> None:  # fmt: skip
    """Lay out `story` on `page`s, every page finished by `on_page`, with the document's metadata. The canvas starts
    in the embedded font, or reportlab references a non-embedded Helvetica."""
    doc = SimpleDocTemplate(str(out) if isinstance(out, Path) else out, pagesize=page.size, leftMargin=page.margin,
                            rightMargin=page.margin, topMargin=page.top, bottomMargin=page.bottom, title=title,
                            author=author, subject=subject, creator="videotron",
                            initialFontName=register_fonts()[0])  # fmt: skip
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def footer(canvas: Canvas, doc: BaseDocTemplate, text: str) -> None:
    """`text` at the foot of the page, its number on the right."""
    regular, _bold, _italic = register_fonts()
    canvas.saveState()
    canvas.setFont(regular, 7)
    canvas.setFillColor(colors.Color(0.3, 0.3, 0.3))
    canvas.drawString(doc.leftMargin, doc.bottomMargin / 2, text)
    canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, doc.bottomMargin / 2, f"{canvas.getPageNumber()}")
    canvas.restoreState()


def void_watermark(canvas: Canvas, doc: BaseDocTemplate, text: str) -> None:
    """A large diagonal mark across a voided document, so a reprint can never pass as a valid one."""
    _regular, bold, _italic = register_fonts()
    w, h = doc.pagesize
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.8, 0, 0, alpha=0.35))
    canvas.setFont(bold, min(w, h) / 4.5)
    canvas.translate(w / 2, h / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -min(w, h) / 14, text)
    canvas.restoreState()
