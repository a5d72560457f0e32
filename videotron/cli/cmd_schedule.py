"""`videotron plan`, `videotron capacity`, `videotron booking add|list|amend|cancel`: what plays when, and selling
airtime. Plans and capacity follow the office's airing gate (`airing` in its configuration) and say which bookings
it holds off the air and why."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time
from pathlib import Path

from playlists.bookings import BookingFields, list_bookings, save_booking
from playlists.capacity import hourly_load
from playlists.capacity_fit import hourly_plays, usual_spot_seconds
from playlists.explain import explain
from playlists.gate import held_notes
from playlists.inputs import ScheduleInputs
from playlists.plan import Plan
from playlists.planning import build_plan, get_screen, load_inputs
from videotron.cli import cmd_amend
from videotron.core.context import Context
from videotron.core.errors import ValidationError
from videotron.core.formats import zone_name
from videotron.core.i18n import render, say


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("plan", help="what a screen shows on a date")
    p.add_argument("screen")
    p.add_argument("date")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument("--out", type=Path, metavar="FILE.json", help="write the self-contained plan for the player")
    p.add_argument("--explain", metavar="MEDIA", help="why a media item is or is not on the plan")
    p.set_defaults(func=cmd_plan, field_flags={"date": "date"})  # the positional, as its usage line names it

    c = sub.add_parser("capacity", help="booked and free ad seconds per hour of a screen's day")
    c.add_argument("screen")
    c.add_argument("date")
    c.add_argument("--json", action="store_true")
    c.add_argument("--seconds", help="spot length for the plays column (default: the screen's most common ad length "
                   "that day, else 15)")  # fmt: skip
    c.set_defaults(func=cmd_capacity, field_flags={"date": "date"})

    b = sub.add_parser("booking", help="advertisers' bookings: add, list")
    bsub = b.add_subparsers(dest="booking_command", metavar="ACTION")
    bsub.required = True
    add = bsub.add_parser("add", help="enter a booking (refused if a screen cannot carry it)")
    add.add_argument("--id", dest="booking_id", required=True)
    add.add_argument("--advertiser", required=True)
    add.add_argument("--media", required=True)
    add.add_argument("--screens", required=True, help="comma-separated screen ids")
    add.add_argument("--category", required=True, help="tariff category, e.g. commercial")
    add.add_argument("--plays-per-day", required=True, help="plays a day on each screen")
    add.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    add.add_argument("--end", required=True, help="last day (inclusive), YYYY-MM-DD")
    add.add_argument("--band", help="HH:MM-HH:MM inside one day (default: the whole operating day)")
    add.set_defaults(func=cmd_booking_add, field_flags={"id": "--id"})  # the booking's fields are the setup file's
    ls = bsub.add_parser("list", help="list bookings")
    ls.add_argument("--screen")
    ls.add_argument("--date", help="only bookings running on this day")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_booking_list)
    cmd_amend.register(bsub)


def parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            "schedule.not_date", "{value!r} is not a date YYYY-MM-DD", field=field, value=text
        ) from None


def cmd_plan(args: argparse.Namespace, ctx: Context) -> int:
    day = parse_date(args.date, "date")
    with ctx.sessions().begin() as s:
        if args.explain:
            get_screen(s, args.screen)
            for note in explain(s, args.screen, day, args.explain, airing=ctx.config.airing):
                print(render(note, ctx.language))
            return 0
        plan = build_plan(s, args.screen, day, airing=ctx.config.airing)
        held = held_notes(load_inputs(s, args.screen, airing=ctx.config.airing).bookings, args.screen, day)
    if args.out:
        args.out.write_text(plan.to_json(), encoding="utf-8")
        print(f"plan for {plan.screen} on {plan.date}: {len(plan.items)} items written to {args.out}")
        return 0
    if args.json:
        print(json.dumps(plan.to_dict(with_media=False), ensure_ascii=False, indent=1))
        return 0
    ads = sum(1 for i in plan.items if i.kind == "ad")
    print(f"screen {plan.screen}, {plan.date} ({plan.timezone}), open {plan.open_at:%H:%M}-{plan.close_at:%H:%M}: "
          f"{len(plan.items)} items, {ads} ads")  # fmt: skip
    print(f"{'start':12} {'end':12} {'kind':6} {'media':28} {'booking':16} advertiser")
    for i in plan.items:
        print(f"{i.start:%H:%M:%S}.{i.start.microsecond // 1000:03d} {i.end:%H:%M:%S}.{i.end.microsecond // 1000:03d} "
              f"{i.kind:6} {i.media:28} {i.booking or '-':16} {i.advertiser or '-'}")  # fmt: skip
    _zones(plan)
    for note in held:
        print(render(note, ctx.language))
    return 0


def _zones(plan: Plan) -> None:
    """The plan's layouts and running texts, each time with the screen's zone name."""
    zone = zone_name(plan.timezone)

    def hours(start: datetime, end: datetime) -> str:
        last = "24:00" if end.date() > start.date() and end.time() == time(0) else f"{end:%H:%M}"
        return f"{start:%H:%M}-{last} {zone}"

    for span in plan.layouts:
        zones = ", ".join(f"{n} {b.w}x{b.h}+{b.x}+{b.y}" for n, b in span.layout.zones().items())
        print(f"layout {hours(span.start, span.end)}: {zones}")
    for t in plan.texts:
        print(f"text {hours(t.start, t.end)} {t.kind:3} {t.id:14} {t.advertiser or '-':14} {t.text}")


def spot_seconds(text: str | None, inputs: ScheduleInputs, day: date) -> float:
    """The spot length the plays column is for: as given, else the most common ad length of the day's bookings."""
    if text is None:
        return usual_spot_seconds(inputs, day)
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0.5 <= seconds <= 3600:
        raise ValidationError("capacity.seconds", "a spot length in seconds between 0.5 and 3600, got {value!r}",
                              field="seconds", value=text)  # fmt: skip
    return seconds


