"""The credit note (SKRDLB, surat ketetapan retribusi daerah lebih bayar) as an A4 PDF: the SKRD it refers to, why
(an amendment, a cancellation, plays not delivered), per screen what is credited, and what was offset at once against
the booking's own unpaid assessments — with the SKRD's letterhead, signature block and verification code. Only what
was fixed when it was issued is printed (its later offsets and refunds are in `videotron credit show`), so a reprint
is the same document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from billing.assessments import issuer
from billing.documents.amended import amendment_for, change_text, head, lines_table
from billing.documents.closing import Signed, closing
from billing.documents.common import Styles, account_lines, esc, field_table, styles
from billing.documents.labels import labels
from billing.documents.pages import Page, build_pdf, footer
from billing.integrity import document_anchor
from billing.lifecycle_models import Amendment, Credit
from videotron.core.formats import long_date, rupiah

PAGE = Page(A4, margin=18 * mm, top=12 * mm, bottom=14 * mm)


def render_credit(c: Credit, out: str | Path | BinaryIO, language: str = "id") -> None:
    """Write credit note `c` as an A4 PDF to a path or binary file."""
    t = labels(language)
    st = styles(9)
    info = issuer(c.issuer_json)
    width = PAGE.width
    skrd = c.assessment
    amendment = amendment_for(c, Amendment.credit_id)
    refers = t["refers_text"].format(number=skrd.number, date=long_date(skrd.issue_date, language))
    story: list[Any] = head(info["office"], t["credit_title"], t["credit_sub"], c.number, language, width, st)
    rows = [
        (t["refers_to"], f"<b>{esc(refers)}</b>"),
        (t["booking"], esc(c.booking_id)),
        (t["payer"], f"<b>{esc(c.payer_name)}</b>"),
        (t["address"], esc(c.payer_address or "-")),
        (t["npwrd"], esc(c.payer_npwrd or "-")),
        (t["cause"], esc(t["cause_" + c.cause])),
        *([(t["change"], esc(change_text(amendment, language)))] if amendment else []),
        (t["reason"], esc(c.reason)),
    ]
    story += [field_table(rows, (45 * mm, width - 49 * mm), st), Spacer(1, 3 * mm)]
    if amendment is not None:
        story.append(lines_table(json.loads(amendment.lines_json), -1, t["credit_total"], language, width, st))
    else:
        story.append(_plain_lines(c, language, width, st))
    story.append(Spacer(1, 2.5 * mm))
    left = c.amount - c.offset_at_issue
    notes = [esc(t["skrd_stays"].format(number=skrd.number))]
    if c.offset_at_issue:
        notes.append(esc(t["credit_offset_note"].format(amount=rupiah(c.offset_at_issue, language),
                                                        left=rupiah(left, language))))  # fmt: skip
    else:
        notes.append(esc(t["credit_note"]))
    signed = Signed("SKRDLB", c.number, c.amount, c.payer_name, c.issue_date, c.verification, c.issue_date)
    story.append(closing(c.amount, notes, signed, info, language, width, st))

    anchor = document_anchor(c, language)

    def on_page(canvas: Any, doc: Any) -> None:
        footer(canvas, doc, f"SKRDLB {c.number} · SKRD {skrd.number} · {t['verify']} {c.verification}{anchor}")

    build_pdf(story, out, PAGE, title=f"SKRDLB {c.number}", author=info["office"].get("name", ""),
              subject=c.payer_name, on_page=on_page)  # fmt: skip


def _plain_lines(c: Credit, language: str, width: float, st: Styles) -> Table:
    """No, kode rekening, what is credited and why, and the amount (a credit for plays not delivered)."""
    rows = [(str(ln.position), ln.account, f"<b>{esc(ln.screen_name)}</b><br/>{esc(ln.description)}", ln.amount)
            for ln in c.lines]  # fmt: skip
    return account_lines(rows, labels(language)["credit_total"], c.amount, language, width, st, "credit_amount")
