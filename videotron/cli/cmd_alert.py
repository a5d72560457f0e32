"""`videotron alert start|stop|list|cap|bmkg|watch` and `videotron makegood plan`: emergency alerts on the
screens, and the make-good plays for the ads they displaced."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from playlists.makegood_plan import plan_makegoods
from videotron.alerts.bmkg import DEFAULT_MAX_AGE, DEFAULT_MIN_MAGNITUDE, apply_bmkg, parse_bmkg
from videotron.alerts.cap import apply_cap, parse_cap
from videotron.alerts.models import Alert
from videotron.alerts.service import list_alerts, start_alert, stop_alert
from videotron.alerts.watch import WatchState, run_watch
from videotron.alerts.xmlsafe import MAX_BYTES
from videotron.core.context import AppContext
from videotron.core.errors import Place, ValidationError, VideotronError
from videotron.core.formats import zone_name
from videotron.core.i18n import say, tr
from videotron.core.permissions import authorize
from videotron.core.timeofday import parse_hhmm


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    a = sub.add_parser("alert", help="emergency alerts on the screens: start, stop, list, CAP, BMKG, watch")
    asub = a.add_subparsers(dest="alert_command", metavar="ACTION")
    asub.required = True
    st = asub.add_parser("start", help="put an alert on the screens now")
    st.add_argument("--message", required=True, help="the text to show (Bahasa Indonesia)")
    st.add_argument("--title", default=None, help="headline (default: PERINGATAN DARURAT)")
    st.add_argument("--media", help="a media id to show with the text")
    _screens_args(st)
    end = st.add_mutually_exclusive_group()
    end.add_argument("--until", metavar="HH:MM", help="end at this time of day (WIB; tomorrow if already past)")
    end.add_argument("--minutes", type=float, help="end after N minutes (default 60)")
    st.set_defaults(func=cmd_start, field_flags={"end": "--until"})

    sp = asub.add_parser("stop", help="stop one alert, or every alert on air")
    sp.add_argument("alert_id", nargs="?", type=int, metavar="ID")
    sp.set_defaults(func=cmd_stop)

    ls = asub.add_parser("list", help="alerts on air or scheduled")
    ls.add_argument("--all", dest="include_old", action="store_true", help="also the latest stopped or ended ones")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)

    cp = asub.add_parser("cap", help="start, update or cancel an alert from a CAP 1.2 message")
    cp.add_argument("file", type=Path, metavar="FILE.xml")
    _screens_args(cp)
    cp.set_defaults(func=cmd_cap)

    bm = asub.add_parser("bmkg", help="start an alert from BMKG's autogempa.xml / autogempa.json")
    bm.add_argument("file", type=Path)
    _feed_args(bm)
    _screens_args(bm)
    bm.set_defaults(func=cmd_bmkg)

    w = asub.add_parser("watch", help="poll a BMKG or CAP feed and start alerts by itself")
    w.add_argument("--url", required=True, metavar="URL|FILE", help="http(s) or file URL, or a path")
    w.add_argument("--every", type=float, default=60.0, metavar="SECONDS", help="seconds between polls (default 60)")
    w.add_argument("--max-runs", type=int, metavar="N", help="stop after N polls (default: run until Ctrl-C)")
    _feed_args(w)
    _screens_args(w)
    w.set_defaults(func=cmd_watch)

    m = sub.add_parser("makegood", help="make-good plays for ads displaced by alerts")
    msub = m.add_subparsers(dest="makegood_command", metavar="ACTION")
    msub.required = True
    mp = msub.add_parser("plan", help="add the owed plays to the plans from DATE on, within capacity")
    mp.add_argument("date", help="first day, YYYY-MM-DD")
    mp.add_argument("--screen", help="only this screen")
    mp.add_argument("--days", type=int, default=7, help="how many days from DATE to use (default 7)")
    mp.set_defaults(func=cmd_makegood_plan)


def _screens_args(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--screens", metavar="ID,...", help="comma-separated screen ids")
    g.add_argument("--all", dest="all_screens", action="store_true", help="every screen (the default)")


def _feed_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--min-magnitude", default=str(DEFAULT_MIN_MAGNITUDE), metavar="M",
                   help=f"BMKG: smallest magnitude that starts an alert (default {DEFAULT_MIN_MAGNITUDE})")  # fmt: skip
    p.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE.total_seconds() / 60, metavar="MINUTES",
                   help="BMKG: ignore quakes older than this (default 60)")  # fmt: skip


def _screen_ids(args: argparse.Namespace) -> list[str] | None:
    if not getattr(args, "screens", None):
        return None
    ids = [x.strip() for x in args.screens.split(",") if x.strip()]
    if not ids:
        raise ValidationError("alert.screens_empty", "{text!r} names no screen", field="screens", text=args.screens)
    return ids


def _magnitude(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValidationError("alert.magnitude_not_number", "{text!r} is not a number", field="min_magnitude",
                              text=text) from None  # fmt: skip
    if not 0 <= value <= 10:
        raise ValidationError("alert.magnitude_range", "{text} is not a magnitude between 0 and 10",
                              field="min_magnitude", text=text)  # fmt: skip
    return value


def until_time(text: str, now: datetime, zone: ZoneInfo) -> datetime:
    """HH:MM in the office's zone as the next such moment after `now`."""
    minutes = parse_hhmm(text, "until")
    midnight = datetime.combine(now.astimezone(zone).date(), datetime.min.time(), tzinfo=zone)
    moment = midnight + timedelta(minutes=minutes)
    return moment if moment > now else moment + timedelta(days=1)


