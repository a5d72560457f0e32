"""The close of every assessment-like document on A4 (SKRD, SKRD tambahan, credit note): the amount in words, the
numbered notes, and the verification QR code beside the signature, kept together on one page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from billing.documents.common import QrCode, Styles, esc, justified, signature, table
from billing.documents.labels import labels
from billing.terbilang import rupiah_in_words
from billing.verification import qr_payload
from videotron.core.formats import long_date

TIGHT = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
]


@dataclass(frozen=True)
class Signed:
    """What the verification code and the signature of a document say."""

    kind: str  # "SKRD", "SKRD-T", "SKRDLB": the verification code's document kind
    number: str
    amount: int
    payer: str
    day: date  # the date the code was made with
    code: str
    signed_on: date  # the date beside the signature (the office's day of issue)


def in_words(amount: int, language: str, width: float, st: Styles) -> Table:
    """The boxed "Dengan huruf: ..." line."""
    words = esc(rupiah_in_words(amount, language))
    return table(
        [[Paragraph(f"{labels(language)['in_words']}: <b><i>{words}</i></b>", st.base)]],
        [width],
        [
            ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ],
    )


def notes(items: list[str], language: str, width: float, st: Styles) -> Table:
    """PERHATIAN and the numbered notes (each already escaped, it may carry <b>)."""
    rows = [[Paragraph(f"{i}.", st.small), Paragraph(n, justified(st))] for i, n in enumerate(items, 1)]
    rows.insert(0, [Paragraph(f"<b>{labels(language)['attention']}</b>", st.small), ""])
    return table(rows, [6 * mm, width - 6 * mm], [*TIGHT, ("SPAN", (0, 0), (1, 0))])


def closing(amount: int, items: list[str], signed: Signed, info: dict[str, Any], language: str, width: float,
            st: Styles, middle: Flowable | None = None) -> Flowable:  # fmt: skip
    """Words, notes, the QR code and the signer's block: together, so a signature never sits alone on a page. The
    space between the code and the signature holds `middle` when given (an SKRD's QRIS)."""
    t = labels(language)
    office, signer = info["office"], info["signer"]
    sign = signature(
        f"{office.get('city', '')}, {long_date(signed.signed_on, language)}",
        signer["title"],
        signer["name"],
        [signer.get("rank", ""), f"NIP. {signer['nip']}"],
        st,
    )
    payload = qr_payload(signed.kind, signed.number, signed.amount, signed.payer, signed.day, signed.code)
    verify = table(
        [
            [QrCode(payload, 24 * mm)],
            [Paragraph(f"{t['verify']}: <b>{signed.code}</b>", st.small)],
            [Paragraph(esc(t["verify_note"].format(office=office.get("name", ""))), st.small)],
        ],
        [62 * mm],
        [("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )
    bottom = table([[verify, middle or "", sign]], [64 * mm, width - 134 * mm, 70 * mm], TIGHT)
    parts = [in_words(amount, language, width, st), Spacer(1, 3 * mm), notes(items, language, width, st)]
    return KeepTogether([*parts, Spacer(1, 4 * mm), bottom])
