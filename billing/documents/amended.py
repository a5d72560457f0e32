"""What the SKRD tambahan and the credit note (SKRDLB) print about the amendment behind them: the head of the page,
the terms that changed ("tayang per hari 10 → 40"), and the lines with what was assessed before, the new price and
the difference — all from the frozen amendment record, so a reprint is the same document."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table
from sqlalchemy import select
from sqlalchemy.orm import object_session

from billing.documents.common import Styles, esc, letterhead, table
from billing.documents.labels import labels
from billing.lifecycle_models import Amendment
from videotron.core.formats import long_date, number

TERMS = ("status", "plays_per_day", "start", "end", "screens", "band", "category", "media")


def amendment_for(row: Any, column: Any) -> Amendment | None:
    """The amendment whose `column` (additional_id or credit_id) names `row` (an SKRD tambahan or a credit note)."""
    session = object_session(row)
    if session is None:  # pragma: no cover - documents are rendered from rows read in a session
        return None
    found: Amendment | None = session.scalar(select(Amendment).where(column == row.id))
    return found


def head(office: dict[str, Any], title: str, sub: str, doc_number: str, language: str, width: float,
         st: Styles) -> list[Flowable]:  # fmt: skip
    t = labels(language)
    return [*letterhead(office, width, st), Spacer(1, 4 * mm), Paragraph(title, st.title), Paragraph(sub, st.center),
            Paragraph(f"{t['number']}: <b>{esc(doc_number)}</b>", st.center), Spacer(1, 3 * mm)]  # fmt: skip


def change_text(amendment: Amendment, language: str) -> str:
    """The terms that changed, "before → after", in the document's language."""
    t = labels(language)
    before, after = json.loads(amendment.before_json), json.loads(amendment.after_json)
    parts = []
    for key in TERMS:
        old, new = before.get(key), after.get(key)
        if old != new:
            parts.append(f"{t['term_' + key]} {_term(key, old, language)} → {_term(key, new, language)}")
    return "; ".join(parts)


def _term(key: str, value: Any, language: str) -> str:
    t = labels(language)
    if key in ("start", "end"):
        return long_date(date.fromisoformat(value), language)
    if key == "band":
        return str(value) if value else t["whole_day"]
    if key == "status":
        return t["cancelled"] if value == "cancelled" else t["active"]
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return number(value, language) if isinstance(value, int) else str(value)


def lines_table(rows: list[dict[str, Any]], sign: int, total_label: str, language: str, width: float,
                st: Styles) -> Table:  # fmt: skip
    """No, kode rekening, description, before, after, and the difference (times `sign`: -1 on a credit note, where
    a decrease is what is credited), with the total of the differences."""
    t = labels(language)
    head_row = [Paragraph(t[k], st.head) for k in ("no", "account", "desc", "before", "after", "difference")]
    data: list[list[Any]] = [head_row]
    shown = [r for r in rows if r["difference"]]
    for i, r in enumerate(shown, 1):
        calc = str(r["calculation"]).removeprefix(f"{r['screen_name']}: ")  # the quote line names its screen
        calc = t["cancelled"] if calc == r["screen_name"] else calc  # no longer booked on this screen
        text = f"<b>{esc(r['screen_name'])}</b> — {esc(r['location'])}<br/>{esc(calc)}"
        values = (r["before"], r["after"], sign * r["difference"])
        money = [Paragraph(number(v, language), st.cell_right) for v in values]
        data.append([Paragraph(str(i), st.center), Paragraph(esc(r["account"] or "-"), st.center),
                     Paragraph(text, st.cell), *money])  # fmt: skip
    total = sum(sign * r["difference"] for r in shown)
    data.append(["", "", Paragraph(f"<b>{total_label}</b>", st.cell), "", "",
                 Paragraph(f"<b>{number(total, language)}</b>", st.cell_right)])  # fmt: skip
    rp = 25 * mm
    cols = [11 * mm, 24 * mm, width - 35 * mm - 3 * rp, rp, rp, rp]
    grey = colors.Color(0.9, 0.9, 0.9)
    last = len(data) - 1
    commands = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("BACKGROUND", (0, 0), (-1, 0), grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("SPAN", (2, last), (4, last)),
                ("BACKGROUND", (2, last), (-1, last), grey)]  # fmt: skip
    return table(data, cols, commands, repeatRows=1)
