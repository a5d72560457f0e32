"""Document wording for the non-cash channels (the SKRD's virtual account and QRIS, the receipt's method and bank
reference), in Bahasa Indonesia (default) and English."""

from __future__ import annotations

from billing.documents.labels import in_language

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "va": "Virtual Account",
        "va_text": "Nomor Virtual Account khusus SKRD ini: {va}. Transfer ke nomor ini dicocokkan otomatis.",
        "qris_text": "Pindai dengan aplikasi bank atau dompet elektronik. Nomor tagihan {number}.",
        "qris_rest": "Sisa pokok yang belum dibayar. Nomor tagihan {number}.",
        "qris_label": "QRIS",
        "qris": "QRIS",
        "bank_reference": "Referensi bank",
        "value_date": "Tanggal valuta",
    },
    "en": {
        "va": "Virtual account",
        "va_text": "This SKRD's own virtual account number: {va}. A transfer to it is matched automatically.",
        "qris_text": "Scan with a banking or e-wallet app. Bill number {number}.",
        "qris_rest": "The principal still unpaid. Bill number {number}.",
        "qris_label": "QRIS",
        "qris": "QRIS",
        "bank_reference": "Bank reference",
        "value_date": "Value date",
    },
}


def payment_labels(language: str) -> dict[str, str]:
    return in_language(LABELS, language)
