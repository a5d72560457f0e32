"""`videotron db upgrade|status`: schema migrations."""

from __future__ import annotations

import argparse
import logging
import sys

from videotron.core.context import AppContext
from videotron.core.db import exposed_files
from videotron.core.i18n import say, tr
from videotron.core.logins import admin_for_upgrade
from videotron.core.migrate import check_not_newer, current_revisions, known_heads, upgrade

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("db", help="database schema")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION")
    dsub.required = True
    up = dsub.add_parser("upgrade", help="create or migrate the schema to the newest revision (once the database "
                         "has users: as an admin, --user NAME)")  # fmt: skip
    up.set_defaults(func=cmd_upgrade)
    st = dsub.add_parser("status", help="show the schema revision")
    st.set_defaults(func=cmd_status)


def cmd_upgrade(args: argparse.Namespace, ctx: AppContext) -> int:
    language = ctx.language
    check_not_newer(ctx.engine())
    who = admin_for_upgrade(ctx.engine(), ctx.claimed_user if ctx.user_given else None, ctx.ask_password)
    backup = upgrade(ctx.engine())
    if who is not None:
        log.info("database %s upgraded by %s", ctx.safe_db_url(), who)
    if backup:
        print(say(language, "db.backup", "previous database copied to {path}", path=backup))
    print(say(language, "db.at_revision", "database {url} is at revision {revisions:list}", url=ctx.safe_db_url(),
              revisions=sorted(current_revisions(ctx.engine()))))  # fmt: skip
    return 0


def cmd_status(args: argparse.Namespace, ctx: AppContext) -> int:
    language = ctx.language
    check_not_newer(ctx.engine())
    current = current_revisions(ctx.engine())
    heads = known_heads(ctx.engine())
    print(f"{tr('database', language)}: {ctx.safe_db_url()}")
    for path, mode in exposed_files(ctx.url):
        print(say(language, "db.exposed", "warning: {path} can be read by other users (mode {mode}); it holds password "
                  "hashes and money records: chmod {fix} it", path=path, mode=f"{mode:o}",
                  fix="700" if path.is_dir() else "600"), file=sys.stderr)  # fmt: skip
    print(f"{tr('revision', language)}: {', '.join(sorted(current)) or tr('(empty)', language)}")
    if current == heads:
        print(tr("up to date", language))
        return 0
    print(
        say(language, "db.needs_upgrade", "needs `videotron db upgrade` to {revisions:list}", revisions=sorted(heads))
    )
    return 1
