"""The SKRD tambahan (additional assessment) as an A4 PDF: the booking's SKRD it refers to, what the amendment
changed, per screen what was assessed before, the new price and the difference, and the difference to pay — with
the SKRD's letterhead, signature block and verification code. Rendered from the frozen records only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from billing.assessments import issuer
from billing.documents.amended import amendment_for, change_text, head, lines_table
from billing.documents.closing import Signed, closing
from billing.documents.common import esc, field_table, styles
from billing.documents.labels import labels
from billing.documents.pages import Page, build_pdf, footer, void_watermark
from billing.documents.payment_box import qris_block, va_note
from billing.integrity import document_anchor
from billing.lifecycle_models import Amendment
from billing.models import Assessment
from videotron.core.formats import long_date, number

PAGE = Page(A4, margin=18 * mm, top=12 * mm, bottom=14 * mm)


def render_additional(a: Assessment, out: str | Path | BinaryIO, language: str = "id") -> None:
    """Write SKRD tambahan `a` as an A4 PDF to a path or binary file."""
    t = labels(language)
    st = styles(9)
    info = issuer(a)
    office, payment = info["office"], info["payment"]
    width = PAGE.width
    original = a.amends
    amendment = amendment_for(a, Amendment.additional_id)
    refers = t["refers_text"].format(number=original.number if original else "-",
                                     date=long_date(original.issue_date, language) if original else "-")  # fmt: skip
    period = f"{long_date(a.period_start, language)} {t['until']} {long_date(a.period_end, language)}"
    story: list[Any] = head(office, t["additional_title"], t["additional_sub"], a.number, language, width, st)
    rows = [
        (t["refers_to"], f"<b>{esc(refers)}</b>"),
        (t["booking"], esc(a.booking_id)),
        (t["period"], esc(period)),
        (t["payer"], f"<b>{esc(a.payer_name)}</b>"),
        (t["address"], esc(a.payer_address or "-")),
        (t["npwrd"], esc(a.payer_npwrd or "-")),
        (t["change"], esc(change_text(amendment, language)) if amendment else "-"),
        (t["reason"], esc(amendment.reason) if amendment else "-"),
        (t["due"], f"<b>{long_date(a.due_date, language)}</b>"),
    ]
    story += [field_table(rows, (45 * mm, width - 49 * mm), st), Spacer(1, 3 * mm)]
    lines = json.loads(amendment.lines_json) if amendment else []
    story += [lines_table(lines, 1, t["additional_principal"], language, width, st), Spacer(1, 2.5 * mm)]
    version = a.tariff_version
    notes = [
        esc(t["additional_note"].format(number=original.number if original else "-")),
        f"{esc(payment['instructions'])} {t['bank']}: {esc(payment['bank'])}, "
        f"{esc(payment['account_name'])}, No. <b>{esc(payment['account_number'])}</b>.{va_note(a, language)}",
        esc(t["late"].format(pct=number(version.late_interest_percent, language))),
        f"{t['tariff']}: {esc(version.regulation)} ({esc(version.name)}, "
        f"{long_date(version.effective_from, language)}).",
    ]
    signed = Signed("SKRD-T", a.number, a.principal, a.payer_name, a.issue_date, a.verification, a.issue_date)
    story.append(closing(a.principal, notes, signed, info, language, width, st, qris_block(a, info, language, st)))

    anchor = document_anchor(a, language)

    def on_page(canvas: Any, doc: Any) -> None:
        footer(canvas, doc, f"SKRD Tambahan {a.number} · SKRD {original.number if original else '-'} · "
                            f"{t['verify']} {a.verification}{anchor}")  # fmt: skip
        if a.status == "void":
            void_watermark(canvas, doc, t["void"])

    build_pdf(story, out, PAGE, title=f"SKRD Tambahan {a.number}", author=office.get("name", ""),
              subject=a.payer_name, on_page=on_page)  # fmt: skip
