"""`videotron delivery settle YYYY-MM`: settle a month's delivery (`billing.settlement`) and say, per booking and
screen, what was due, what aired, why the rest did not, and what it became."""

from __future__ import annotations

import argparse
import json
from typing import Any

from billing.lifecycle_models import Settlement
from billing.reports.period import Month
from billing.settlement import settle_month
from videotron.core.context import Context
from videotron.core.i18n import say


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    d = sub.add_parser("delivery", help="settle a month's delivery: make-goods and credits for plays not delivered")
    dsub = d.add_subparsers(dest="delivery_command", metavar="ACTION")
    dsub.required = True
    p = dsub.add_parser("settle", help="settle a month (again: changes nothing)")
    p.add_argument("month", metavar="YYYY-MM")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_settle)


def cmd_settle(args: argparse.Namespace, ctx: Context) -> int:
    month = Month.parse(args.month)
    with ctx.sessions().begin() as s:
        done = settle_month(s, month, config=ctx.config, actor=ctx.actor, clock=ctx.clock)
        data = [line_json(r) for r in done.lines]
        credits = [{"number": c.number, "booking": c.booking_id, "amount": c.amount, "left": c.remaining}
                   for c in done.credits]  # fmt: skip
    if args.json:
        print(json.dumps({"month": str(month), "settled_now": done.new, "lines": data, "credits": credits,
                          "completed": done.completed}, ensure_ascii=False, indent=1))  # fmt: skip
        return 0
    language = ctx.language
    for r in data:
        print(say(language, "settle.line", "{booking} {screen}: due {due}, played {played}, short {shortfall} (failed "
                  "{failed}, alert {alert}, skipped {skipped}, no record {missing}): {outcome}", **r,
                  outcome=outcome_text(r, language)))  # fmt: skip
    for c in credits:
        print(say(language, "settle.credit", "credit note {number} for booking {booking}: {amount:rupiah} "
                  "({left:rupiah} left to refund or offset)", **c))  # fmt: skip
    print(say(language, "settle.summary", "{month}: {lines} line(s), {new} settled now, {completed} booking(s) "
              "completed", month=str(month), lines=len(data), new=done.new, completed=len(done.completed)))  # fmt: skip
    return 0


def line_json(r: Settlement) -> dict[str, Any]:
    return {"booking": r.booking_id, "screen": r.screen_id, "due": r.due, "played": r.played, "failed": r.failed,
            "alert": r.alert, "skipped": r.skipped, "missing": r.missing, "shortfall": r.shortfall,
            "tolerance": r.tolerance, "covered": r.covered, "makegood": r.makegood_plays,
            "credited": r.credited_plays, "credit": r.credit.number if r.credit else None,
            "kind": r.outcome}  # fmt: skip


def outcome_text(r: dict[str, Any], language: str) -> str:
    """What a settled line's shortfall became, in `language`."""
    if r["kind"] == "delivered":
        return say(language, "settle.delivered", "delivered in full")
    if r["kind"] == "tolerated":
        return say(language, "settle.tolerated", "within the tolerance of {n} plays", n=r["tolerance"])
    parts = []
    if r["covered"]:
        parts.append(say(language, "settle.covered", "{n} already granted as make-goods", n=r["covered"]))
    if r["makegood"]:
        parts.append(say(language, "settle.makegood", "{n} make-good plays granted", n=r["makegood"]))
    if r["credited"]:
        parts.append(say(language, "settle.credited", "{n} plays credited ({credit})", n=r["credited"],
                         credit=r["credit"] or "Rp0"))  # fmt: skip
    return "; ".join(parts)
