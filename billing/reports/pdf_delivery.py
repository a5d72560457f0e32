"""Proof-of-play PDFs (A4 landscape): the office's delivery report for a month, and — when the report is for one
advertiser — the statement (surat keterangan bukti tayang) the office hands to the payer, signed by the head of
office. Shortfalls are shaded and their causes listed day by day."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, BinaryIO

from babel.numbers import format_decimal
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from billing.documents.common import esc, field_table, table
from billing.reports.charts import delivery_chart
from billing.reports.delivery_data import DeliveryDay, DeliveryLine, DeliveryReport, cause_text
from billing.reports.delivery_tables import delivery_header, line_counts, settled_header, settled_rows, total_counts
from billing.reports.labels import labels, month_name
from billing.reports.pdf_common import WIDTH, build, grid, head_signature, heading, report_head, report_styles
from videotron.core.config import Config
from videotron.core.formats import long_date

LINE_WIDTHS = [18, 40, 38, 40, 16, 15, 15, 16, 18, 20, 20, 17]  # mm, 273 in all
DAY_WIDTHS = [18, 46, 20, 17, 16, 15, 16, 18, 22, 85]
SETTLED_WIDTHS = [22, 30, 18, 16, 16, 18, 16, 18, 20, 99]
TEXT_WIDTHS = [24, 40, 38, 91, 20, 20, 22, 18]
TEXT_DAY_WIDTHS = [30, 50, 30, 30, 24]


def _pct(line_booked: int, delivered: int, lang: str) -> str:
    if not line_booked:
        return ""
    value = (Decimal(delivered) * 100 / line_booked).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{format_decimal(value, format='#,##0.0', locale='en_ID' if lang == 'en' else 'id_ID')}%"


def _lines(report: DeliveryReport, lang: str) -> Any:
    rows: list[list[Any]] = [
        [*line_counts(ln), _pct(ln.booked, ln.delivered, lang), ln.makegood_owed] for ln in report.lines
    ]
    shade = [i for i, ln in enumerate(report.lines) if ln.shortfall]
    n = len(rows)
    total = total_counts(report, labels(lang)["total"])
    rows.append([*total, _pct(report.booked, report.delivered, lang), report.makegood_owed])
    return grid(
        delivery_header(lang, daily=False),
        rows,
        [w * mm for w in LINE_WIDTHS],
        lang,
        right=tuple(range(4, 12)),
        bold_rows=(n,),
        shade_rows=shade,
        spans=((n, 1, 3),),
    )


def _short_day(line: DeliveryLine, d: DeliveryDay, lang: str) -> list[Any]:
    return [line.booking_id, line.screen_name, d.day, d.booked, d.played, d.failed, d.skipped, d.missing, d.shortfall,
            cause_text(d, lang)]  # fmt: skip


def _short_days(report: DeliveryReport, lang: str, st: Any) -> list[Any]:
    t = labels(lang)
    out: list[Any] = [heading(t["short_days"], st)]
    rows = [_short_day(ln, d, lang) for ln in report.lines for d in ln.shortfall_days]
    if not rows:
        return [*out, Paragraph(esc(t["no_shortfall"]), st.small)]
    header = [
        t[k]
        for k in ("booking", "screen", "day", "booked", "played", "failed", "skipped", "missing", "shortfall", "causes")
    ]
    out.append(
        grid(header, rows, [w * mm for w in DAY_WIDTHS], lang, right=tuple(range(3, 9)), shade_rows=range(len(rows)))
    )
    return out


def _texts(report: DeliveryReport, lang: str, st: Any) -> list[Any]:
    """Sold running texts beside the spots: per booking and screen the days booked and shown, seconds and passes,
    then day by day (a booked day with no pass shaded)."""
    t = labels(lang)
    header = [
        t[k] for k in ("booking", "advertiser", "screen", "text", "days_booked", "days_shown", "shown_s", "loops")
    ]
    rows = [[ln.booking_id, ln.advertiser_name, ln.screen_name, ln.text, ln.days_booked, ln.days_shown,
             _seconds(ln.shown_ms, lang), ln.loops] for ln in report.texts]  # fmt: skip
    short = [i for i, ln in enumerate(report.texts) if ln.days_shown < ln.days_booked]
    summary = grid(header, rows, [w * mm for w in TEXT_WIDTHS], lang, right=tuple(range(4, 8)), shade_rows=short)
    days = [[ln.booking_id, ln.screen_name, d.day, _seconds(d.shown_ms, lang), d.loops] for ln in report.texts
            for d in ln.days]  # fmt: skip
    empty = [i for i, row in enumerate(days) if not row[4]]
    by_day = grid([t[k] for k in ("booking", "screen", "day", "shown_s", "loops")], days,
                  [w * mm for w in TEXT_DAY_WIDTHS], lang, right=(3, 4), shade_rows=empty)  # fmt: skip
    # The heading, its note and the summary stay together: a heading never stands alone at the foot of a page.
    head = KeepTogether([heading(t["texts_title"], st), Paragraph(esc(t["texts_note"]), st.small),
                         Spacer(1, 1.5 * mm), summary])  # fmt: skip
    return [head, heading(t["texts_days"], st), by_day]


def _seconds(ms: int, lang: str) -> str:
    value = (Decimal(ms) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(format_decimal(value, format="#,##0.0", locale="en_ID" if lang == "en" else "id_ID"))


def render_delivery_pdf(report: DeliveryReport, out: str | Path | BinaryIO, *, config: Config, signed_on: Any) -> None:
    """The month's delivery report; the advertiser's statement when the report is for one advertiser."""
    lang = config.language
    st, *_ = report_styles()
    t = labels(lang)
    month_text = month_name(report.month.year, report.month.month, lang)
    adv = report.advertiser
    title = t["statement_title"] if adv else t["delivery_title"]
    story: list[Any] = report_head(config, title, report.month, st)
    if adv is not None:
        story.append(
            field_table(
                [
                    (t["payer"], f"<b>{esc(adv.name)}</b>"),
                    (t["address"], esc(adv.address or "-")),
                    ("NPWRD", esc(adv.npwrd or "-")),
                ],
                (40 * mm, WIDTH - 44 * mm),
                st,
            )
        )
        intro = t["statement_intro"].format(payer=adv.name, office=config.office.name, month=month_text)
        story += [Spacer(1, 2 * mm), Paragraph(esc(intro), st.base)]
    story += [heading(t["per_line"], st), _lines(report, lang), Spacer(1, 3 * mm)]
    if report.makegood_owed or any(ln.alert_skipped for ln in report.lines):
        story += [Paragraph(esc(t["makegood_note"].format(owed=report.makegood_owed)), st.small), Spacer(1, 2 * mm)]
    story += _short_days(report, lang, st)
    if report.texts:
        story += _texts(report, lang, st)
    if report.settlements:
        rows, short = settled_rows(report, lang), [i for i, r in enumerate(report.settlements) if r.shortfall]
        widths = [w * mm for w in SETTLED_WIDTHS]
        settled = grid(settled_header(lang), rows, widths, lang, right=tuple(range(2, 9)), shade_rows=short)
        story += [heading(t["settled_title"], st), Paragraph(esc(t["settled_note"]), st.small), Spacer(1, 1.5 * mm),
                  settled]  # fmt: skip
    sign = head_signature(config, f"{config.office.city}, {long_date(signed_on, lang)}", st)
    # The chart and the signature share the last block, so the signature never stands alone on a page.
    chart = delivery_chart(report.by_screen, lang, WIDTH - 100 * mm, 56 * mm)
    bottom = table([[chart, "", sign]], [WIDTH - 100 * mm, 20 * mm, 80 * mm], [("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    story.append(KeepTogether([Spacer(1, 4 * mm), bottom]))
    who = f" · {adv.name}" if adv else ""
    build(
        story,
        out,
        title=f"{title} {month_text}",
        config=config,
        footer_text=f"{title.capitalize()} · {month_text}{who}",
    )
