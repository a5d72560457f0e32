"""The SKRD's non-cash channels: its own virtual account, printed beside the office's bank account in the payment
note, and a dynamic QRIS beside the signature — each only when the office has it (a virtual account when
`[payment] va_prefix` gave the SKRD one at issue, a QRIS when `[qris]` was configured at issue).

The QRIS asks for the principal still unpaid when the page is printed (the whole principal on the day of issue, the
rest after a part payment); a paid, void or exempt SKRD carries none. Everything else comes from the frozen SKRD.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from billing.documents.common import QrCode, Styles, esc, table
from billing.documents.payment_labels import payment_labels
from billing.interest import principal_paid
from billing.models import Assessment
from billing.qris import qris_payload
from billing.virtual_account import grouped
from videotron.core.formats import rupiah

QR_SIZE = 30 * mm


def unpaid_principal(a: Assessment) -> int:
    """What a QRIS asks for: the principal not yet paid or offset (0 for a void SKRD)."""
    return 0 if a.status == "void" else max(0, a.principal - principal_paid(a))


def skrd_qris(a: Assessment, info: dict[str, Any]) -> str | None:
    """The dynamic QRIS payload printed on SKRD `a` today, or None (no merchant configured, nothing to pay)."""
    merchant, amount = info.get("qris"), unpaid_principal(a)
    return qris_payload(merchant, amount, a.number) if merchant and amount > 0 and not a.exempt else None


def va_note(a: Assessment, language: str) -> str:
    """The sentence after the bank account in the payment note (escaped, with <b>), or "" without a virtual account."""
    if not a.virtual_account or a.exempt:
        return ""
    text = esc(payment_labels(language)["va_text"])
    return " " + text.replace("{va}", f"<b>{grouped(a.virtual_account)}</b>")


def qris_block(a: Assessment, info: dict[str, Any], language: str, st: Styles) -> Flowable | None:
    """ "QRIS", the code, the amount it asks and the bill number: for the space beside the signature."""
    payload = skrd_qris(a, info)
    if payload is None:
        return None
    t = payment_labels(language)
    amount = unpaid_principal(a)
    caption = t["qris_text"] if amount == a.principal else t["qris_rest"]
    return table(
        [
            [Paragraph(f"<b>{t['qris_label']}</b>", st.center)],
            [QrCode(payload, QR_SIZE)],
            [Paragraph(f"<b>{rupiah(amount, language)}</b>", st.center)],
            [Paragraph(esc(caption.format(number=a.number)), st.small)],
        ],
        [QR_SIZE + 6 * mm],
        [("ALIGN", (0, 0), (-1, -1), "CENTER"), ("TOPPADDING", (0, 0), (-1, -1), 0.5),
         ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)],
    )  # fmt: skip
