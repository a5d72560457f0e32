"""The Surat Teguran (reminder letter 1, 2 or 3) as an A4 PDF: a letter to the payer naming the SKRD, what was owed on
the letter's day (principal, and sanksi billed by STRD), and the day to pay by; signed with its verification code.
Printed from the frozen letter (what was owed then, the office's identity then), so a reprint is the same letter; its
footer carries the audit entry that recorded it (`billing.integrity`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from billing.assessments import issuer
from billing.cash_models import Reminder
from billing.documents.cash_labels import cash_labels
from billing.documents.closing import Signed, closing
from billing.documents.common import Styles, esc, field_table, letterhead, styles, table
from billing.documents.pages import Page, build_pdf, footer
from billing.integrity import document_anchor
from videotron.core.formats import long_date, number

PAGE = Page(A4, margin=20 * mm, top=12 * mm, bottom=14 * mm)
LAST_STEP = 3


def render_teguran(r: Reminder, out: str | Path | BinaryIO, language: str = "id") -> None:
    """Write reminder letter `r` as an A4 PDF to a path or binary file."""
    t = cash_labels(language)
    st = styles(9.5)
    info = issuer(r.issuer_json)
    width = PAGE.width
    a = r.assessment
    office = info["office"]
    story: list[Any] = [*letterhead(office, width, st), Spacer(1, 4 * mm)]
    place = Paragraph(esc(f"{office.get('city', '')}, {long_date(r.issue_date, language)}"), st.base)
    subject = esc(t["letter_subject_text"])
    meta = field_table([(t["number"], f"<b>{esc(r.number)}</b>"), (t["letter_subject"], subject)], (22 * mm, 90 * mm),
                       st)  # fmt: skip
    top = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
    story.append(table([[meta, place]], [width - 60 * mm, 60 * mm], top))
    to = f"{esc(t['letter_to'])}<br/><b>{esc(a.payer_name)}</b><br/>{esc(a.payer_address or '')}"
    story += [Spacer(1, 4 * mm), Paragraph(to, st.base), Spacer(1, 5 * mm),
              Paragraph(esc(t["letter_title"].format(step=r.step)), st.title), Spacer(1, 4 * mm),
              Paragraph(esc(t["letter_opening"].format(date=long_date(r.issue_date, language))), st.base),
              Spacer(1, 2 * mm), _owed(r, language, width, st), Spacer(1, 3 * mm)]  # fmt: skip
    payment = info["payment"]
    percent = number(a.tariff_version.late_interest_percent, language)
    warn = t["letter_warn_last"] if r.step >= LAST_STEP else t["letter_warn"].format(percent=percent)
    notes = [
        f"<b>{esc(t['letter_ask'].format(date=long_date(r.pay_by, language)))}</b>",
        esc(t["pay_to"].format(bank=payment["bank"], name=payment["account_name"], account=payment["account_number"])),
        esc(warn),
        esc(t["letter_ignore"]),
    ]
    signed = Signed("TEGURAN", r.number, r.owed, a.payer_name, r.issue_date, r.verification, r.issue_date)
    story.append(closing(r.owed, notes, signed, info, language, width, st))
    anchor = document_anchor(r, language)

    def on_page(canvas: Any, doc: Any) -> None:
        # the number names the letter (…/TEGURAN/…); its title too would run into the page number
        footer(canvas, doc, f"{r.number} · SKRD {a.number} · {t['verify']} {r.verification}{anchor}")

    build_pdf(story, out, PAGE, title=f"{t['letter_title'].format(step=r.step)} {r.number}",
              author=office.get("name", ""), subject=a.payer_name, on_page=on_page)  # fmt: skip


def _owed(r: Reminder, language: str, width: float, st: Styles) -> Table:
    t, st = cash_labels(language), styles(8.5)
    a = r.assessment
    keys = ("skrd_number", "issue_date", "skrd_due", "months_late", "principal_owed", "sanksi_owed", "owed_total")
    head = [Paragraph(esc(t[k]), st.head) for k in keys]
    cells = [esc(a.number), esc(long_date(a.issue_date, language)), esc(long_date(a.due_date, language)),
             esc(t["months_late_text"].format(months=r.months_late))]  # fmt: skip
    money = [number(v, language) for v in (r.principal_owed, r.sanksi_owed, r.owed)]
    row = [Paragraph(c, st.center) for c in cells] + [Paragraph(m, st.cell_right) for m in money]
    row[-1] = Paragraph(f"<b>{money[-1]}</b>", st.cell_right)
    widths = [35 * mm, 22 * mm, 22 * mm, 23 * mm, 22 * mm, 20 * mm]
    widths.append(width - sum(widths))
    grey = colors.Color(0.9, 0.9, 0.9)
    return table(
        [head, row],
        widths,
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), grey),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ],
    )