def cmd_capacity(args: argparse.Namespace, ctx: Context) -> int:
    day = parse_date(args.date, "date")
    with ctx.sessions().begin() as s:
        inputs = load_inputs(s, args.screen, airing=ctx.config.airing)
    seconds = spot_seconds(args.seconds, inputs, day)
    hours, problem = hourly_load(inputs, day)
    plays = hourly_plays(inputs, day, seconds)
    held = held_notes(inputs.bookings, inputs.screen.id, day)
    zone = zone_name(inputs.screen.timezone)
    if args.json:
        print(json.dumps({
            "screen": inputs.screen.id, "date": day.isoformat(), "timezone": inputs.screen.timezone, "zone": zone,
            "loop_seconds": inputs.screen.loop_seconds, "psa_share": str(inputs.screen.psa_share),
            "oversold": problem, "not_on_air": [render(n, ctx.language) for n in held], "spot_s": seconds,
            "hours": [{"start": h.start.isoformat(), "end": h.end.isoformat(), "capacity_s": h.capacity_ms / 1000,
                       "booked_s": h.booked_ms / 1000, "free_s": h.free_ms / 1000, "plays": n}
                      for h, n in zip(hours, plays, strict=True)],
            "total": {"capacity_s": sum(h.capacity_ms for h in hours) / 1000,
                      "booked_s": sum(h.booked_ms for h in hours) / 1000,
                      "free_s": sum(h.free_ms for h in hours) / 1000},
        }, ensure_ascii=False, indent=1))  # fmt: skip
        return 0
    lang = ctx.language
    print(say(lang, "capacity.head", "screen {screen}, {day:date}: ad airtime per hour ({share:g}% of each {loop} s "
              "loop; sold bookings count before approval), hours in {zone}", screen=inputs.screen.id, day=day,
              share=float(1 - inputs.screen.psa_share) * 100, loop=inputs.screen.loop_seconds, zone=zone))  # fmt: skip
    if problem:
        print(say(lang, "capacity.oversold", "warning: oversold, figures are the bookings' even spread: {problem}",
                  problem=problem))  # fmt: skip
    print(f"{say(lang, 'capacity.col_hour', 'hour'):13} {say(lang, 'capacity.col_capacity', 'capacity s'):>11} "
          f"{say(lang, 'capacity.col_booked', 'booked s'):>10} {say(lang, 'capacity.col_free', 'free s'):>10}   "
          + say(lang, "capacity.col_plays", "a new booking can have"))  # fmt: skip
    for h, n in zip(hours, plays, strict=True):
        print(f"{h.start:%H:%M}-{h.end:%H:%M}   {h.capacity_ms / 1000:11.1f} {h.booked_ms / 1000:10.1f} "
              f"{h.free_ms / 1000:10.1f}   " + say(lang, "capacity.plays", "{n} plays of {seconds:g} s", n=n,
                                                  seconds=seconds))  # fmt: skip
    total = [sum(getattr(h, f) for h in hours) / 1000 for f in ("capacity_ms", "booked_ms", "free_ms")]
    print(f"{say(lang, 'capacity.total', 'total'):13} {total[0]:11.1f} {total[1]:10.1f} {total[2]:10.1f}")
    print(say(lang, "capacity.plays_note", "plays: the most a new advertiser's booking of that one hour can have on "
              "this day (one more is refused); ads spread over the hour, a PSA item between ads, never two ads of "
              "one advertiser back to back"))  # fmt: skip
    for note in held:
        print(render(note, lang))
    return 0


def cmd_booking_add(args: argparse.Namespace, ctx: Context) -> int:
    try:
        plays = int(args.plays_per_day)
    except ValueError:
        raise ValidationError("schedule.not_whole", "{value!r} is not a whole number", field="plays_per_day",
                              value=args.plays_per_day) from None  # fmt: skip
    start, end = parse_date(args.start, "start"), parse_date(args.end, "end")
    screens = [x.strip() for x in args.screens.split(",") if x.strip()]
    terms = BookingFields(args.booking_id, args.advertiser, args.media, screens, args.category, plays, start, end,
                          args.band)  # fmt: skip
    with ctx.sessions().begin() as s:
        b = save_booking(s, terms, actor=ctx.actor, clock=ctx.clock, new=True).row
        print(
            f"booked: {b.id} for {b.advertiser_id}, {b.plays_per_day} plays a day of {b.media_id} on "
            f"{', '.join(b.screen_ids)}, {b.start_date}..{b.end_date}{', band ' + b.band if b.band else ''}"
        )
        if not b.media.approved:
            print(f"note: media {b.media_id} is not approved yet; it airs once approved")
    return 0


def cmd_booking_list(args: argparse.Namespace, ctx: Context) -> int:
    day = parse_date(args.date, "date") if args.date else None
    with ctx.sessions().begin() as s:
        rows = list_bookings(s, screen_id=args.screen, day=day)
        data = [{"id": b.id, "advertiser": b.advertiser_id, "media": b.media_id, "category": b.category,
                 "plays_per_day": b.plays_per_day, "start": b.start_date.isoformat(), "end": b.end_date.isoformat(),
                 "band": b.band, "status": b.status, "screens": b.screen_ids} for b in rows]  # fmt: skip
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    for b in rows:
        print(f"{b.id:16} {b.advertiser_id:16} {b.media_id:24} {b.plays_per_day:5}/day {b.start_date}..{b.end_date} "
              f"{b.band or 'all day':11} {b.status:9} {','.join(b.screen_ids)}")  # fmt: skip
    if not rows:
        print("no bookings")
    return 0
