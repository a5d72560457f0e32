"""Building blocks shared by the documents: styles, the letterhead (kop surat), QR code, signature block. (The page
they are laid out on: `pages`.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import qrcode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from billing.documents.fonts import register_fonts
from billing.documents.labels import labels
from videotron.core.formats import number

INK = colors.black


@dataclass(frozen=True)
class Styles:
    base: ParagraphStyle
    small: ParagraphStyle
    bold: ParagraphStyle
    center: ParagraphStyle
    title: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    gov: ParagraphStyle
    office: ParagraphStyle
    addr: ParagraphStyle


def styles(size: float = 9.5) -> Styles:
    regular, bold, _italic = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=size, leading=size * 1.3, textColor=INK)
    return Styles(
        base=base,
        small=ParagraphStyle("small", base, fontSize=size - 1.5, leading=(size - 1.5) * 1.3),
        bold=ParagraphStyle("bold", base, fontName=bold),
        center=ParagraphStyle("center", base, alignment=TA_CENTER),
        title=ParagraphStyle(
            "title", base, fontName=bold, fontSize=size + 3, leading=(size + 3) * 1.25, alignment=TA_CENTER
        ),
        cell=ParagraphStyle("cell", base, alignment=TA_LEFT),
        cell_right=ParagraphStyle("cell_right", base, alignment=2),
        head=ParagraphStyle("head", base, fontName=bold, alignment=TA_CENTER),
        gov=ParagraphStyle(
            "gov", base, fontName=bold, fontSize=size + 3.5, leading=(size + 3.5) * 1.2, alignment=TA_CENTER
        ),
        office=ParagraphStyle(
            "office", base, fontName=bold, fontSize=size + 5.5, leading=(size + 5.5) * 1.2, alignment=TA_CENTER
        ),
        addr=ParagraphStyle("addr", base, fontSize=size - 1, leading=(size - 1) * 1.3, alignment=TA_CENTER),
    )


def table(
    data: list[list[Any]], widths: list[float], commands: list[tuple[Any, ...]] | None = None, **kwargs: Any
) -> Table:
    """A Table whose plain-text cells use the embedded font (reportlab's default is a non-embedded Helvetica)."""
    t = Table(data, colWidths=widths, **kwargs)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts()[0]), *(commands or [])]))
    return t


def esc(text: object) -> str:
    """Text for a reportlab Paragraph (which reads a little XML)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Rule(Flowable):  # type: ignore[misc]
    """The double line under a kop surat: thick above, thin below."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 3.2

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(INK)
        c.setLineWidth(2.2)
        c.line(0, 2.6, self.width, 2.6)
        c.setLineWidth(0.6)
        c.line(0, 0, self.width, 0)


def letterhead(office: dict[str, Any], width: float, st: Styles) -> list[Flowable]:
    """Kop surat: PEMERINTAH ..., DINAS ..., address and phone, double rule."""
    contact = office.get("address", "")
    if office.get("phone"):
        contact += f" · Telp. {office['phone']}"
    return [
        Paragraph(esc(office.get("government", "")).upper(), st.gov),
        Paragraph(esc(office.get("name", "")).upper(), st.office),
        Paragraph(esc(contact), st.addr),
        Spacer(1, 1.5 * mm),
        Rule(width),
    ]


class QrCode(Flowable):  # type: ignore[misc]
    """A vector QR code: the matrix from `qrcode`, drawn as filled squares (sharp at any printer resolution)."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
        code.add_data(text)
        code.make(fit=True)
        self.matrix: list[list[bool]] = code.get_matrix()
        self.width = self.height = size

    def draw(self) -> None:
        c = self.canv
        n = len(self.matrix)
        cell = self.width / n
        c.setFillColor(INK)
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    c.rect(x * cell, self.height - (y + 1) * cell, cell, cell, stroke=0, fill=1)


def signature(place_date: str, title: str, name: str, lines: list[str], st: Styles, gap: float = 20 * mm) -> Table:
    """Place and date, title, room to sign, the name underlined and bold, rank and NIP."""
    rows: list[list[Any]] = [
        [Paragraph(esc(place_date) or "&nbsp;", st.center)],
        [Paragraph(esc(title), st.center)],
        [Spacer(1, gap)],
        [Paragraph(f"<u><b>{esc(name)}</b></u>" if name else "(" + "." * 40 + ")", st.center)],
    ]
    rows += [[Paragraph(esc(text), st.center)] for text in lines if text]
    return table(rows, [70 * mm], [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])


def field_table(rows: list[tuple[str, str]], widths: tuple[float, float], st: Styles) -> Table:
    """Label : value rows, labels aligned."""
    data = [[Paragraph(esc(k), st.base), Paragraph(":", st.base), Paragraph(v, st.base)] for k, v in rows]
    return table(
        data,
        [widths[0], 4 * mm, widths[1]],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ],
    )


def justified(st: Styles) -> ParagraphStyle:
    return ParagraphStyle("just", st.small, alignment=TA_JUSTIFY)


def account_lines(rows: list[tuple[str, str, str, int]], total_text: str, total: int, language: str, width: float,
                  st: Styles, amount_key: str = "amount") -> Table:  # fmt: skip
    """No, kode rekening, description (marked-up text) and amount per row, then the bold total on grey: the body of a
    credit note or an STRD."""
    t = labels(language)
    data: list[list[Any]] = [[Paragraph(t[k], st.head) for k in ("no", "account", "desc", amount_key)]]
    data += [[Paragraph(no, st.center), Paragraph(esc(account or "-"), st.center), Paragraph(text, st.cell),
              Paragraph(number(amount, language), st.cell_right)] for no, account, text, amount in rows]  # fmt: skip
    data.append(["", "", Paragraph(f"<b>{esc(total_text)}</b>", st.cell),
                 Paragraph(f"<b>{number(total, language)}</b>", st.cell_right)])  # fmt: skip
    grey, last = colors.Color(0.9, 0.9, 0.9), len(data) - 1
    commands = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("BACKGROUND", (0, 0), (-1, 0), grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (2, last), (-1, last), grey)]  # fmt: skip
    return table(data, [11 * mm, 30 * mm, width - 73 * mm, 32 * mm], commands, repeatRows=1)