def _read(path: Path) -> bytes:
    """At most one byte more than a message may have (the parser refuses it), whatever the file's size."""
    try:
        with path.open("rb") as f:
            return f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise VideotronError("file.unreadable", "cannot read: {why}", where=Place(str(path)),
                             why=exc.strerror or str(exc)) from None  # fmt: skip


def _describe(a: Alert, now: datetime, language: str, zone: ZoneInfo) -> str:
    where = tr("all screens", language) if a.all_screens else ", ".join(a.screen_ids)
    starts, ends = a.starts_at.astimezone(zone), a.ends_at.astimezone(zone)
    span = f"{starts:%d-%m %H:%M}-{ends:%H:%M} {zone_name(zone)}"
    return f"{a.id:>4} {tr(a.state(now), language):9} {span:22} {a.source:6} {where:24} {a.title}"


def cmd_start(args: argparse.Namespace, ctx: AppContext) -> int:
    actor, now = ctx.actor, ctx.clock.now()
    ends = until_time(args.until, now, ctx.config.zone) if args.until else None
    with ctx.sessions().begin() as s:
        a = start_alert(s, message=args.message, title=args.title or "", media_id=args.media,
                        screen_ids=_screen_ids(args), ends_at=ends, minutes=args.minutes, clock=ctx.clock,
                        actor=actor)  # fmt: skip
        what = _describe(a, a.issued_at, ctx.language, ctx.config.zone).split(maxsplit=1)[1]
        print(say(ctx.language, "alert.started", "alert {id} started: {what}", id=a.id, what=what))
    return 0


def cmd_stop(args: argparse.Namespace, ctx: AppContext) -> int:
    actor = ctx.actor
    with ctx.sessions().begin() as s:
        stopped = stop_alert(s, args.alert_id, clock=ctx.clock, actor=actor)
    if not stopped:
        print(say(ctx.language, "alert.none_stopped", "no alert on air: nothing stopped"))
    for a in stopped:
        print(say(ctx.language, "alert.stopped", "alert {id} stopped: {title}", id=a.id, title=a.title))
    return 0


def cmd_list(args: argparse.Namespace, ctx: AppContext) -> int:
    now = ctx.clock.now()
    with ctx.sessions().begin() as s:
        rows = list_alerts(s, now=now, include_old=args.include_old)
        if args.json:
            print(json.dumps([{"id": a.id, "state": a.state(now), "title": a.title, "message": a.message,
                               "screens": "all" if a.all_screens else a.screen_ids, "source": a.source,
                               "source_ref": a.source_ref, "issued_at": a.issued_at.isoformat(),
                               "issued_by": a.issued_by, "starts_at": a.starts_at.isoformat(),
                               "ends_at": a.ends_at.isoformat(),
                               "stopped_at": a.stopped_at.isoformat() if a.stopped_at else None} for a in rows],
                             ensure_ascii=False, indent=1))  # fmt: skip
            return 0
        if not rows:
            print(say(ctx.language, "alert.none_listed", "no alert on air or scheduled"))
        for a in rows:
            print(_describe(a, now, ctx.language, ctx.config.zone))
    return 0


