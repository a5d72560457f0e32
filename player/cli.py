"""`videotron player SCREEN` (the kiosk player) and `videotron playlog SCREEN --date DATE` (its proof of play)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from videotron.core.context import AppContext
from videotron.core.errors import ValidationError
from videotron.core.i18n import say, tr


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("player", help="play a screen's plan in a borderless window (the kiosk player)")
    p.add_argument("screen", help="screen id")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--geometry", metavar="WxH+X+Y", help="exact window rectangle (default: the screen's)")
    where.add_argument("--fullscreen", action="store_true", help="cover the whole display")
    p.add_argument("--plan", type=Path, metavar="FILE.json", help="run this exported plan (no database needed)")
    p.add_argument("--exit-after", type=float, metavar="SECONDS", help="quit after this many seconds (tests, demo)")
    p.add_argument("--screenshots", type=Path, metavar="DIR", help="save a PNG of every item shortly after it starts")
    p.add_argument("--log-file", type=Path, metavar="FILE", help="local proof-of-play SQLite file (default: data dir)")
    p.add_argument("--days-ahead", type=int, default=14, metavar="N",
                   help="compile and cache the plans of N days ahead, with their media (default 14)")  # fmt: skip
    p.add_argument("--refresh-every", type=float, default=30.0, metavar="SECONDS", dest="refresh_s",
                   help="fetch the plan from the database this often (default 30)")  # fmt: skip
    p.set_defaults(func=cmd_player)
    pl = sub.add_parser(
        "playlog",
        help="proof of play: `playlog SCREEN --date D` lists a day, `playlog verify [SCREEN]` checks the hash chains "
        "and signatures, `playlog import FILE` merges logs carried from an offline player",
    )
    pl.add_argument("words", nargs="+", metavar="SCREEN | verify [SCREEN] | import FILE")
    pl.add_argument("--date", help="YYYY-MM-DD (the plan's local date)")
    pl.add_argument("--json", action="store_true")
    pl.add_argument("--log-file", type=Path, metavar="FILE", help="local proof-of-play SQLite file")
    pl.add_argument("--check", action="store_true", help="also verify the hash chain (exit 1 when broken)")
    pl.set_defaults(func=cmd_playlog)


def cmd_player(args: argparse.Namespace, ctx: AppContext) -> int:
    from player.app import PlayerOptions, run_player
    from player.window import parse_geometry

    try:
        geometry = parse_geometry(args.geometry) if args.geometry else None
    except ValueError:
        raise ValidationError("player.geometry", "{text!r} is not WxH+X+Y (e.g. 384x192+0+0)", field="geometry",
                              text=args.geometry) from None  # fmt: skip
    if args.exit_after is not None and args.exit_after <= 0:
        raise ValidationError("player.exit_after", "must be a positive number of seconds", field="exit_after")
    if not 1 <= args.days_ahead <= 366:
        raise ValidationError("player.days_ahead", "must be a whole number of days from 1 to 366", field="days_ahead")
    if not 1 <= args.refresh_s <= 86400:
        raise ValidationError("player.refresh", "must be 1 to 86400 seconds", field="refresh_s")
    opts = PlayerOptions(screen=args.screen, geometry=geometry, fullscreen=args.fullscreen, plan_file=args.plan,
                         exit_after=args.exit_after, screenshots=args.screenshots, log_path=args.log_file,
                         days_ahead=args.days_ahead, refresh_s=args.refresh_s)  # fmt: skip
    # With --plan the database is only used when one is named explicitly (heartbeat, upload).
    sessions = None
    if not args.plan or ctx.db_url:
        import logging

        from sqlalchemy.exc import OperationalError

        try:
            sessions = ctx.sessions()
        except OperationalError as exc:  # server unreachable: the cached plan now, the database when it answers
            logging.getLogger(__name__).warning("database unreachable, playing the cached plan; uploads and plan "
                                                "refreshes retry in the background: %s", exc.orig)  # fmt: skip
            sessions = ctx.sessions(check_schema=False)
        except Exception as exc:  # a schema this player does not know: offline for this run
            logging.getLogger(__name__).warning("database not usable, playing offline: %s", exc)
    return run_player(opts, ctx.clock, sessions)


def cmd_playlog(args: argparse.Namespace, ctx: AppContext) -> int:
    words = args.words
    if (words[0] == "import" and len(words) != 2) or (words[0] == "verify" and len(words) > 2):
        raise ValidationError("playlog.usage", "usage: videotron playlog {action} {what}", action=words[0],
                              what="FILE" if words[0] == "import" else "[SCREEN]")  # fmt: skip
    if words[0] == "import":
        return import_file(words[1], ctx)
    if words[0] == "verify":
        from player.playlog_verify import verify_log

        return verify_log(words[1] if len(words) == 2 else None, args.log_file, ctx)
    if len(words) != 1:
        raise ValidationError("playlog.unexpected", "unexpected {words!r}: use `videotron playlog SCREEN --date "
                              "YYYY-MM-DD`", words=" ".join(words[1:]))  # fmt: skip
    if not args.date:
        raise ValidationError("playlog.date_required", "YYYY-MM-DD is required to list a day's records", field="date")
    args.screen = words[0]
    return list_day(args, ctx.language)


def import_file(file: str, ctx: AppContext) -> int:
    """Merge a play log carried from an offline player into the central `play_log` (idempotent)."""
    from playlists.playlog_import import import_play_logs

    if not Path(file).is_file():
        raise ValidationError("playlog.no_file", "{file}: file not found", file=file)
    with ctx.sessions().begin() as session:
        result = import_play_logs(session, file, actor=ctx.actor, clock=ctx.clock)
    print(say(ctx.language, "playlog.imported", "{file}: {records} record(s), {added} added, {already} already "
              "stored", file=file, records=result.records, added=result.added, already=result.already))  # fmt: skip
    return 0


def _texts_shown(path: Path, screen: str, day: str) -> list[dict[str, object]]:
    """The running texts' proof of display of `day` in the local log (player.text_log)."""
    from player.text_log import LocalTextLog

    store = LocalTextLog(path, "")
    try:
        return [{"text": r["text_id"], "booking": r["booking"], "shown_ms": r["shown_ms"], "loops": r["loops"],
                 "first_at": r["first_at"], "last_at": r["last_at"],
                 "uploaded": r["version"] == r["uploaded_version"]} for r in store.rows(screen, day)]  # fmt: skip
    finally:
        store.close()


