"""Shared PDF pieces for the reports: landscape A4 page, ruled data tables, the two-signature block.

The letterhead, fonts and signature come from `billing.documents.common`, the page (built, footed) from
`billing.documents.pages`, so reports and SKRDs look like papers from the same office.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from billing.documents.common import Styles, esc, letterhead, signature, styles, table
from billing.documents.pages import Page, build_pdf, footer
from billing.reports.labels import labels, period_text, short_date
from billing.reports.period import Month
from videotron.core.config import Config
from videotron.core.formats import long_date, number
from videotron.core.office_identity import require_identity

PAGE = Page(landscape(A4), margin=12 * mm, top=10 * mm, bottom=13 * mm)
WIDTH = PAGE.width
GREY = colors.Color(0.88, 0.88, 0.88)
SHORT = colors.Color(0.99, 0.85, 0.80)


def report_styles() -> tuple[Styles, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    """Document styles plus small cell styles (left, right, header) for dense tables."""
    st = styles(9)
    cell = ParagraphStyle("rcell", st.base, fontSize=7.5, leading=9)
    right = ParagraphStyle("rright", cell, alignment=2)
    head = ParagraphStyle("rhead", cell, fontName=st.bold.fontName, alignment=1)
    return st, cell, right, head


def fmt(value: Any, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, language)
    return str(value)


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    language: str,
    *,
    right: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
    shade_rows: Sequence[int] = (),
    spans: Sequence[tuple[int, int, int]] = (),
) -> Table:
    """A ruled table: header row in bold on grey (repeated on each page), numbers right-aligned.
    `bold_rows` and `shade_rows` index `rows`; `spans` are (row, first col, last col) to merge."""
    _st, cell, right_style, head = report_styles()
    data: list[list[Any]] = [[Paragraph(esc(h), head) for h in header]]
    for i, row in enumerate(rows):
        out = []
        for col, value in enumerate(row):
            text = esc(fmt(value, language))
            if i in bold_rows:
                text = f"<b>{text}</b>"
            out.append(Paragraph(text, right_style if col in right else cell))
        data.append(out)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ]
    commands += [("BACKGROUND", (0, i + 1), (-1, i + 1), GREY) for i in bold_rows]
    commands += [("BACKGROUND", (0, i + 1), (-1, i + 1), SHORT) for i in shade_rows]
    commands += [("SPAN", (a, r + 1), (b, r + 1)) for r, a, b in spans]
    return table(data, list(widths), commands, repeatRows=1)


def heading(text: str, st: Styles) -> Paragraph:
    return Paragraph(f"<b>{esc(text)}</b>", ParagraphStyle("h", st.base, fontSize=9.5, spaceBefore=5, spaceAfter=2))


def report_head(config: Config, title: str, month: Month, st: Styles) -> list[Flowable]:
    """The office's letterhead, the report's title and its month (refused while the office is not configured)."""
    require_identity(config)
    period = period_text(month.year, month.month, config.language)
    return [*letterhead(asdict(config.office), WIDTH, st), Spacer(1, 3 * mm), Paragraph(esc(title), st.title),
            Paragraph(esc(period), st.center), Spacer(1, 3 * mm)]  # fmt: skip


def head_signature(config: Config, above: str, st: Styles) -> Table:
    """The head of office's signature block under `above` (a place and date, or "Mengetahui,")."""
    s = config.signer
    return signature(above, s.title, s.name, [s.rank, f"NIP. {s.nip}"], st, gap=18 * mm)


def signatures(config: Config, signed_on: date, st: Styles) -> Flowable:
    """Head of office (acknowledges) on the left, the treasurer (prepared the report) on the right."""
    t = labels(config.language)
    tr, office = config.treasurer, config.office
    left = head_signature(config, t["acknowledged"], st)
    right = signature(
        f"{office.city}, {long_date(signed_on, config.language)}",
        tr.title,
        tr.name,
        [f"NIP. {tr.nip}"],
        st,
        gap=18 * mm,
    )
    cells = table([[left, "", right]], [80 * mm, WIDTH - 160 * mm, 80 * mm], [("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    return KeepTogether([Spacer(1, 6 * mm), cells])


def build(story: list[Any], out: str | Path | BinaryIO, *, title: str, footer_text: str, config: Config) -> None:
    """A report on landscape A4 pages, each with its footer, from the office."""
    build_pdf(story, out, PAGE, title=title, author=config.office.name,
              on_page=lambda canvas, doc: footer(canvas, doc, footer_text))  # fmt: skip
