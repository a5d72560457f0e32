"""`videotron text add|book|list|skrd` and `videotron layout show`: running texts on the ticker band — operator
messages and sold running-text bookings, their SKRD — and a screen's layouts. Each calls the one write path the
setup file and the desk call (`playlists.running_texts`, `billing.text_assessments`); problems name the fields as
the setup file does, and the edge words them as these flags.
"""

from __future__ import annotations

import argparse
import json

from billing.text_assessments import issue_text_assessment
from playlists.layouts import layouts_of
from playlists.planning import get_screen
from playlists.running_texts import TextFields, cancel_text, list_texts, save_message, save_text_booking
from videotron.cli.cmd_schedule import parse_date
from videotron.core.context import Context
from videotron.core.formats import rupiah

FLAGS = {"id": "--id", "text": "--text", "screens": "--screens", "start": "--start", "end": "--end", "band": "--band",
         "advertiser": "--advertiser", "category": "--category", "booking": "TEXT_BOOKING"}  # fmt: skip


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    t = sub.add_parser("text", help="running texts on the ticker band: messages, sold running-text bookings")
    tsub = t.add_subparsers(dest="text_command", metavar="ACTION")
    tsub.required = True
    for name, sold in (("add", False), ("book", True)):
        p = tsub.add_parser(name, help="sell a running-text booking (refused if a band cannot carry it)" if sold
                            else "add an operator's message (a PSA running text)")  # fmt: skip
        p.add_argument("--id", dest="text_id", required=True)
        p.add_argument("--text", required=True, help="the one line the band shows")
        p.add_argument("--screens", required=True, help="comma-separated screen ids")
        p.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
        p.add_argument("--end", required=True, help="last day (inclusive), YYYY-MM-DD")
        p.add_argument("--band", default=None, help="HH:MM-HH:MM inside one day (default: the whole operating day)")
        if sold:
            p.add_argument("--advertiser", required=True)
            p.add_argument("--category", required=True, help="tariff category (e.g. teks-berjalan)")
        p.set_defaults(func=cmd_text_save, sold=sold, field_flags=FLAGS)
    ls = tsub.add_parser("list", help="list running texts")
    ls.add_argument("--screen")
    ls.add_argument("--date", help="only texts in force on this day")
    ls.add_argument("--kind", choices=("psa", "ad"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_text_list, field_flags=FLAGS)
    ca = tsub.add_parser("cancel", help="take a message or a draft running-text booking off the band")
    ca.add_argument("booking", metavar="TEXT")
    ca.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    ca.set_defaults(func=cmd_text_cancel, field_flags={**FLAGS, "id": "TEXT", "reason": "--reason"})
    sk = tsub.add_parser("skrd", help="issue the SKRD of a running-text booking")
    sk.add_argument("booking", metavar="TEXT_BOOKING")
    sk.set_defaults(func=cmd_text_skrd, field_flags=FLAGS)
    lay = sub.add_parser("layout", help="screen layouts: the main region, ticker band, clock and logo zones")
    lsub = lay.add_subparsers(dest="layout_command", metavar="ACTION")
    lsub.required = True
    show = lsub.add_parser("show", help="a screen's layouts in its pixels (set them in the setup file's [[layout]])")
    show.add_argument("screen")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_layout_show)


def cmd_text_save(args: argparse.Namespace, ctx: Context) -> int:
    screens = [x.strip() for x in args.screens.split(",") if x.strip()]
    terms = TextFields(args.text_id, args.text, screens, parse_date(args.start, "start"), parse_date(args.end, "end"),
                       args.band, getattr(args, "advertiser", None), getattr(args, "category", None))  # fmt: skip
    with ctx.sessions().begin() as s:
        save = save_text_booking if args.sold else save_message
        row = save(s, terms, actor=ctx.actor, clock=ctx.clock, new=True).row
        what = f"running-text booking for {row.advertiser_id}" if args.sold else "message"
        print(f"saved {what} {row.id}: {row.text!r} on {', '.join(row.screen_ids)}, {row.start_date}..{row.end_date}"
              f"{', band ' + row.band if row.band else ''}")  # fmt: skip
    return 0


def cmd_text_list(args: argparse.Namespace, ctx: Context) -> int:
    day = parse_date(args.date, "date") if args.date else None
    with ctx.sessions().begin() as s:
        rows = list_texts(s, kind=args.kind, screen_id=args.screen, day=day)
        data = [{"id": r.id, "kind": r.kind, "text": r.text, "screens": r.screen_ids, "start": r.start_date.isoformat(),
                 "end": r.end_date.isoformat(), "band": r.band, "advertiser": r.advertiser_id, "category": r.category,
                 "status": r.status, "characters": len(r.text)} for r in rows]  # fmt: skip
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    for d in data:
        print(f"{d['id']:14} {d['kind']:3} {d['status']:9} {d['start']}..{d['end']} {d['band'] or 'all day':11} "
              f"{d['advertiser'] or '-':14} {','.join(d['screens'])}  {d['text']}")  # fmt: skip
    if not rows:
        print("no running texts")
    return 0


def cmd_text_cancel(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        row = cancel_text(s, args.booking, args.reason, actor=ctx.actor, clock=ctx.clock)
        print(f"cancelled {row.id}: {row.text!r}")
    return 0


def cmd_text_skrd(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        a = issue_text_assessment(s, args.booking, config=ctx.config, actor=ctx.actor, clock=ctx.clock)
        print(f"issued SKRD {a.number}: {a.payer_name}, {rupiah(a.principal)}, due {a.due_date}")
        for ln in a.lines:
            print(f"  {ln.account}  {ln.description}  {rupiah(ln.amount)}")
    return 0


def cmd_layout_show(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        screen = get_screen(s, args.screen)
        found = layouts_of(s, screen.id)
    if args.json:
        print(json.dumps([{"daypart": part, "sold_texts": sold, **layout.to_dict()} for part, layout, sold in found],
                         ensure_ascii=False, indent=1))  # fmt: skip
        return 0
    if not found:
        print(f"screen {args.screen}: no layout (the video fills the window)")
    for part, layout, sold in found:
        print(f"screen {args.screen} {'daypart ' + part if part else '(default)'}: {layout.width}x{layout.height}, "
              f"{sold} sold running texts a day")  # fmt: skip
        for name, box in layout.zones().items():
            print(f"  {name:7} {box.w}x{box.h}+{box.x}+{box.y}{' overlay' if box.overlay else ''}")
    return 0
