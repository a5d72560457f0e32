"""The media library: the one place a media item is saved (`save_media`: probe, store, record), approved or rejected.
Each runs in the caller's transaction and is audited as `media.create`, `media.update`, `media.approve`,
`media.reject`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists import checks
from playlists.media.blobs import store_blobs
from playlists.media.probe import ProbeResult, probe
from playlists.media.store import check_size, store, stored_path
from playlists.models import MEDIA_KINDS, Media
from playlists.saving import ID_PATTERN, Change, Saved, refuse
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import NotFound, Problem, VideotronError, problem
from videotron.core.permissions import authorize

MAX_IMAGE_SECONDS = 3600


@dataclass(frozen=True)
class PreparedMedia:
    """A probed file ready to be recorded: everything checked before anything is written."""

    path: Path
    probe: ProbeResult
    duration_ms: int


@dataclass(frozen=True)
class MediaFields:
    """A media item to save: its id, kind and probed file."""

    id: str
    kind: str
    prepared: PreparedMedia
    title: str = ""  # default: the id
    approved_by: str | None = None  # ads only: the setup file may say who approved it


def slug(text: str) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:64] or "media"


def prepare(path: Path, seconds: int | None) -> PreparedMedia:
    """Probe and check a file; raise with the file name and what is wrong."""
    if path.is_file():
        check_size(path)  # before probing: a 10 GB mistake is refused at once, not after ffprobe has read it
    result = probe(path)
    if result.is_image:
        if seconds is None:
            raise VideotronError("media.image_needs_seconds", "{path} is an image; say how long it shows",
                                 field="seconds", path=path)  # fmt: skip
        if not 1 <= seconds <= MAX_IMAGE_SECONDS:
            raise VideotronError("media.image_seconds", "{path}: seconds must be between 1 and {maximum}, got {value}",
                                 path=path, maximum=MAX_IMAGE_SECONDS, value=seconds)  # fmt: skip
        return PreparedMedia(path, result, seconds * 1000)
    if seconds is not None:
        raise VideotronError("media.video_seconds", "{path} is a video of {seconds:.2f} s; seconds is only for images",
                             field="seconds", path=path, seconds=result.duration_ms / 1000)  # fmt: skip
    return PreparedMedia(path, result, result.duration_ms)


def media_problems(spec: MediaFields) -> list[Problem]:
    out: checks.Problems = []
    checks.matches(out, "id", spec.id, ID_PATTERN)
    checks.one_of(out, "kind", spec.kind, MEDIA_KINDS)
    checks.longest(out, "title", spec.title, 300)
    checks.longest(out, "approved_by", spec.approved_by or "", 200)
    if spec.approved_by and spec.kind != "ad":
        out.append(problem("media.approval_not_ad", "only ad media needs approval; PSA and filler are the office's "
                           "own content", "approved_by"))  # fmt: skip
    return out


def save_media(session: Session, spec: MediaFields, *, actor: str, clock: Clock) -> Saved[Media]:
    """Store the file and create or update the media row. New content of an ad must be approved again."""
    authorize(session, actor, "media.add")
    refuse(media_problems(spec), f"media {spec.id}")
    prepared, kind = spec.prepared, spec.kind
    sha, stored_name, size = store(prepared.path)
    store_blobs(session, sha, stored_path(stored_name))  # the players' copy, in this transaction (no-op if present)
    p = prepared.probe
    fields = {
        "kind": kind, "title": spec.title or spec.id, "original_name": prepared.path.name, "sha256": sha,
        "stored_name": stored_name, "size_bytes": size, "is_image": p.is_image, "duration_ms": prepared.duration_ms,
        "width": p.width, "height": p.height, "codec": p.codec,
    }  # fmt: skip
    media = session.get(Media, spec.id)
    now = clock.now()
    if media is None:
        media = Media(id=spec.id, added_at=now, **fields)
        if kind != "ad":
            media.approved_by, media.approved_at = "(non-commercial)", now
        session.add(media)
        before = None
    else:
        before = media_snapshot(media)
        content_changed = media.sha256 != sha
        for key, value in fields.items():
            if key == "original_name" and not content_changed:
                continue
            setattr(media, key, value)
        if content_changed and kind == "ad":
            media.approved_by = media.approved_at = None  # new content must be approved again
    approver = spec.approved_by
    if approver and kind == "ad" and (media.approved_by != approver or media.rejected_reason):
        media.approved_by, media.approved_at, media.rejected_reason = approver, now, None
    after = media_snapshot(media)
    change: Change = None if before == after else "create" if before is None else "update"
    if change:
        audit.record(session, actor=actor, action=f"media.{change}", entity="media", entity_id=spec.id,
                     before=before, after=after, clock=clock)  # fmt: skip
    session.flush()
    return Saved(media, change)


def media_snapshot(media: Media) -> dict[str, object]:
    return {
        "kind": media.kind, "title": media.title, "sha256": media.sha256, "duration_ms": media.duration_ms,
        "size": [media.width, media.height], "codec": media.codec, "approved_by": media.approved_by,
        "rejected_reason": media.rejected_reason,
    }  # fmt: skip


def get_media(session: Session, media_id: str) -> Media:
    media = session.get(Media, media_id)
    if media is None:
        raise NotFound("media.not_found", "media {value!r} does not exist", value=media_id)
    return media


def approve(session: Session, media_id: str, *, by: str, actor: str, clock: Clock) -> Media:
    authorize(session, actor, "media.approve")
    if not by.strip():
        raise VideotronError("media.approver_missing", "approval needs the approver's name", field="by")
    media = get_media(session, media_id)
    before = media_snapshot(media)
    media.approved_by, media.approved_at, media.rejected_reason = by.strip(), clock.now(), None
    audit.record(session, actor=actor, action="media.approve", entity="media", entity_id=media_id,
                 before=before, after=media_snapshot(media), clock=clock)  # fmt: skip
    return media


def reject(session: Session, media_id: str, *, reason: str, actor: str, clock: Clock) -> Media:
    authorize(session, actor, "media.approve")
    if not reason.strip():
        raise VideotronError("media.reason_missing", "a rejection needs a reason, e.g. 'iklan rokok dilarang'",
                             field="reason")  # fmt: skip
    media = get_media(session, media_id)
    before = media_snapshot(media)
    media.rejected_reason = reason.strip()
    media.approved_by = media.approved_at = None
    audit.record(session, actor=actor, action="media.reject", entity="media", entity_id=media_id,
                 before=before, after=media_snapshot(media), clock=clock)  # fmt: skip
    return media


def list_media(session: Session) -> list[Media]:
    return list(session.scalars(select(Media).order_by(Media.id)))
