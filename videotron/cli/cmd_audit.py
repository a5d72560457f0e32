"""`videotron audit verify|list|seal`: check the audit trail's hash chain and the rows bound to it, and read it.

`verify` exits 0 when every entry follows its predecessor and still has the content it was written with, every
money and identity row still has the digest the chain recorded for it (`videotron.core.audit_rows`), and every
anchor given still matches; 1 with one line per problem otherwise, naming the entry or the row. It prints the head
(newest entry number and hash): written down elsewhere, as on every signed document and in each desk's witness file,
it also exposes entries deleted from the end and a chain recomputed after an edit (`--anchor`, `--witness`).
`seal` (admin) records the digests of rows the chain does not cover yet: once, after upgrading a database whose
rows predate the binding.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from videotron.core.audit import AuditEntry, newest_rows, verify_chain
from videotron.core.audit_anchor import check_anchors, parse_anchor, read_witness
from videotron.core.audit_rows import verify_rows
from videotron.core.audit_seal import seal
from videotron.core.context import AppContext
from videotron.core.db import make_session_factory, read_only, transaction
from videotron.core.i18n import render, say, tr
from videotron.core.permissions import authorize


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="audit trail: verify the hash chain, list entries")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    asub.required = True
    vf = asub.add_parser("verify", help="check that no entry was altered, deleted or reordered")
    vf.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="SEQ:HASH",
        help="an audit head written down elsewhere (a document's footer): it must still be in the chain",
    )
    vf.add_argument(
        "--witness",
        nargs="?",
        const="",
        metavar="FILE",
        help="check every head in a witness file (default: this desk's, for this database)",
    )
    vf.set_defaults(func=cmd_verify)
    sl = asub.add_parser("seal", help="record the digests of rows not yet covered by the chain (admin, once)")
    sl.set_defaults(func=cmd_seal)
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
    anchors = [parse_anchor(a) for a in args.anchor]
    if args.witness is not None:
        anchors += read_witness(Path(args.witness) if args.witness else ctx.witness_file())
    with _reader(ctx)() as s:
        problems = verify_chain(s)
        rows = verify_rows(s, newest_rows(s))
        anchored = check_anchors(s, anchors)
        count = s.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)) or 0
        head = s.scalar(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1))
        seqs = {p.seq for p in problems} | {r.seq for r in rows if r.seq is not None}
        described = {e.seq: e for e in s.scalars(select(AuditEntry).where(AuditEntry.seq.in_(seqs)))}
    language = ctx.language
    for p in problems:
        e = described.get(p.seq)
        what = f" ({e.at:%Y-%m-%d %H:%M:%S} {e.actor} {e.action} {e.entity} {e.entity_id})" if e else ""
        print(say(language, "audit.entry", "audit entry {seq}", seq=p.seq) + f"{what}: {render(p.problem, language)}")
    for r in rows:
        e = described.get(r.seq) if r.seq is not None else None
        print(
            render(r.problem, language)
            + (f" ({e.at:%Y-%m-%d %H:%M:%S}Z {e.actor} {e.action} {e.entity_id})" if e else "")
        )
    for a, p in anchored:
        print(say(language, "audit.anchor", "audit head {anchor}", anchor=str(a)) + (f" ({a.where})" if a.where else "")
              + f": {render(p, language)}")  # fmt: skip
    if problems:
        print(say(language, "audit.broken", "audit trail NOT intact: {count} problem(s); the first altered, deleted "
                  "or reordered entry is {seq}", count=len(problems), seq=problems[0].seq))  # fmt: skip
    if rows:
        print(say(language, "audit.rows_broken", "{n:number} row(s) differ from the audit trail",
                  n=len(rows)))  # fmt: skip
    if anchored:
        print(say(language, "audit.anchors_broken", "{n:number} of {total:number} audit head(s) written down outside "
                  "the database no longer match", n=len(anchored), total=len(anchors)))  # fmt: skip
    if problems or rows or anchored:
        return 1
    print(say(language, "audit.intact", "audit trail intact: {count} entries, newest hash {head}", count=count,
              head=head or tr("(none)", language)))  # fmt: skip
    if anchors:
        print(say(language, "audit.anchors_ok", "{n:number} audit head(s) written down outside the database match",
                  n=len(anchors)))  # fmt: skip
    else:
        print(say(language, "audit.no_anchor", "without an audit head written down outside the database (--anchor, "
                  "--witness), deleting the newest entries or recomputing the chain would not show"))  # fmt: skip
    return 0


def cmd_seal(args: argparse.Namespace, ctx: AppContext) -> int:
    with transaction(ctx.sessions()) as s:
        authorize(s, ctx.authenticated_actor(), "audit.seal")
        count = seal(s, actor=ctx.actor, clock=ctx.clock)
    print(say(ctx.language, "audit.sealed", "{n:number} row(s) not covered before are now in the audit trail",
              n=count))  # fmt: skip
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
