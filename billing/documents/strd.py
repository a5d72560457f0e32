"""The STRD (Surat Tagihan Retribusi Daerah) as an A4 PDF: the interest an SKRD's late payment carries, for the months
it charges, on the principal then unpaid, booked to its own kode rekening (denda retribusi) — with the SKRD's
letterhead, signature block and verification code. Printed from the frozen STRD (its issuer snapshot), so a reprint is
the same document; an STRD from before migration 0011 was never a document and is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from billing.assessments import issuer
from billing.documents.amended import head
from billing.documents.cash_labels import cash_labels
from billing.documents.closing import Signed, closing
from billing.documents.common import Styles, account_lines, esc, field_table, styles
from billing.documents.pages import Page, build_pdf, footer
from billing.integrity import document_anchor
from billing.models import Penalty
from videotron.core.errors import VideotronError
from videotron.core.formats import long_date, number, rupiah

PAGE = Page(A4, margin=18 * mm, top=12 * mm, bottom=14 * mm)


def render_strd(p: Penalty, out: str | Path | BinaryIO, language: str = "id") -> None:
    """Write STRD `p` as an A4 PDF to a path or binary file."""
    if p.issuer_json is None or p.verification is None:
        raise VideotronError("strd.no_document", "STRD {number} was charged before STRDs were documents (migration "
                             "0011); its interest is on the payment's receipt", number=p.number)  # fmt: skip
    t = cash_labels(language)
    st = styles(9)
    info = issuer(p.issuer_json)
    width = PAGE.width
    a = p.assessment
    refers = t["refers_text"].format(number=a.number, date=long_date(a.issue_date, language))
    story: list[Any] = head(info["office"], t["strd_title"], t["strd_sub"], p.number, language, width, st)
    rows = [
        (t["refers_to"], f"<b>{esc(refers)}</b>"),
        (t["payer"], f"<b>{esc(a.payer_name)}</b>"),
        (t["address"], esc(a.payer_address or "-")),
        (t["npwrd"], esc(a.payer_npwrd or "-")),
        (t["skrd_due"], esc(long_date(a.due_date, language))),
        (t["late_months"], esc(t["late_months_text"].format(first=p.months_from, last=p.months_to))),
    ]
    story += [field_table(rows, (45 * mm, width - 49 * mm), st), Spacer(1, 3 * mm), _line(p, language, width, st)]
    payment = info["payment"]
    notes = [
        esc(t["strd_note_skrd"].format(number=a.number)),
        esc(t["pay_to"].format(bank=payment["bank"], name=payment["account_name"], account=payment["account_number"])),
        esc(t["strd_note_book"].format(account=p.account or "-")),
    ]
    signed = Signed("STRD", p.number, p.amount, a.payer_name, p.issue_date, p.verification, p.issue_date)
    story += [Spacer(1, 2.5 * mm), closing(p.amount, notes, signed, info, language, width, st)]

    anchor = document_anchor(p, language)

    def on_page(canvas: Any, doc: Any) -> None:
        footer(canvas, doc, f"STRD {p.number} · SKRD {a.number} · {t['verify']} {p.verification}{anchor}")

    build_pdf(story, out, PAGE, title=f"STRD {p.number}", author=info["office"].get("name", ""),
              subject=a.payer_name, on_page=on_page)  # fmt: skip


def _line(p: Penalty, language: str, width: float, st: Styles) -> Table:
    """No, kode rekening (denda retribusi), the interest's calculation, and the amount; then the total."""
    t = cash_labels(language)
    months = p.months_to - p.months_from + 1
    text = t["strd_line"].format(percent=number(p.percent, language), months=months, base=rupiah(p.base, language))
    return account_lines([("1", p.account or "-", esc(text), p.amount)], t["strd_total"], p.amount, language, width, st)
