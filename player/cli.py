"""`videotron player SCREEN` (the kiosk player) and `videotron playlog SCREEN --date DATE` (its proof of play)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from videotron.core.context import Context
from videotron.core.errors import ValidationError, VideotronError


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
    p.set_defaults(func=cmd_player)
    pl = sub.add_parser(
        "playlog",
        help="proof of play: `playlog SCREEN --date D` lists a day, `playlog verify SCREEN` checks the hash chain, "
        "`playlog import FILE` merges logs carried from an offline player",
    )
    pl.add_argument("words", nargs="+", metavar="SCREEN | verify SCREEN | import FILE")
    pl.add_argument("--date", help="YYYY-MM-DD (the plan's local date)")
    pl.add_argument("--json", action="store_true")
    pl.add_argument("--log-file", type=Path, metavar="FILE", help="local proof-of-play SQLite file")
    pl.add_argument("--check", action="store_true", help="also verify the hash chain (exit 1 when broken)")
    pl.set_defaults(func=cmd_playlog)


def cmd_player(args: argparse.Namespace, ctx: Context) -> int:
    from player.app import PlayerOptions, run_player
    from player.window import parse_geometry

    try:
        geometry = parse_geometry(args.geometry) if args.geometry else None
    except ValueError as exc:
        raise ValidationError([str(exc)], "--geometry") from None
    if args.exit_after is not None and args.exit_after <= 0:
        raise ValidationError(["--exit-after must be a positive number of seconds"])
    opts = PlayerOptions(screen=args.screen, geometry=geometry, fullscreen=args.fullscreen, plan_file=args.plan,
                         exit_after=args.exit_after, screenshots=args.screenshots, log_path=args.log_file)  # fmt: skip
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


def cmd_playlog(args: argparse.Namespace, ctx: Context) -> int:
    words = args.words
    if words[0] == "import":
        if len(words) != 2:
            raise ValidationError(["usage: videotron playlog import FILE"])
        return import_file(words[1], ctx)
    if words[0] == "verify":
        if len(words) != 2:
            raise ValidationError(["usage: videotron playlog verify SCREEN"])
        return verify_log(words[1], args.log_file, ctx)
    if len(words) != 1:
        raise ValidationError([f"unexpected {' '.join(words[1:])!r}: use `videotron playlog SCREEN --date YYYY-MM-DD`"])
    if not args.date:
        raise ValidationError(["--date YYYY-MM-DD is required to list a day's records"])
    args.screen = words[0]
    return list_day(args)


def import_file(file: str, ctx: Context) -> int:
    """Merge a play log carried from an offline player into the central `play_log` (idempotent)."""
    from playlists.playlog_import import import_play_logs

    if not Path(file).is_file():
        raise ValidationError([f"{file}: file not found"])
    with ctx.sessions().begin() as session:
        result = import_play_logs(session, file, actor=ctx.actor, clock=ctx.clock)
    print(f"{file}: {result.records} record(s), {result.added} added, {result.already} already stored")
    return 0


def verify_log(screen: str, log_file: Path | None, ctx: Context) -> int:
    """Walk the screen's hash chain in the central database and in this PC's local log (where they exist);
    name every record edited, deleted or reordered behind the program's back."""
    from player.playlog import LocalPlayLog, default_log_path
    from playlists.playlog_chain import central_rows, chain_problems

    broken = checked = 0
    try:
        with ctx.sessions().begin() as session:
            rows = central_rows(session, screen)
    except (VideotronError, SQLAlchemyError) as exc:
        print(f"{screen} central: not checked ({exc})")
    else:
        checked += 1
        problems = chain_problems(rows)
        for problem in problems:
            print(f"{screen} central {problem}")
        print(f"{screen} central: {len(rows)} record(s), chain {'BROKEN' if problems else 'intact'}")
        broken += bool(problems)
    path = log_file or default_log_path()
    if path.exists():
        store = LocalPlayLog(path)
        try:
            count = len(store.records(screen))
            problems = store.chain_problems(screen)
        finally:
            store.close()
        checked += 1
        for problem in problems:
            print(f"{screen} local {problem}")
        print(f"{screen} local: {count} record(s), chain {'BROKEN' if problems else 'intact'} ({path})")
        broken += bool(problems)
    if not checked:
        raise ValidationError([f"no play log to verify for {screen}: no database and no local log at {path}"])
    return 1 if broken else 0


def list_day(args: argparse.Namespace) -> int:
    from player.playlog import LocalPlayLog, default_log_path

    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise ValidationError([f"--date {args.date!r} is not YYYY-MM-DD"]) from None
    path = args.log_file or default_log_path()
    if not path.exists():
        raise ValidationError([f"{path}: no local play log here (has the player run on this PC?)"])
    store = LocalPlayLog(path)
    try:
        rows = store.records(args.screen, day.isoformat())
        problems = store.chain_problems(args.screen) if args.check else []
    finally:
        store.close()
    items = [{"id": r["id"], "seq": r["seq"], "media": r["media"], "sha256": r["sha256"], "booking": r["booking"],
              "planned_start": r["planned_start"], "planned_end": r["planned_end"], "start": r["started_at"],
              "end": r["ended_at"], "outcome": r["outcome"], "reason": r["reason"], "hash": r["hash"],
              "uploaded": bool(r["uploaded"])} for r in rows]  # fmt: skip
    if args.json:
        print(json.dumps({"screen": args.screen, "date": day.isoformat(), "items": items, "chain_problems": problems},
                         indent=1, ensure_ascii=False))  # fmt: skip
    else:
        for it in items:
            start = (it["start"] or "-")[11:23]
            print(f"{it['seq']:6d} {it['planned_start'][11:23]} {start:12s} {it['outcome']:8s} {it['media']:24s} "
                  f"{it['booking'] or '-':16s} {it['reason']}")  # fmt: skip
        print(f"{len(items)} record(s); times are UTC")
        for p in problems:
            print(f"chain: {p}")
    return 1 if problems else 0
