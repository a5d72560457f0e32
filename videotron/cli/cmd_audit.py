"""`videotron audit verify|list`: check the audit trail's hash chain, and read it.

`verify` exits 0 when every entry follows its predecessor and still has the content it was written with, and 1
with one line per problem otherwise, naming the entry (the first one named is where tampering starts). It
prints the newest entry's hash: written down elsewhere (a monthly report, a notebook), it also exposes entries
deleted from the end, which a chain alone cannot.
"""

from __future__ import annotations

import argparse
import json

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.context import AppContext
from videotron.core.db import make_session_factory, read_only
from videotron.core.i18n import render, say, tr


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="audit trail: verify the hash chain, list entries")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    asub.required = True
    vf = asub.add_parser("verify", help="check that no entry was altered, deleted or reordered")
    vf.set_defaults(func=cmd_verify)
    ls = asub.add_parser("list", help="list entries, newest first")
    ls.add_argument("--entity", help="only this kind of record (assessment, media, booking, user, ...)")
    ls.add_argument("--id", dest="entity_id", help="only this record (with --entity)")
    ls.add_argument("--limit", type=int, default=50, help="at most this many entries (default 50)")
    ls.add_argument("--json", action="store_true", help="with the record before and after")
    ls.set_defaults(func=cmd_list)


def _reader(ctx: AppContext) -> sessionmaker[Session]:
    ctx.sessions()  # checks the schema
    return make_session_factory(read_only(ctx.engine()))


def cmd_verify(args: argparse.Namespace, ctx: AppContext) -> int:
    with _reader(ctx)() as s:
        problems = verify_chain(s)
        count = s.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)) or 0
        head = s.scalar(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1))
        described = {
            e.seq: e for e in s.scalars(select(AuditEntry).where(AuditEntry.seq.in_({p.seq for p in problems})))
        }
    language = ctx.language
    for p in problems:
        e = described.get(p.seq)
        what = f" ({e.at:%Y-%m-%d %H:%M:%S} {e.actor} {e.action} {e.entity} {e.entity_id})" if e else ""
        print(say(language, "audit.entry", "audit entry {seq}", seq=p.seq) + f"{what}: {render(p.problem, language)}")
    if problems:
        print(say(language, "audit.broken", "audit trail NOT intact: {count} problem(s); the first altered, deleted "
                  "or reordered entry is {seq}", count=len(problems), seq=problems[0].seq))  # fmt: skip
        return 1
    print(say(language, "audit.intact", "audit trail intact: {count} entries, newest hash {head}", count=count,
              head=head or tr("(none)", language)))  # fmt: skip
    return 0


def cmd_list(args: argparse.Namespace, ctx: AppContext) -> int:
    query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(max(1, args.limit))
    if args.entity:
        query = query.where(AuditEntry.entity == args.entity)
    if args.entity_id:
        query = query.where(AuditEntry.entity_id == args.entity_id)
    with _reader(ctx)() as s:
        entries = list(s.scalars(query))
        if args.json:
            rows = [
                {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action, "entity": e.entity,
                 "id": e.entity_id, "before": _parsed(e.before), "after": _parsed(e.after), "hash": e.hash}
                for e in entries
            ]  # fmt: skip
            print(json.dumps(rows, indent=1, ensure_ascii=False))
            return 0
        for e in entries:
            print(f"{e.seq:>7}  {e.at:%Y-%m-%d %H:%M:%S}Z  {e.actor:16} {e.action:18} {e.entity} {e.entity_id}")
    return 0


def _parsed(text: str) -> object:
    """The stored JSON, or the raw text if someone wrote something else into the row."""
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text
