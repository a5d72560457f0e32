"""`videotron media add|approve|reject|list|verify|push`: the media library."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from playlists.media.blobs import push_media
from playlists.media.library import MediaFields, approve, list_media, prepare, reject, save_media, slug
from playlists.media.store import verify
from videotron.core.context import Context


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("media", help="media library: add, approve, reject, list, verify")
    msub = p.add_subparsers(dest="media_command", metavar="ACTION")
    msub.required = True
    add = msub.add_parser("add", help="probe a file and add it to the store")
    add.add_argument("file", type=Path)
    add.add_argument("--id", dest="media_id", help="media id (default: from the file name)")
    add.add_argument("--kind", choices=["ad", "psa", "filler"], default="psa")
    add.add_argument("--seconds", type=int, help="how long an image shows")
    add.add_argument("--title")
    add.set_defaults(func=cmd_add, field_flags={"id": "--id"})
    ap = msub.add_parser("approve", help="approve ad media for airing")
    ap.add_argument("media_id")
    ap.add_argument("--by", required=True, help="who approved it")
    ap.set_defaults(func=cmd_approve)
    rj = msub.add_parser("reject", help="reject ad media, with a reason")
    rj.add_argument("media_id")
    rj.add_argument("--reason", required=True)
    rj.set_defaults(func=cmd_reject)
    ls = msub.add_parser("list", help="list media")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    vf = msub.add_parser("verify", help="check every stored file against its sha256")
    vf.set_defaults(func=cmd_verify)
    ps = msub.add_parser("push", help="copy media files not yet in the database into it (for player PCs)")
    ps.set_defaults(func=cmd_push)


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    prepared = prepare(args.file, args.seconds)
    with ctx.sessions().begin() as s:
        fields = MediaFields(args.media_id or slug(args.file.stem), args.kind, prepared, args.title or "")
        saved = save_media(s, fields, actor=ctx.actor, clock=ctx.clock)
        media = saved.row
        kind = "image" if media.is_image else f"video {media.codec}"
        print(f"{'added' if saved.change else 'unchanged'}: {media.id} ({kind}, {media.width}x{media.height}, "
              f"{media.duration_ms / 1000:.2f} s, sha256 {media.sha256[:12]}...)")  # fmt: skip
        if media.kind == "ad" and not media.approved:
            print(f"note: ad media must be approved before it airs: videotron media approve {media.id} --by NAME")
    return 0


def cmd_approve(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        media = approve(s, args.media_id, by=args.by, actor=ctx.actor, clock=ctx.clock)
        print(f"approved: {media.id} by {media.approved_by}")
    return 0


def cmd_reject(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        media = reject(s, args.media_id, reason=args.reason, actor=ctx.actor, clock=ctx.clock)
        print(f"rejected: {media.id} ({media.rejected_reason})")
    return 0


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.sessions().begin() as s:
        rows = list_media(s)
        if args.json:
            print(json.dumps([
                {"id": m.id, "kind": m.kind, "is_image": m.is_image, "duration_ms": m.duration_ms,
                 "width": m.width, "height": m.height, "codec": m.codec, "sha256": m.sha256,
                 "approved": m.approved, "approved_by": m.approved_by, "rejected_reason": m.rejected_reason}
                for m in rows], indent=1))  # fmt: skip
            return 0
        for m in rows:
            state = "approved" if m.approved else ("rejected: " + m.rejected_reason if m.rejected_reason else "pending")
            print(f"{m.id:24} {m.kind:6} {m.duration_ms / 1000:8.2f} s {m.width}x{m.height:<5} {state}")
    return 0


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    bad = 0
    with ctx.sessions().begin() as s:
        for m in list_media(s):
            if not verify(m.stored_name, m.sha256):
                bad += 1
                print(f"DAMAGED or MISSING: {m.id} ({m.stored_name})")
    print("all media files verified" if not bad else f"{bad} media file(s) failed verification")
    return 0 if not bad else 1


def cmd_push(args: argparse.Namespace, ctx: Context) -> int:
    """Backfill `media_blob` from this PC's store (media added before players fetched media from the database)."""
    report = push_media(ctx.sessions(), ctx.actor)
    for media_id in report.pushed:
        print(f"pushed: {media_id}")
    for problem in report.unusable:
        print(f"NOT PUSHED: {problem}")
    print(f"{len(report.pushed)} pushed, {len(report.present)} already in the database, "
          f"{len(report.unusable)} not pushed")  # fmt: skip
    return 1 if report.unusable else 0
