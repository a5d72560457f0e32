"""`videotron booking amend|cancel`: change or cancel a booking through its lifecycle (`billing.amendments`).

A draft is simply changed (or cancelled); an assessed booking's change is assessed: an SKRD tambahan for an
increase, a credit note (SKRDLB) for a decrease, the booking's SKRD untouched. One command is one transaction.
"""

from __future__ import annotations

import argparse

from billing.amendments import Amended, Change, amend_booking, cancel_booking
from videotron.core.context import Context
from videotron.core.errors import ValidationError
from videotron.core.i18n import render

# Problems name the booking's fields as the setup file does; these are the flags that set them here.
FLAGS = {
    "id": "BOOKING",
    "booking": "BOOKING",
    "start": "--start",
    "end": "--end",
    "screens": "--screens",
    "plays_per_day": "--plays-per-day",
    "band": "--band",
    "category": "--category",
    "media": "--media",
}


def register(bsub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    am = bsub.add_parser("amend", help="change a booking; an assessed one gets an SKRD tambahan or a credit note")
    am.add_argument("booking", metavar="BOOKING")
    am.add_argument("--plays-per-day", help="plays a day on each screen")
    am.add_argument("--start", help="first day, YYYY-MM-DD")
    am.add_argument("--end", help="last day (inclusive), YYYY-MM-DD")
    am.add_argument("--screens", help="comma-separated screen ids")
    am.add_argument("--band", help='HH:MM-HH:MM, or "" for the whole operating day')
    am.add_argument("--category", help="tariff category")
    am.add_argument("--media", help="ad media id")
    am.add_argument("--reason", required=True, help="why (kept with the amendment and in the audit trail)")
    am.set_defaults(func=cmd_booking_amend, field_flags=FLAGS)
    ca = bsub.add_parser("cancel", help="cancel a booking; an assessed one gets a credit note for what has not aired")
    ca.add_argument("booking", metavar="BOOKING")
    ca.add_argument("--reason", required=True, help="why (kept with the cancellation and in the audit trail)")
    ca.set_defaults(func=cmd_booking_cancel, field_flags=FLAGS)


def change_from(args: argparse.Namespace) -> Change:
    """The change the flags ask for (problems name the booking's fields, the edge words them as the flags)."""
    from videotron.cli.cmd_schedule import parse_date

    plays = None
    if args.plays_per_day is not None:
        try:
            plays = int(args.plays_per_day)
        except ValueError:
            raise ValidationError("schedule.not_whole", "{value!r} is not a whole number", field="plays_per_day",
                                  value=args.plays_per_day) from None  # fmt: skip
    screens = [x.strip() for x in args.screens.split(",") if x.strip()] if args.screens is not None else None
    return Change(plays_per_day=plays, start=parse_date(args.start, "start") if args.start else None,
                  end=parse_date(args.end, "end") if args.end else None, screens=screens, band=args.band,
                  category=args.category, media=args.media)  # fmt: skip


def cmd_booking_amend(args: argparse.Namespace, ctx: Context) -> int:
    change = change_from(args)
    with ctx.sessions().begin() as s:
        done = amend_booking(s, args.booking, change, reason=args.reason, config=ctx.config, actor=ctx.actor,
                             clock=ctx.clock)  # fmt: skip
        report(done, ctx.language)
    return 0


def cmd_booking_cancel(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        done = cancel_booking(s, args.booking, reason=args.reason, config=ctx.config, actor=ctx.actor, clock=ctx.clock)
        report(done, ctx.language)
    return 0


def report(done: Amended, language: str) -> None:
    """What the amendment did, in the user's language: the booking, then each document issued and what it owes."""
    for note in done.notes():
        print(render(note, language))
