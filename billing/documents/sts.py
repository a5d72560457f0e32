"""The STS (Surat Tanda Setoran): the bendahara penerimaan's deposit of receipts' money into the treasury account
(RKUD), one A4 page: the account paid into, each receipt (kode rekening, bukti, SKRD, payer, amount), the total in
figures and words, the date and the note, signed by the treasurer and left for the bank's or Kas Daerah's stamp;
its footer carries the audit entry that recorded it (`billing.integrity`).

A deposit keeps no issuer snapshot of its own: the office, treasurer and RKUD account printed are those frozen
with its latest receipt (issued on or before the deposit), so a reprint years later shows what was printed then.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from billing.assessments import frozen_zone, issuer
from billing.documents.common import account_lines, esc, field_table, letterhead, signature, styles, table
from billing.documents.labels import in_language
from billing.documents.pages import Page, build_pdf, footer
from billing.integrity import document_anchor
from billing.models import Deposit, Receipt
from billing.terbilang import rupiah_in_words
from videotron.core.formats import local_time, long_date, rupiah

PAGE = Page(A4, margin=18 * mm, top=12 * mm, bottom=14 * mm)

LABELS: dict[str, dict[str, str]] = {
    "id": {"title": "SURAT TANDA SETORAN (STS)", "number": "Nomor", "date": "Tanggal setor",
           "bank": "Disetor ke", "account": "Rekening", "sum": "Uang sejumlah", "note": "Keterangan",
           "line": "Bukti {receipt} tanggal {date}, SKRD {skrd}, {payer}", "sanksi": "sanksi administratif",
           "total": "Jumlah setoran", "treasurer": "Penyetor,", "bank_sign": "Diterima oleh Bank / Kas Daerah",
           "recorded": "dicatat {time} oleh {by}"},
    "en": {"title": "DEPOSIT SLIP (STS)", "number": "Number", "date": "Deposit date", "bank": "Paid into",
           "account": "Account", "sum": "The sum of", "note": "Note",
           "line": "Receipt {receipt} of {date}, SKRD {skrd}, {payer}", "sanksi": "administrative interest",
           "total": "Total deposited", "treasurer": "Depositor,", "bank_sign": "Received by the bank / treasury",
           "recorded": "recorded {time} by {by}"},
}  # fmt: skip


def sts_pdf_bytes(deposit: Deposit, receipts: list[Receipt], language: str = "id") -> bytes:
    """The STS of `deposit`, whose receipts are `receipts` (in order), as PDF bytes in `language`."""
    t = in_language(LABELS, language)
    st = styles(9.5)
    info = issuer(max(receipts, key=lambda r: (r.issue_date, r.year, r.seq)).issuer_json)
    office, treasurer, payment = info["office"], info["treasurer"], info["payment"]
    width = PAGE.width
    rows: list[tuple[str, str, str, int]] = []
    for r in receipts:
        pay, a = r.payment, r.payment.assessment
        text = esc(t["line"].format(receipt=r.number, date=long_date(r.issue_date, language), skrd=a.number,
                                    payer=a.payer_name))  # fmt: skip
        rows.append((str(len(rows) + 1), a.lines[0].account if a.lines else "", text, pay.principal_part))
        if pay.sanksi_part:
            rows.append((str(len(rows) + 1), pay.sanksi_account or "", f"{text} — {t['sanksi']}", pay.sanksi_part))
    story: list[Any] = [
        *letterhead(office, width, st),
        Spacer(1, 4 * mm),
        Paragraph(t["title"], st.title),
        Paragraph(f"{t['number']}: <b>{esc(deposit.number)}</b>", st.center),
        Spacer(1, 4 * mm),
    ]
    words = esc(rupiah_in_words(deposit.amount, language))
    story.append(field_table([
        (t["date"], long_date(deposit.deposit_date, language)),
        (t["bank"], esc(payment.get("bank", ""))),
        (t["account"], esc(f"{payment.get('account_name', '')} — {payment.get('account_number', '')}")),
        (t["sum"], f"<b>{rupiah(deposit.amount, language)}</b> (<i>{words}</i>)"),
        (t["note"], esc(deposit.note or "-")),
    ], (36 * mm, width - 40 * mm), st))  # fmt: skip
    story += [
        Spacer(1, 4 * mm),
        account_lines(rows, t["total"], deposit.amount, language, width, st),
        Spacer(1, 8 * mm),
    ]
    bank = signature("", t["bank_sign"], "", [], st)
    sign = signature(
        f"{office.get('city', '')}, {long_date(deposit.deposit_date, language)}",
        f"{t['treasurer']} {treasurer['title']}",
        treasurer["name"],
        [f"NIP. {treasurer['nip']}"],
        st,
    )
    story.append(table([[bank, sign]], [width / 2, width / 2], [("VALIGN", (0, 0), (-1, -1), "TOP")]))
    anchor = document_anchor(deposit, language)

    def on_page(canvas: Any, doc: Any) -> None:
        recorded = t["recorded"].format(time=local_time(deposit.recorded_at, frozen_zone(info)), by=deposit.recorded_by)
        footer(canvas, doc, f"STS {deposit.number} · {recorded}{anchor}")

    out = BytesIO()
    build_pdf(story, out, PAGE, title=f"STS {deposit.number}", author=office.get("name", ""), subject=t["title"],
              on_page=on_page)  # fmt: skip
    return out.getvalue()