def list_day(args: argparse.Namespace, language: str) -> int:
    from player.playlog import LocalPlayLog, default_log_path

    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise ValidationError("playlog.date", "{text!r} is not YYYY-MM-DD", field="date", text=args.date) from None
    path = args.log_file or default_log_path()
    if not path.exists():
        raise ValidationError("playlog.no_local_log", "{path}: no local play log here (has the player run on this "
                              "PC?)", path=str(path))  # fmt: skip
    store = LocalPlayLog(path)
    try:
        rows = store.records(args.screen, day.isoformat())
        problems = store.chain_problems(args.screen) if args.check else []
    finally:
        store.close()
    texts = _texts_shown(path, args.screen, day.isoformat())
    items = [{"id": r["id"], "seq": r["seq"], "media": r["media"], "sha256": r["sha256"], "booking": r["booking"],
              "planned_start": r["planned_start"], "planned_end": r["planned_end"], "start": r["started_at"],
              "end": r["ended_at"], "outcome": r["outcome"], "reason": r["reason"], "hash": r["hash"],
              "uploaded": bool(r["uploaded"])} for r in rows]  # fmt: skip
    if args.json:
        print(json.dumps({"screen": args.screen, "date": day.isoformat(), "items": items, "texts": texts,
                          "chain_problems": problems}, indent=1, ensure_ascii=False))  # fmt: skip
    else:
        for it in items:
            start = (it["start"] or "-")[11:23]
            print(f"{it['seq']:6d} {it['planned_start'][11:23]} {start:12s} {it['outcome']:8s} {it['media']:24s} "
                  f"{it['booking'] or '-':16s} {it['reason']}")  # fmt: skip
        print(say(language, "playlog.day_count", "{count} record(s); times are UTC", count=len(items)))
        for t in texts:
            print(say(language, "playlog.text_shown", "running text {message} ({booking}): {seconds} s in the band, "
                      "{loops} complete loop(s)", message=t["text"], booking=t["booking"] or "-",
                      seconds=f"{t['shown_ms'] / 1000:.1f}", loops=t["loops"]))  # fmt: skip
        for p in problems:
            print(f"{tr('chain', language)}: {p}")
    return 1 if problems else 0
