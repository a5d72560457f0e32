"""The words of the STRD and the Surat Teguran, in the office's language (with the documents' common labels)."""

from __future__ import annotations

from billing.documents.labels import labels

CASH_LABELS: dict[str, dict[str, str]] = {
    "id": {
        "strd_title": "SURAT TAGIHAN RETRIBUSI DAERAH",
        "strd_sub": "(STRD)",
        "skrd_due": "Jatuh tempo SKRD",
        "late_months": "Keterlambatan",
        "late_months_text": "bulan ke-{first} s.d. ke-{last} setelah jatuh tempo",
        "strd_line": "Sanksi administratif berupa bunga {percent}% per bulan × {months} bulan atas retribusi terutang "
        "yang belum dibayar {base}",
        "strd_total": "Jumlah yang harus dibayar",
        "strd_note_skrd": "STRD ini menagih bunga keterlambatan pembayaran SKRD Nomor {number}; pokok retribusi yang "
        "belum dibayar tetap ditagih dengan SKRD tersebut.",
        "pay_to": "Pembayaran disetor ke {bank}, rekening a.n. {name}, No. {account}.",
        "strd_note_book": "Bunga dibukukan pada kode rekening {account} (denda retribusi).",
        "letter_title": "SURAT TEGURAN KE-{step}",
        "letter_to": "Kepada Yth.",
        "letter_subject": "Perihal",
        "letter_subject_text": "Teguran pembayaran retribusi pemakaian fasilitas videotron",
        "letter_opening": "Menurut catatan kami, sampai dengan tanggal {date} Saudara masih mempunyai tunggakan "
        "retribusi pemakaian fasilitas videotron sebagai berikut:",
        "skrd_number": "Nomor SKRD",
        "months_late": "Terlambat",
        "issue_date": "Tanggal SKRD",
        "principal_owed": "Pokok terutang",
        "sanksi_owed": "Sanksi (STRD)",
        "owed_total": "Jumlah tunggakan",
        "months_late_text": "{months} bulan",
        "letter_ask": "Untuk itu Saudara diminta melunasi tunggakan tersebut paling lambat tanggal {date}.",
        "letter_warn": "Apabila sampai tanggal tersebut tunggakan belum dilunasi, akan diterbitkan Surat Teguran "
        "berikutnya dan bunga sebesar {percent}% per bulan tetap berjalan.",
        "letter_warn_last": "Apabila sampai tanggal tersebut tunggakan belum dilunasi, penagihan akan dilanjutkan "
        "sesuai ketentuan peraturan perundang-undangan.",
        "letter_ignore": "Apabila Saudara telah melunasi, mohon abaikan surat ini dan sampaikan salinan bukti "
        "pembayaran kepada kami.",
    },
    "en": {
        "strd_title": "REGIONAL RETRIBUTION DEMAND NOTICE",
        "strd_sub": "(STRD)",
        "skrd_due": "SKRD due date",
        "late_months": "Late",
        "late_months_text": "months {first} to {last} after the due date",
        "strd_line": "Administrative sanction: interest of {percent}% a month × {months} month(s) on the unpaid "
        "retribution of {base}",
        "strd_total": "Amount to pay",
        "strd_note_skrd": "This STRD bills the interest for late payment of SKRD number {number}; the unpaid "
        "retribution itself is still owed under that SKRD.",
        "pay_to": "Pay into {bank}, account {name}, No. {account}.",
        "strd_note_book": "The interest is booked to account {account} (retribution fines).",
        "letter_title": "REMINDER LETTER {step}",
        "letter_to": "To",
        "letter_subject": "Subject",
        "letter_subject_text": "Reminder to pay the videotron retribution",
        "letter_opening": "According to our records, on {date} you still owe the following videotron retribution:",
        "skrd_number": "SKRD number",
        "months_late": "Late",
        "issue_date": "SKRD date",
        "principal_owed": "Principal owed",
        "sanksi_owed": "Interest (STRD)",
        "owed_total": "Total owed",
        "months_late_text": "{months} month(s)",
        "letter_ask": "Please pay it in full by {date}.",
        "letter_warn": "If it is not paid by then, the next reminder letter will be issued and interest of "
        "{percent}% a month keeps running.",
        "letter_warn_last": "If it is not paid by then, collection will proceed as the regulations provide.",
        "letter_ignore": "If you have already paid, please disregard this letter and send us a copy of the proof of "
        "payment.",
    },
}


def cash_labels(language: str) -> dict[str, str]:
    return {**labels(language), **CASH_LABELS["en" if language == "en" else "id"]}
