"""Short verification codes that tie a printed document to its database record.

The code is the first 12 hex digits of SHA-256 over the document kind, number, amount, payer and date, printed
(and put in the QR code) as `A1B2-C3D4-E5F6`. Whoever holds the paper asks the office to look up the number:
the stored record must give the same code, so a total or payer altered on paper no longer matches. It is a
checksum of the record, not a secret: the database, with its hash-chained audit trail, is the authority.
"""

from __future__ import annotations

import hashlib
from datetime import date


def verification_code(kind: str, number: str, amount: int, payer: str, day: date) -> str:
    payload = "\x1f".join([kind, number, str(int(amount)), payer.strip(), day.isoformat()])
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12].upper()
    return f"{digest[0:4]}-{digest[4:8]}-{digest[8:12]}"


def qr_payload(kind: str, number: str, amount: int, payer: str, day: date, code: str) -> str:
    """Plain text in the QR code: readable by any phone without a web service."""
    return f"{kind} {number}\n{payer}\nRp{amount}\n{day.isoformat()}\nVERIF {code}"
