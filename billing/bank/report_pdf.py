"""The bank reconciliation report as an A4 landscape PDF: letterhead, title and period, the summary (credits =
booked + to match + set aside; debits apart), then the lines booked, to match by hand, set aside and the debits,
and the treasurer's and the head of office's signatures."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from billing.bank.report import Reconciliation, Row
from billing.bank.report_labels import bank_labels, money_text, rule_label
from billing.documents.common import esc, letterhead, table
from billing.reports.labels import short_date
from billing.reports.pdf_common import WIDTH, build, grid, heading, report_styles, signatures

BOOKED_WIDTHS = [11, 19, 32, 27, 75, 37, 33, 17, 22]  # mm, 273 in all
OPEN_WIDTHS = [11, 19, 32, 27, 70, 24, 90]
ASIDE_WIDTHS = [11, 19, 32, 27, 92, 92]


def render_reconciliation_pdf(data: Reconciliation, out: str | Path | BinaryIO, *, config: Any,
                              signed_on: date) -> None:  # fmt: skip
    lang = config.language
    t = bank_labels(lang)
    st, _cell, _right, _head = report_styles()
    if data.first and data.last:
        period = t["period"].format(first=short_date(data.first), last=short_date(data.last))
    else:
        period = t["all"]
    story: list[Any] = [*letterhead(asdict(config.office), WIDTH, st), Spacer(1, 3 * mm),
                        Paragraph(esc(t["title"]), st.title), Paragraph(esc(period), st.center),
                        Paragraph(esc(t["account"].format(accounts=", ".join(data.accounts) or "-")), st.center),
                        Spacer(1, 3 * mm), heading(t["summary"], st), _summary(data, lang),
                        Spacer(1, 3 * mm)]  # fmt: skip
    booked = [[r.line, r.day, r.reference, money_text(r.amount_sen, lang), r.narrative, r.skrd, r.receipts,
               r.method.upper(), rule_label(r.rule, lang)] for r in data.booked]  # fmt: skip
    story += _section(t["h_booked"], [t[k] for k in ("no", "date", "reference", "amount", "narrative", "skrd",
                      "receipt", "method", "rule")], booked, BOOKED_WIDTHS, data.booked, lang)  # fmt: skip
    to_match = [[r.line, r.day, r.reference, money_text(r.amount_sen, lang), r.narrative, t.get(r.status, r.status),
                 r.why] for r in data.to_match]  # fmt: skip
    story += _section(t["h_to_match"], [t[k] for k in ("no", "date", "reference", "amount", "narrative", "status",
                      "why")], to_match, OPEN_WIDTHS, data.to_match, lang)  # fmt: skip
    for key, rows in (("h_set_aside", data.set_aside), ("h_debits", data.debits)):
        plain = [[r.line, r.day, r.reference, money_text(r.amount_sen, lang), r.narrative, r.why] for r in rows]
        story += _section(t[key], [t[k] for k in ("no", "date", "reference", "amount", "narrative", "note")], plain,
                          ASIDE_WIDTHS, rows, lang)  # fmt: skip
    story.append(signatures(config, signed_on, st))
    build(story, out, title=t["title"], footer_text=f"{t['footer']} - {config.office.name}", config=config)


def _summary(data: Reconciliation, lang: str) -> Any:
    _st, cell, right, _head = report_styles()
    t = bank_labels(lang)
    rows = [("credits", data.credits_sen, None), ("booked", _sum(data.booked), data.booked),
            ("to_match", _sum(data.to_match), data.to_match), ("set_aside", _sum(data.set_aside), data.set_aside),
            ("debits", _sum(data.debits), data.debits)]  # fmt: skip
    cells = [[Paragraph(esc(t[key]), cell),
              Paragraph(esc(t["lines"].format(count=len(part))) if part is not None else "", right),
              Paragraph(esc(money_text(amount, lang)), right)] for key, amount, part in rows]  # fmt: skip
    return table(cells, [95 * mm, 25 * mm, 40 * mm], [("LINEBELOW", (0, 0), (-1, -1), 0.3, (0.7, 0.7, 0.7)),
                                                      ("LINEBELOW", (0, 0), (-1, 0), 0.8, (0, 0, 0))])  # fmt: skip


def _section(title: str, header: list[str], rows: list[list[Any]], widths: list[int], data: tuple[Row, ...],
             lang: str) -> list[Any]:  # fmt: skip
    st, cell, _right, _head = report_styles()
    if not rows:
        return [CondPageBreak(20 * mm), heading(title, st), Paragraph(esc(bank_labels(lang)["none"]), cell),
                Spacer(1, 2 * mm)]  # fmt: skip
    total = ["", bank_labels(lang)["total"], "", money_text(_sum(data), lang)] + [""] * (len(header) - 4)
    n = len(rows)
    table = grid(header, [*rows, total], [w * mm for w in widths], lang, right=(0, 3), bold_rows=(n,),
                 spans=((n, 1, 2),))  # fmt: skip
    return [CondPageBreak(30 * mm), heading(title, st), table, Spacer(1, 2 * mm)]


def _sum(rows: tuple[Row, ...]) -> int:
    return sum(r.amount_sen for r in rows)
