"""The SKRD (Surat Ketetapan Retribusi Daerah) as an A4 PDF, rendered from the frozen assessment record.

Everything printed comes from the assessment row (payer, lines, issuing office and signer as they were on the
issue date), so a reprint years later is the same document. A voided SKRD prints with a diagonal BATAL mark.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from billing.assessments import frozen_zone, issuer
from billing.calculation import calculation_of, calculation_text, exempt_text
from billing.documents.closing import Signed, closing
from billing.documents.common import esc, field_table, letterhead, styles, table
from billing.documents.labels import labels
from billing.documents.pages import Page, build_pdf, footer, void_watermark
from billing.documents.payment_box import qris_block, va_note
from billing.integrity import document_anchor
from billing.models import Assessment
from videotron.core.formats import local_time, long_date, number, zone_name

PAGE = Page(A4, margin=18 * mm, top=12 * mm, bottom=14 * mm)


def _media_note(a: Assessment, t: dict[str, str], language: str) -> str:
    """The media's length, and the blocks it makes of each block size a line counts it in."""
    seconds = number(Decimal(a.media_duration_ms) / 1000, language)
    sizes = {}
    for ln in a.lines:
        calc = calculation_of(a, ln)
        if calc.basis == "spot" and not a.exempt:
            sizes[calc.block_seconds or a.tariff_version.block_seconds] = ln.blocks
    note = t["length_note"].format(seconds=seconds)
    parts = [t["blocks_part"].format(blocks=n, block=size) for size, n in sorted(sizes.items())]
    return f"{note} = {'; '.join(parts)}." if parts else f"{note}."


def _lines_table(a: Assessment, language: str, width: float, st: Any) -> Table:
    t = labels(language)
    data: list[list[Any]] = [
        [
            Paragraph(t["no"], st.head),
            Paragraph(t["account"], st.head),
            Paragraph(t["desc"], st.head),
            Paragraph(t["amount"], st.head),
        ]
    ]
    for ln in a.lines:
        calc = exempt_text(language, a.category) if a.exempt else calculation_text(calculation_of(a, ln), language)
        text = f"<b>{esc(ln.screen_name)}</b> — {esc(ln.screen_location)}<br/>{esc(calc)}"
        data.append(
            [
                Paragraph(str(ln.position), st.center),
                Paragraph(esc(ln.account or "-"), st.center),
                Paragraph(text, st.cell),
                Paragraph(number(ln.amount, language), st.cell_right),
            ]
        )
    first_sum = len(data)
    data.append(["", "", Paragraph(t["principal"], st.cell), Paragraph(number(a.principal, language), st.cell_right)])
    data.append(["", "", Paragraph(t["sanksi"], st.cell), Paragraph(number(0, language), st.cell_right)])
    data.append(
        [
            "",
            "",
            Paragraph(f"<b>{t['total']}</b>", st.cell),
            Paragraph(f"<b>{number(a.principal, language)}</b>", st.cell_right),
        ]
    )
    cols = [11 * mm, 30 * mm, width - 11 * mm - 30 * mm - 32 * mm, 32 * mm]
    grey = colors.Color(0.9, 0.9, 0.9)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("SPAN", (0, first_sum), (1, first_sum + 2)),
        ("BACKGROUND", (2, first_sum + 2), (-1, first_sum + 2), grey),
    ]
    return table(data, cols, commands, repeatRows=1)


def render_assessment(a: Assessment, out: str | Path | BinaryIO, language: str = "id") -> None:
    """Write the SKRD for assessment `a` as an A4 PDF to a path or binary file (an SKRD tambahan as one)."""
    if a.kind == "additional":
        from billing.documents.skrd_additional import render_additional

        return render_additional(a, out, language)
    t = labels(language)
    st = styles(9)
    info = issuer(a)
    office, payment = info["office"], info["payment"]
    width = PAGE.width
    version = a.tariff_version
    story: list[Any] = [*letterhead(office, width, st), Spacer(1, 4 * mm)]
    story += [
        Paragraph(t["skrd_title"], st.title),
        Paragraph(t["skrd_sub"], st.center),
        Paragraph(f"{t['number']}: <b>{esc(a.number)}</b>", st.center),
        Spacer(1, 3 * mm),
    ]
    period = f"{long_date(a.period_start, language)} {t['until']} {long_date(a.period_end, language)}"
    # Each screen (name and location) is the object of one line below; listing them twice wastes the page.
    objects = esc(t["object_text"].format(n=len(a.lines)))
    media = f"{esc(a.media_title)}; " + esc(_media_note(a, t, language))
    media_row = (t["media"], media)
    if a.text_booking_id is not None:  # a running-text booking: the text itself and its length in characters
        media_row = (
            t["running_text"],
            f"\u201c{esc(a.media_title)}\u201d ({t['chars_note'].format(n=len(a.media_title))})",
        )
    story.append(
        field_table(
            [
                (t["period"], esc(period)),
                (t["year"], str(a.year)),
                (t["payer"], f"<b>{esc(a.payer_name)}</b>"),
                (t["address"], esc(a.payer_address or "-")),
                (t["npwrd"], esc(a.payer_npwrd or "-")),
                (t["object"], objects),
                media_row,
                (t["due"], f"<b>{long_date(a.due_date, language)}</b>"),
            ],
            (45 * mm, width - 49 * mm),
            st,
        )
    )
    story += [Spacer(1, 3 * mm), _lines_table(a, language, width, st), Spacer(1, 2.5 * mm)]
    pct = number(version.late_interest_percent, language)
    notes = [
        f"{esc(payment['instructions'])} {t['bank']}: {esc(payment['bank'])}, "
        f"{esc(payment['account_name'])}, No. <b>{esc(payment['account_number'])}</b>.{va_note(a, language)}",
        esc(t["late"].format(pct=pct)),
        f"{t['tariff']}: {esc(version.regulation)} ({esc(version.name)}, "
        f"{long_date(version.effective_from, language)}).",
    ]
    zone = frozen_zone(info)
    signed = Signed("SKRD", a.number, a.principal, a.payer_name, a.issue_date, a.verification, a.issue_date)
    story.append(closing(a.principal, notes, signed, info, language, width, st, qris_block(a, info, language, st)))
    if a.status == "void" and a.voided_at is not None:
        voided = a.voided_at.astimezone(ZoneInfo(zone))
        when, at = long_date(voided.date(), language), f"{voided:%H:%M} {zone_name(zone)}"
        note = esc(t["void_note"].format(date=when, time=at, reason=a.void_reason or ""))
        story += [Spacer(1, 4 * mm), Paragraph(f"<font color='#b00000'><b>{note}</b></font>", st.base)]

    anchor = document_anchor(a, language)

    def on_page(canvas: Any, doc: Any) -> None:
        issued = t["issued_at"].format(time=local_time(a.issued_at, zone))
        footer(canvas, doc, f"SKRD {a.number} · {issued} · {t['verify']} {a.verification}{anchor}")
        if a.status == "void":
            void_watermark(canvas, doc, t["void"])

    build_pdf(story, out, PAGE, title=f"SKRD {a.number}", author=office.get("name", ""), subject=a.payer_name,
              on_page=on_page)  # fmt: skip


def assessment_pdf_bytes(a: Assessment, language: str = "id") -> bytes:
    buf = BytesIO()
    render_assessment(a, buf, language)
    return buf.getvalue()
