"""The monthly retribution report as an A4 landscape PDF: letterhead, receipts book, summary, arrears, void
documents, breakdowns, target vs realisation with its chart, and the signatures of the treasurer and the head of
office."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph

from billing.documents.common import esc, table
from billing.reports import month_tables as mt
from billing.reports.charts import realisation_chart
from billing.reports.labels import labels, month_name
from billing.reports.month import MonthReport
from billing.reports.pdf_common import WIDTH, build, grid, heading, report_head, report_styles, signatures
from videotron.core.config import Config
from videotron.core.formats import long_date

BOOK_WIDTHS = [8, 27, 19, 15, 21, 56, 25, 27, 19, 25, 31]  # mm, 273 in all


def _book(report: MonthReport, lang: str) -> Any:
    t = labels(lang)
    rows: list[list[Any]] = [list(r) for r in mt.book_rows(report, lang)]
    received = sum(r.amount for r in report.book)
    deposited = sum(r.deposited for r in report.book if r.sts)
    n = len(rows)
    rows.append(["", t["total"], "", "", "", "", received, "", "", deposited, ""])
    rows.append(["", t["balance"], "", "", "", "", received - deposited, "", "", "", ""])
    return grid(
        mt.book_header(lang),
        rows,
        [w * mm for w in BOOK_WIDTHS],
        lang,
        right=(0, 6, 9),
        bold_rows=(n, n + 1),
        spans=((n, 1, 5), (n + 1, 1, 5)),
    )


def _summary(report: MonthReport, lang: str) -> Any:
    _st, cell, right, _head = report_styles()
    t = labels(lang)
    rows = mt.summary_rows(report, lang)
    data = [[Paragraph(esc(label), cell), Paragraph(esc(mt.fmt_money(amount, lang)), right)] for label, amount in rows]
    s = report.summary
    split = t["s_received_split"].format(
        principal=mt.fmt_money(s.received_principal, lang), sanksi=mt.fmt_money(s.received_sanksi, lang)
    )
    data.insert(3, [Paragraph(f"<i>{esc(split)}</i>", cell), ""])
    return table(
        data,
        [95 * mm, 35 * mm],
        [
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, (0.7, 0.7, 0.7)),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 3), (0, 3), 12),
        ],
        hAlign="LEFT",
    )


def _overdue_and_void(report: MonthReport, lang: str, st: Any) -> list[Any]:
    t = labels(lang)
    out: list[Any] = [heading(t["overdue"], st)]
    rows: list[list[Any]] = [list(r) for r in mt.overdue_rows(report)]
    if rows:
        n = len(rows)
        unpaid, interest = sum(o.unpaid for o in report.overdue), sum(o.interest for o in report.overdue)
        rows.append(["", t["total"], "", "", "", unpaid, interest, unpaid + interest])
        widths = [8, 40, 90, 22, 20, 31, 31, 31]
        out.append(
            grid(
                mt.overdue_header(lang),
                rows,
                [w * mm for w in widths],
                lang,
                right=(0, 4, 5, 6, 7),
                bold_rows=(n,),
                spans=((n, 1, 4),),
            )
        )
    else:
        out.append(Paragraph(esc(t["none"]), st.small))
    if report.late_deposits:
        widths = [w * mm for w in (8, 40, 25, 25, 30, 31)]
        late = grid(mt.late_header(lang), mt.late_rows(report, lang), widths, lang, right=(0, 5))
        late.hAlign = "LEFT"
        out += [heading(t["late"], st), late]
    out.append(heading(t["void"], st))
    vrows = mt.void_rows(report)
    if vrows:
        out.append(grid(mt.void_header(lang), vrows, [w * mm for w in (8, 40, 22, 80, 31, 92)], lang, right=(0, 4)))
    else:
        out.append(Paragraph(esc(t["none"]), st.small))
    return out


def _breakdowns(report: MonthReport, lang: str) -> Any:
    t = labels(lang)
    half = (WIDTH - 8 * mm) / 2
    widths = [half - 90 * mm, 16 * mm, 37 * mm, 37 * mm]
    blocks = []
    for title, items in mt.breakdowns(report, lang):
        rows: list[list[Any]] = [[b.label, b.skrd_count, b.assessed, b.received] for b in items]
        rows.append([t["total"], "", sum(b.assessed for b in items), sum(b.received for b in items)])
        blocks.append(
            grid(mt.breakdown_header(title, lang), rows, widths, lang, right=(1, 2, 3), bold_rows=(len(items),))
        )
    cells = [[blocks[0], "", blocks[1]], [blocks[2], "", blocks[3]]]
    return table(
        cells,
        [half, 8 * mm, half],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ],
    )


def _targets(report: MonthReport, lang: str) -> Any:
    rows: list[list[Any]] = []
    for tr in report.targets:
        pct = "" if tr.percent is None else mt.fmt_percent(tr.percent, lang)
        rows.append([mt.target_label(tr.account, lang), tr.target, tr.before, tr.this_month, tr.to_date, pct])
    widths = [30, 27, 27, 27, 27, 14]
    return grid(
        mt.target_header(lang), rows, [w * mm for w in widths], lang, right=(1, 2, 3, 4, 5), bold_rows=(len(rows) - 1,)
    )


def render_month_pdf(report: MonthReport, out: str | Path | BinaryIO, *, config: Config, signed_on: date) -> None:
    lang = config.language
    st, *_ = report_styles()
    t = labels(lang)
    month_text = month_name(report.month.year, report.month.month, lang)
    story: list[Any] = report_head(config, t["month_title"], report.month, st)
    story += [
        heading(t["book"], st),
        _book(report, lang),
        CondPageBreak(60 * mm),
        heading(f"{t['summary']} — {t['as_of'].format(date=long_date(report.as_of, lang))}", st),
        _summary(report, lang),
        *_overdue_and_void(report, lang, st),
        CondPageBreak(70 * mm),
        heading(t["breakdown"], st),
        _breakdowns(report, lang),
    ]
    chart = realisation_chart(report.chart, report.month.year, lang, WIDTH - 160 * mm, 62 * mm)
    side = table(
        [[_targets(report, lang), "", chart]],
        [152 * mm, 8 * mm, WIDTH - 160 * mm],
        [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )
    story += [KeepTogether([heading(t["targets"].format(year=report.month.year), st), side])]
    story.append(signatures(config, signed_on, st))
    build(
        story,
        out,
        title=f"{t['month_title']} {month_text}",
        config=config,
        footer_text=f"{t['month_title'].capitalize()} · {month_text}{report.audit_head}",
    )
