"""`videotron demo`: the whole product on the embedded default, start to finish, for a bounded time.

Runs in the demo's own folder and SQLite database (`videotron.demo.home`; never the office's), generates demo
media, loads the demo office, does the treasurer's side (tariff, an SKRD for each booking, a receipt, as PDFs: the
default airing gate airs a booking once its SKRD is issued), compiles today's plan, and runs the player on it
(under a virtual X server when there is no display), saving screenshots; then says where it wrote.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from videotron.core.context import AppContext
from videotron.core.i18n import say
from videotron.core.migrate import upgrade
from videotron.core.paths import data_dir
from videotron.core.permissions import users_exist
from videotron.core.user_admin import add_user, random_password
from videotron.core.users import WrongPassword, authenticate
from videotron.demo.config import write_demo_config
from videotron.demo.home import demo_db_url, demo_home, inside
from videotron.demo.office import DEMO_SCREEN, DEMO_SIZE, write_demo_setup
from videotron.demo.xvfb import grab, virtual_display

DEMO_ADMIN = "admin"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="run the demo office end to end (SQLite, generated media, player)")
    p.add_argument("--seconds", type=int, default=45, help="how long the player runs (default 45)")
    p.add_argument("--out", type=Path, default=None, help="folder for screenshots and documents")
    p.add_argument("--no-player", action="store_true", help="skip the player window")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace, office: AppContext) -> int:
    """Run the demo in its own folder and database (`videotron.demo.home`), then say where it wrote and how the
    office starts clean."""
    language, home, office_folder = office.language, demo_home(), data_dir()
    if office.db_url:
        print(say(language, "demo.not_your_db", "the demo does not use {url}: it has a database of its own",
                  url=office.safe_db_url()))  # fmt: skip
    with inside(home):
        demo_config = write_demo_config(home / "demo")  # the demo office's identity, never a default an office prints
        ctx = AppContext(office.clock, db_url=demo_db_url(home), config_path=str(demo_config),
                         user=office.claimed_user, user_given=office.user_given)  # fmt: skip
        try:
            _demo(args, ctx, home, demo_config)
        finally:
            ctx.close()
    print("\n" + say(language, "demo.where", "The demo wrote only into its own folder {folder} (database {db}). "
                      "Your office's data folder {office} and its database were not touched.\nTo start your office: "
                      "write its configuration (README, Office configuration), then `videotron db upgrade`. To "
                      "remove the demo: delete {folder}.", folder=home, db=demo_db_url(home),
                      office=office_folder))  # fmt: skip
    return 0


def _demo(args: argparse.Namespace, ctx: AppContext, home: Path, demo_config: Path) -> None:
    language = ctx.language
    out = (args.out or home / "demo-output").resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(say(language, "demo.database", "database: {url}", url=ctx.safe_db_url()))
    print(say(language, "demo.config", "demo office configuration: {path} (the desk on it: videotron --config "
              "{path} --db {db} admin)", path=demo_config, db=ctx.url))  # fmt: skip
    backup = upgrade(ctx.engine())
    if backup:
        print("  " + say(language, "demo.backup", "(previous database copied to {path})", path=backup))
    today = ctx.config.today(ctx.clock)
    geometry = f"{DEMO_SIZE[0]}x{DEMO_SIZE[1]}+0+0"
    setup_path = write_demo_setup(home / "demo", today, geometry)
    print(say(language, "demo.setup", "demo setup: {path}", path=setup_path))
    setup = parse_setup(setup_path)
    actor = _demo_actor(ctx)
    with ctx.sessions().begin() as s:
        summary = apply_setup(s, setup, actor=actor, clock=ctx.clock)
    for line in summary.lines():
        print(f"  {line}")
    _treasurer(ctx, out, actor, today)  # first: the ads air once their SKRD is issued (the default airing gate)
    plan_file = _compile_plan(ctx, today, out)
    if not args.no_player:
        _run_player(ctx, plan_file, args.seconds, out)
    print("\n" + say(language, "demo.output", "demo output: {path}", path=out))


def _demo_actor(ctx: AppContext) -> str:
    """Who runs the demo's actions: on a database without users, a new `admin` with a made-up password (printed,
    and kept in a file readable only by you so the next demo run can log in again); otherwise a real login."""
    password_file = demo_home() / "demo" / "admin-password.txt"
    with ctx.sessions()() as s:
        has_users = users_exist(s)
    if not has_users:
        password = random_password()
        with ctx.sessions().begin() as s:
            add_user(s, DEMO_ADMIN, "admin", password, actor="demo", clock=ctx.clock)
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.touch(mode=0o600)
        password_file.chmod(0o600)  # before the password goes in, also when the file was already there
        password_file.write_text(password + "\n", encoding="utf-8")
        print(say(ctx.language, "demo.first_user", "created the first user: {name} (admin), password: {password}",
                  name=DEMO_ADMIN, password=password))  # fmt: skip
        print("  " + say(ctx.language, "demo.password_file", "(also in {path}; change it with `videotron --user "
                         "{name} user passwd {name}`)", path=password_file, name=DEMO_ADMIN))  # fmt: skip
        return DEMO_ADMIN
    if not ctx.user_given and password_file.exists():
        try:
            with ctx.sessions()() as s:
                name = authenticate(s, DEMO_ADMIN, password_file.read_text(encoding="utf-8").strip()).name
            print(say(ctx.language, "demo.acting_as", "acting as {name} (password in {path})", name=name,
                      path=password_file))  # fmt: skip
            return name
        except WrongPassword:
            pass
    return ctx.authenticated_actor()


def _compile_plan(ctx: AppContext, today: date, out: Path) -> Path:
    from playlists.planning import build_plan

    with ctx.sessions().begin() as s:
        plan = build_plan(s, DEMO_SCREEN, today, airing=ctx.config.airing)
    plan_file = out / f"plan-{DEMO_SCREEN}-{plan.date.isoformat()}.json"
    plan_file.write_text(plan.to_json(), encoding="utf-8")
    ads = sum(1 for i in plan.items if i.kind == "ad")
    print(say(ctx.language, "demo.plan", "plan {day}: {items} items, {ads} ad plays -> {path}", day=plan.date,
              items=len(plan.items), ads=ads, path=plan_file))  # fmt: skip
    if plan.texts:
        sold = sum(1 for t in plan.texts if t.kind == "ad")
        print(say(ctx.language, "demo.texts", "running text band: {n} text(s) today, {sold} of them sold", n=len(
            plan.texts), sold=sold))  # fmt: skip
    now = ctx.clock.now()
    upcoming = [i for i in plan.items if i.end > now][:6]
    for item in upcoming:
        who = f"  ({item.booking}, {item.advertiser})" if item.booking else ""
        print(f"  {item.start:%H:%M:%S}-{item.end:%H:%M:%S}  {item.kind:6} {item.media}{who}")
    return plan_file


def _treasurer(ctx: AppContext, out: Path, actor: str, today: date) -> None:
    from videotron.demo.treasurer import treasurer_demo

    for pdf in treasurer_demo(ctx, actor, out, today):
        print("  " + say(ctx.language, "demo.document", "document: {path}", path=pdf))


def _run_player(ctx: AppContext, plan_file: Path, seconds: int, out: Path) -> None:
    shots = out / "screenshots"
    shots.mkdir(exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    geometry = (DEMO_SIZE[0], DEMO_SIZE[1], 0, 0)
    if os.environ.get("DISPLAY"):
        _play(ctx, os.environ["DISPLAY"], plan_file, seconds, shots, geometry)
    else:
        print(say(ctx.language, "demo.xvfb", "no display: starting a virtual X server (Xvfb)"))
        with virtual_display(1024, 600) as display:
            _play(ctx, display, plan_file, seconds, shots, geometry)
    print(say(ctx.language, "demo.screenshots", "player screenshots: {path}", path=shots))
    for png in sorted(shots.glob("*.png")):
        print(f"  {png.name}")


def _play(ctx: AppContext, display: str, plan_file: Path, seconds: int, shots: Path,
          geometry: tuple[int, int, int, int]) -> None:  # fmt: skip
    env = dict(os.environ, DISPLAY=display)
    cmd = [sys.executable, "-m", "videotron.cli", "--db", ctx.url, "player", DEMO_SCREEN,
           "--exit-after", str(seconds)]  # fmt: skip
    print(say(ctx.language, "demo.playing", "player: playing today's plan for {seconds} s on {display} at {size}",
              seconds=seconds, display=display, size=f"{geometry[0]}x{geometry[1]}+0+0"))  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    started = time.monotonic()
    n = 0
    while proc.poll() is None:
        time.sleep(1)
        elapsed = time.monotonic() - started
        if elapsed >= 3 + n * 5 and elapsed < seconds:
            n += 1
            stamp = ctx.config.local(ctx.clock.now()).strftime("%H%M%S")
            try:
                grab(display, shots / f"screen-{n:02d}-{stamp}.png", geometry)
            except Exception as exc:  # a missed screenshot must not stop the demo
                print("  " + say(ctx.language, "demo.grab_failed", "(screenshot failed: {reason})", reason=exc))
    if proc.returncode != 0:
        print(say(ctx.language, "demo.player_exit", "player exited with code {code}", code=proc.returncode))
