"""The reconciliation report's wording, in Bahasa Indonesia (default) and English: the office's language."""

from __future__ import annotations

from billing.documents.labels import in_language

LABELS: dict[str, dict[str, str]] = {
    "id": {
        "title": "REKONSILIASI REKENING PENERIMAAN DENGAN REKENING KORAN BANK",
        "period": "Periode {first} s.d. {last}",
        "all": "Seluruh mutasi yang diimpor",
        "account": "Rekening: {accounts}",
        "summary": "RINGKASAN",
        "credits": "Jumlah mutasi kredit",
        "booked": "Dibukukan sebagai pembayaran SKRD",
        "to_match": "Belum cocok, dicocokkan manual",
        "set_aside": "Bukan retribusi (dikesampingkan)",
        "debits": "Mutasi debet (tidak dibukukan sebagai penerimaan)",
        "lines": "{count} baris",
        "h_booked": "A. MUTASI YANG DIBUKUKAN SEBAGAI PEMBAYARAN",
        "h_to_match": "B. MUTASI YANG HARUS DICOCOKKAN MANUAL",
        "h_set_aside": "C. MUTASI YANG DIKESAMPINGKAN",
        "h_debits": "D. MUTASI DEBET",
        "none": "Tidak ada.",
        "no": "Baris",
        "date": "Tanggal",
        "reference": "Referensi Bank",
        "amount": "Jumlah (Rp)",
        "narrative": "Keterangan Bank",
        "skrd": "SKRD",
        "receipt": "No. Bukti",
        "method": "Cara",
        "rule": "Dicocokkan",
        "why": "Alasan / SKRD yang mungkin",
        "note": "Catatan",
        "status": "Status",
        "count": "Banyaknya",
        "total": "Jumlah",
        "unmatched": "tidak cocok",
        "ambiguous": "ragu (>1 SKRD)",
        "refused": "ditolak",
        "matched": "dibukukan",
        "debit": "debet",
        "va": "virtual account",
        "reference_rule": "nomor SKRD",
        "amount_payer": "jumlah dan nama",
        "hand": "manual",
        "recorded": "sudah dicatat",
        "footer": "Rekonsiliasi bank",
        "prepared": "Disiapkan oleh,",
    },
    "en": {
        "title": "RECONCILIATION OF THE RECEIPTS ACCOUNT WITH THE BANK STATEMENT",
        "period": "Period {first} to {last}",
        "all": "All statement lines imported",
        "account": "Account: {accounts}",
        "summary": "SUMMARY",
        "credits": "Credits on the statement",
        "booked": "Booked as SKRD payments",
        "to_match": "Not matched, to match by hand",
        "set_aside": "Not retribution (set aside)",
        "debits": "Debits (never booked as receipts)",
        "lines": "{count} line(s)",
        "h_booked": "A. LINES BOOKED AS PAYMENTS",
        "h_to_match": "B. LINES TO MATCH BY HAND",
        "h_set_aside": "C. LINES SET ASIDE",
        "h_debits": "D. DEBITS",
        "none": "None.",
        "no": "Line",
        "date": "Date",
        "reference": "Bank reference",
        "amount": "Amount (Rp)",
        "narrative": "Bank narrative",
        "skrd": "SKRD",
        "receipt": "Receipt",
        "method": "Method",
        "rule": "Matched by",
        "why": "Reason / SKRDs that fit",
        "note": "Note",
        "status": "Status",
        "count": "Lines",
        "total": "Total",
        "unmatched": "unmatched",
        "ambiguous": "ambiguous",
        "refused": "refused",
        "matched": "booked",
        "debit": "debit",
        "va": "virtual account",
        "reference_rule": "SKRD number",
        "amount_payer": "amount and payer",
        "hand": "by hand",
        "recorded": "already recorded",
        "footer": "Bank reconciliation",
        "prepared": "Prepared by,",
    },
}


def bank_labels(language: str) -> dict[str, str]:
    return in_language(LABELS, language)


def rule_label(rule: str, language: str) -> str:
    t = bank_labels(language)
    return t["reference_rule"] if rule == "reference" else t.get(rule, rule)


def money_text(sen: int, language: str) -> str:
    """An amount in rupiah as the bank prints it: whole rupiah plainly, sen when there are sen (1.234,56)."""
    sep, dec = (",", ".") if language == "en" else (".", ",")
    whole = f"{abs(sen) // 100:,}".replace(",", sep)
    cents = f"{dec}{abs(sen) % 100:02d}" if sen % 100 else ""
    return f"{'-' if sen < 0 else ''}{whole}{cents}"
