"""The month report as plain tables (header + rows of str, int rupiah or date), shared by the PDF, XLSX and CSV
writers so the three formats can never disagree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal

from billing.reports.breakdown import BreakdownRow
from billing.reports.labels import labels
from billing.reports.month import BookRow, MonthReport
from videotron.core.formats import long_date, rupiah

Cell = str | int | date | None

BOOK_MONEY_COLUMNS = (6, 9)  # Jumlah penerimaan, Jumlah setor (0-based)


def uraian(row: BookRow, language: str) -> str:
    return labels(language)["uraian"].format(skrd=row.skrd, payer=row.payer)


def keterangan(row: BookRow, language: str) -> str:
    t = labels(language)
    notes = []
    if row.instalment:
        notes.append(t["instalment"])
    if row.sanksi:
        notes.append(t["with_sanksi"].format(amount=rupiah(row.sanksi, language)))
        if row.sanksi_account and row.sanksi_account != row.account:
            notes.append(t["sanksi_account"].format(account=row.sanksi_account))
    if not row.sts:
        notes.append(t["not_deposited"])
    if row.late and row.deadline:
        notes.append(t["late_deposit"].format(date=short_date(row.deadline)))
    return "; ".join(notes)


def short_date(day: date) -> str:
    return f"{day:%d-%m-%Y}"


def book_header(language: str) -> list[str]:
    t = labels(language)
    keys = ("no", "receipt", "date", "method", "account", "desc", "received", "sts", "sts_date", "deposited", "note")
    return [t[k] for k in keys]


def book_rows(report: MonthReport, language: str) -> list[list[Cell]]:
    t = labels(language)
    return [
        [
            r.no,
            r.receipt,
            r.paid_on,
            t.get(r.method, r.method),
            r.account,
            uraian(r, language),
            r.amount,
            r.sts or "",
            r.sts_date,
            r.deposited if r.sts else None,
            keterangan(r, language),
        ]
        for r in report.book
    ]


def summary_rows(report: MonthReport, language: str) -> list[tuple[str, int]]:
    t, s = labels(language), report.summary
    return [
        (t["s_assessed"].format(count=s.assessed_count), s.assessed),
        (t["s_sanksi"], s.sanksi_assessed),
        (t["s_received"], s.received),
        (t["s_deposited"], s.deposited),
        (t["s_undeposited"], s.undeposited),
        (t["s_opening"], report.cash.opening),
        (t["s_sts_month"], report.cash.deposited),
        (t["s_closing"].format(date=long_date(report.as_of, language)), report.cash.closing),
        (t["s_late"].format(count=len(report.late_deposits)), sum(r.amount for r in report.late_deposits)),
        (t["s_outstanding"].format(count=s.outstanding_count), s.outstanding),
        (t["s_overdue"].format(count=s.overdue_count), s.overdue),
        (t["s_interest"], s.overdue_interest),
    ]


def overdue_header(language: str) -> list[str]:
    t = labels(language)
    return [t["no"], t["skrd"], t["payer"], t["due"], t["months_late"], t["unpaid"], t["interest"], t["total"]]


def overdue_rows(report: MonthReport) -> list[list[Cell]]:
    return [
        [i, o.skrd, o.payer, o.due_date, o.months_late, o.unpaid, o.interest, o.unpaid + o.interest]
        for i, o in enumerate(report.overdue, 1)
    ]


def late_header(language: str) -> list[str]:
    t = labels(language)
    return [t["no"], t["receipt"], t["date"], t["deadline"], t["sts_date"], t["received"]]


def late_rows(report: MonthReport, language: str) -> list[list[Cell]]:
    held = labels(language)["held"]
    return [[i, x.receipt, x.received_on, x.deadline, x.deposited_on or held, x.amount]
            for i, x in enumerate(report.late_deposits, 1)]  # fmt: skip


def void_header(language: str) -> list[str]:
    t = labels(language)
    return [t["no"], t["skrd"], t["date"], t["payer"], t["principal"], t["reason"]]


def void_rows(report: MonthReport) -> list[list[Cell]]:
    return [[i, v.skrd, v.issue_date, v.payer, v.principal, v.reason] for i, v in enumerate(report.voided, 1)]


def breakdowns(report: MonthReport, language: str) -> list[tuple[str, list[BreakdownRow]]]:
    t = labels(language)
    return [
        (t["category"], report.by_category),
        (t["zone"], report.by_zone),
        (t["screen"], report.by_screen),
        (t["advertiser"], report.by_advertiser),
    ]


def breakdown_header(title: str, language: str) -> list[str]:
    t = labels(language)
    return [title, t["count"], t["assessed"], t["received"]]


def target_header(language: str) -> list[str]:
    t = labels(language)
    return [t["account"], t["target"], t["before"], t["this_month"], t["to_date"], t["percent"]]


def target_label(account: str, language: str) -> str:
    return account or labels(language)["all_accounts"]


def fmt_money(amount: int, language: str) -> str:
    return rupiah(amount, language)


def fmt_percent(value: Decimal, language: str) -> str:
    locale = "en_ID" if language == "en" else "id_ID"
    return f"{format_decimal(value, format='#,##0.00', locale=locale)}%"
