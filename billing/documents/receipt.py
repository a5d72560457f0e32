"""The payment receipt (tanda bukti pembayaran / kuitansi) as an A5 landscape PDF, signed by the treasurer."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from billing.assessments import frozen_zone, issuer
from billing.documents.common import QrCode, esc, field_table, letterhead, signature, styles, table
from billing.documents.labels import labels
from billing.documents.pages import Page, build_pdf, footer
from billing.documents.payment_labels import payment_labels
from billing.integrity import document_anchor
from billing.models import Receipt
from billing.terbilang import rupiah_in_words
from billing.verification import qr_payload
from videotron.core.formats import local_time, long_date, rupiah

PAGE = Page(landscape(A5), margin=12 * mm, top=9 * mm, bottom=10 * mm)


def render_receipt(receipt: Receipt, out: str | Path | BinaryIO, language: str = "id") -> None:
    """Write the receipt for one payment as an A5 landscape PDF to a path or binary file."""
    t = labels(language)
    st = styles(8.5)
    pay = receipt.payment
    a = pay.assessment
    info = issuer(receipt.issuer_json)
    office, treasurer = info["office"], info["treasurer"]
    width = PAGE.width
    story: list[Any] = [*letterhead(office, width, st), Spacer(1, 3 * mm)]
    story += [
        Paragraph(t["receipt_title"], st.title),
        Paragraph(f"{t['number']}: <b>{esc(receipt.number)}</b>", st.center),
        Spacer(1, 3 * mm),
    ]
    words = esc(rupiah_in_words(pay.amount, language))
    purpose = esc(t["for_text"].format(skrd=a.number, date=long_date(a.issue_date, language)))
    split = t["split"].format(principal=rupiah(pay.principal_part, language), sanksi=rupiah(pay.sanksi_part, language))
    remaining = f"{t['remaining']}: {rupiah(_outstanding_after(receipt), language)}"
    for x in a.penalties:
        if x.issue_date <= pay.paid_on:
            split += ". " + t["strd"].format(number=x.number, amount=rupiah(x.amount, language))
    if pay.sanksi_account:
        split += " (" + t["sanksi_to"].format(account=pay.sanksi_account) + ")"
    story.append(
        field_table(
            [
                (t["received_from"], f"<b>{esc(a.payer_name)}</b>"),
                (t["address"], esc(a.payer_address or "-")),
                (t["npwrd"], esc(a.payer_npwrd or "-")),
                (t["sum"], f"<b><i>{words}</i></b>"),
                (t["for"], f"{purpose}<br/>{esc(split)}. {esc(remaining)}."),
                (t["method"], esc(_method(pay.method, pay.bank_reference, language))),
                (t["paid_on"], _paid_on(pay.paid_on, pay.value_date, language)),
            ],
            (34 * mm, width - 38 * mm),
            st,
        )
    )
    story.append(Spacer(1, 2 * mm))
    amount = table(
        [[Paragraph(f"<b>{rupiah(pay.amount, language)}</b>", st.title)]],
        [60 * mm],
        [
            ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
            ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.92, 0.92, 0.92)),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ],
    )
    qr = QrCode(
        qr_payload("TBP", receipt.number, pay.amount, a.payer_name, receipt.issue_date, receipt.verification), 20 * mm
    )
    verify = table(
        [[qr, Paragraph(f"{t['verify']}:<br/><b>{receipt.verification}</b>", st.small)]],
        [22 * mm, 30 * mm],
        [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )
    left = table([[amount], [Spacer(1, 3 * mm)], [verify]], [62 * mm], [("LEFTPADDING", (0, 0), (-1, -1), 0)])
    payer_sign = signature("", t["payer_sign"], "", [], st, gap=13 * mm)
    sign = signature(
        f"{office.get('city', '')}, {long_date(receipt.issue_date, language)}",
        treasurer["title"],
        treasurer["name"],
        [f"NIP. {treasurer['nip']}"],
        st,
        gap=13 * mm,
    )
    story.append(
        table(
            [[left, payer_sign, sign]],
            [64 * mm, width - 134 * mm, 70 * mm],
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        )
    )

    anchor = document_anchor(receipt, language)

    def on_page(canvas: Any, doc: Any) -> None:
        recorded = t["recorded_at"].format(time=local_time(pay.recorded_at, frozen_zone(info)))
        footer(canvas, doc, f"{receipt.number} · SKRD {a.number} · {recorded} · {t['verify']} {receipt.verification}"
                            f"{anchor}")  # fmt: skip

    build_pdf(story, out, PAGE, title=f"{t['receipt_title']} {receipt.number}", author=office.get("name", ""),
              subject=a.payer_name, on_page=on_page)  # fmt: skip


def _method(method: str, reference: str | None, language: str) -> str:
    """ "Transfer bank · Referensi bank FT26070A1B2C": how it was paid, and the bank's reference when it has one."""
    t = {**labels(language), **payment_labels(language)}
    name = t.get(method, method)
    return f"{name} · {t['bank_reference']} {reference}" if reference else name


def _paid_on(day: date, value_date: date | None, language: str) -> str:
    """The payment's date, and the bank's value date when it differs."""
    if value_date is None or value_date == day:
        return long_date(day, language)
    return f"{long_date(day, language)} ({payment_labels(language)['value_date']} {long_date(value_date, language)})"


def _outstanding_after(receipt: Receipt) -> int:
    """What was still owed right after this payment (sanksi charged up to then, minus payments and credit notes
    offset up to it: recorded before it, so a reprint after a later offset still shows what the payer was told)."""
    a = receipt.payment.assessment
    pays = [p for p in a.payments if p.id <= receipt.payment.id]
    sanksi = sum(p.amount for p in a.penalties if p.issue_date <= receipt.payment.paid_on)
    offset = sum(o.amount for o in a.offsets if o.recorded_at <= receipt.payment.recorded_at)
    return a.principal + sanksi - sum(p.amount for p in pays) - offset


def receipt_pdf_bytes(receipt: Receipt, language: str = "id") -> bytes:
    buf = BytesIO()
    render_receipt(receipt, buf, language)
    return buf.getvalue()