def cmd_cap(args: argparse.Namespace, ctx: AppContext) -> int:
    msg = parse_cap(_read(args.file), str(args.file))
    actor = ctx.actor
    with ctx.sessions().begin() as s:
        result = apply_cap(s, msg, clock=ctx.clock, actor=actor, screen_ids=_screen_ids(args), source=str(args.file))
        print(f"{args.file}: {result.summary(ctx.language, ctx.config.zone)}")
    return 0


def cmd_bmkg(args: argparse.Namespace, ctx: AppContext) -> int:
    quake = parse_bmkg(_read(args.file), str(args.file))
    minimum, actor = _magnitude(args.min_magnitude), ctx.actor
    with ctx.sessions().begin() as s:
        result = apply_bmkg(s, quake, clock=ctx.clock, actor=actor, min_magnitude=minimum,
                            max_age=timedelta(minutes=args.max_age), screen_ids=_screen_ids(args),
                            source=str(args.file))  # fmt: skip
        print(f"{args.file}: {result.summary(ctx.language, ctx.config.zone)}")
    return 0


def cmd_watch(args: argparse.Namespace, ctx: AppContext) -> int:
    language = ctx.language
    if args.every < 0.1:
        raise ValidationError("watch.every", "{seconds:g} s is too short (at least 0.1)", field="every",
                              seconds=args.every)  # fmt: skip
    if args.max_runs is not None and args.max_runs < 1:
        raise ValidationError("watch.max_runs", "{runs} must be at least 1", field="max_runs", runs=args.max_runs)
    with ctx.sessions()() as s:  # refused before watching, not found out at the first message (exit 2)
        for permission in ("alert.start", "alert.stop"):
            authorize(s, ctx.actor, permission)
    state = WatchState(source=args.url, sessions=ctx.sessions(), clock=ctx.clock, actor=ctx.actor,
                       min_magnitude=_magnitude(args.min_magnitude), max_age=timedelta(minutes=args.max_age),
                       screen_ids=_screen_ids(args), max_runs=args.max_runs, language=language,
                       zone=ctx.config.zone)  # fmt: skip
    if args.max_runs:
        print(say(language, "watch.start_runs", "watching {url} every {seconds:g} s, {runs} run(s)", url=args.url,
                  seconds=args.every, runs=args.max_runs))  # fmt: skip
    else:
        print(say(language, "watch.start", "watching {url} every {seconds:g} s", url=args.url, seconds=args.every))
    run_watch(state, args.every)
    for n, outcome in enumerate(state.outcomes, 1):
        print(say(language, "watch.run", "run {n}: {outcome}", n=n, outcome=outcome))
    if state.denied is not None:
        raise state.denied
    return 0


def cmd_makegood_plan(args: argparse.Namespace, ctx: AppContext) -> int:
    language = ctx.language
    try:
        start = date.fromisoformat(args.date)
    except ValueError:
        raise ValidationError("makegood.date", "{text!r} is not a date YYYY-MM-DD", field="date",
                              text=args.date) from None  # fmt: skip
    if start < ctx.config.today(ctx.clock):
        raise ValidationError("makegood.past", "{day} is in the past; make-goods are planned from today on",
                              field="date", day=start.isoformat())  # fmt: skip
    actor = ctx.actor
    with ctx.sessions().begin() as s:
        result = plan_makegoods(s, start, clock=ctx.clock, actor=actor, days=args.days, screen_id=args.screen)
    if not result.owed:
        print(say(language, "makegood.none", "no make-good plays owed: nothing to plan"))
    for (bid, sid), owed in sorted(result.owed.items()):
        print(say(language, "makegood.owed", "booking {booking} on {screen}: {plays} play(s) owed", booking=bid,
                  screen=sid, plays=owed))  # fmt: skip
    for g in result.grants:
        print("  " + say(language, "makegood.granted", "granted {plays} extra play(s) of {booking} on {screen} on "
                         "{day}", plays=g.plays, booking=g.booking_id, screen=g.screen_id, day=g.day))  # fmt: skip
    for u in result.unfit:
        print("  " + say(language, "makegood.unfit", "cannot fit {plays} play(s) of {booking} on {screen}: {reason}",
                         plays=u.plays, booking=u.booking_id, screen=u.screen_id, reason=u.reason))  # fmt: skip
    return 0
