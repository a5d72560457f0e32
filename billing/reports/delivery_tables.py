"""The proof-of-play report as plain tables (header + rows of str, int or date), shared by the PDF, XLSX and CSV
writers so the formats can never disagree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from billing.reports.delivery_data import DeliveryDay, DeliveryLine, DeliveryReport, cause_text, outcome_text
from billing.reports.labels import labels

Cell = str | int | Decimal | date | None


def delivery_header(language: str, daily: bool) -> list[str]:
    """Per booking line (its media, delivered share and make-goods owed), or per day (causes, alert-skipped)."""
    t = labels(language)
    keys = ["booking", "advertiser", "screen"] + (["day"] if daily else ["media"])
    keys += ["booked", "played", "failed", "skipped", "missing", "shortfall"]
    keys += ["causes", "alert_skipped", "makegood_owed"] if daily else ["delivered_pct", "makegood_owed"]
    return [t[k] for k in keys]


def line_counts(line: DeliveryLine) -> list[Cell]:
    """A booking line's cells up to its shortfall (each writer adds the delivered share its own way)."""
    return [line.booking_id, line.advertiser_name, line.screen_name, line.media_title, line.booked, line.played,
            line.failed, line.skipped, line.missing, line.shortfall]  # fmt: skip


def total_counts(report: DeliveryReport, label: str) -> list[Cell]:
    """The total row's cells up to the shortfall, under `line_counts`."""
    lines = report.lines
    return ["", label, "", "", report.booked, report.played, sum(ln.failed for ln in lines),
            sum(ln.skipped for ln in lines), sum(ln.missing for ln in lines), report.shortfall]  # fmt: skip


def daily_rows(report: DeliveryReport, language: str) -> list[list[Cell]]:
    """One row per booking line and day, with the day's causes and the make-goods owed at its end."""
    return [
        _day_row(ln, d, owed, language) for ln in report.lines for d, owed in zip(ln.days, ln.owed_after(), strict=True)
    ]


def _day_row(line: DeliveryLine, d: DeliveryDay, owed: int, language: str) -> list[Cell]:
    return [line.booking_id, line.advertiser_name, line.screen_name, d.day, d.booked, d.played, d.failed, d.skipped,
            d.missing, d.shortfall, cause_text(d, language), d.alert_skipped, owed]  # fmt: skip


def settled_header(language: str) -> list[str]:
    t = labels(language)
    keys = ("booking", "screen", "due_plays", "played", "failed", "alert", "skipped", "missing", "shortfall", "settled")
    return [t[k] for k in keys]


def settled_rows(report: DeliveryReport, language: str) -> list[list[Cell]]:
    """One row per settled booking line: plays due and played, why the rest were not, and what became of them."""
    return [[r.booking_id, r.screen_id, r.due, r.played, r.failed, r.alert, r.skipped, r.missing, r.shortfall,
             outcome_text(r, language)] for r in report.settlements]  # fmt: skip


def text_header(language: str) -> list[str]:
    """Sold running texts by day: their proof of display (`billing.reports.text_delivery`)."""
    t = labels(language)
    return [t[k] for k in ("booking", "advertiser", "screen", "text", "day", "shown_s", "loops")]


def text_rows(report: DeliveryReport) -> list[list[Cell]]:
    return [[ln.booking_id, ln.advertiser_name, ln.screen_name, ln.text, d.day, Decimal(d.shown_ms) / 1000, d.loops]
            for ln in report.texts for d in ln.days]  # fmt: skip
