"""Media library actions: add (probe + store), approve, reject. Each runs in the caller's transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists.media.blobs import store_blobs
from playlists.media.probe import ProbeResult, probe
from playlists.media.store import check_size, store, stored_path
from playlists.models import MEDIA_KINDS, Media
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import NotFound, VideotronError
from videotron.core.permissions import authorize

ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,63}"
MAX_IMAGE_SECONDS = 3600


@dataclass(frozen=True)
class PreparedMedia:
    """A probed file ready to be recorded: everything checked before anything is written."""

    path: Path
    probe: ProbeResult
    duration_ms: int


def slug(text: str) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:64] or "media"


def check_id(media_id: str) -> None:
    if not re.fullmatch(ID_PATTERN, media_id):
        raise VideotronError(f"media id {media_id!r} is not valid: use lowercase letters, digits and '-'")


def check_kind(kind: str) -> None:
    if kind not in MEDIA_KINDS:
        raise VideotronError(f"media kind {kind!r} is not one of {', '.join(MEDIA_KINDS)}")


def prepare(path: Path, seconds: int | None) -> PreparedMedia:
    """Probe and check a file; raise with the file name and what is wrong."""
    if path.is_file():
        check_size(path)  # before probing: a 10 GB mistake is refused at once, not after ffprobe has read it
    result = probe(path)
    if result.is_image:
        if seconds is None:
            raise VideotronError(f"{path}: is an image; say how long it shows with --seconds (setup file: seconds)")
        if not 1 <= seconds <= MAX_IMAGE_SECONDS:
            raise VideotronError(f"{path}: seconds must be between 1 and {MAX_IMAGE_SECONDS}, got {seconds}")
        return PreparedMedia(path, result, seconds * 1000)
    if seconds is not None:
        raise VideotronError(f"{path}: is a video of {result.duration_ms / 1000:.2f} s; seconds is only for images")
    return PreparedMedia(path, result, result.duration_ms)


def record_media(
    session: Session,
    prepared: PreparedMedia,
    *,
    media_id: str,
    kind: str,
    actor: str,
    clock: Clock,
    title: str | None = None,
    approved_by: str | None = None,
) -> tuple[Media, bool]:
    """Store the file and create or update the media row. Returns (media, changed)."""
    authorize(session, actor, "media.add")
    check_id(media_id)
    check_kind(kind)
    sha, stored_name, size = store(prepared.path)
    store_blobs(session, sha, stored_path(stored_name))  # the players' copy, in this transaction (no-op if present)
    p = prepared.probe
    fields = {
        "kind": kind, "title": title or media_id, "original_name": prepared.path.name, "sha256": sha,
        "stored_name": stored_name, "size_bytes": size, "is_image": p.is_image, "duration_ms": prepared.duration_ms,
        "width": p.width, "height": p.height, "codec": p.codec,
    }  # fmt: skip
    media = session.get(Media, media_id)
    now = clock.now()
    if media is None:
        media = Media(id=media_id, added_at=now, **fields)
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
    if approved_by and kind == "ad" and (media.approved_by != approved_by or media.rejected_reason):
        media.approved_by, media.approved_at, media.rejected_reason = approved_by, now, None
    after = media_snapshot(media)
    changed = before != after
    if changed:
        audit.record(session, actor=actor, action="media.add" if before is None else "media.update",
                     entity="media", entity_id=media_id, before=before, after=after, clock=clock)  # fmt: skip
    session.flush()
    return media, changed


def media_snapshot(media: Media) -> dict[str, object]:
    return {
        "kind": media.kind, "title": media.title, "sha256": media.sha256, "duration_ms": media.duration_ms,
        "size": [media.width, media.height], "codec": media.codec, "approved_by": media.approved_by,
        "rejected_reason": media.rejected_reason,
    }  # fmt: skip


def get_media(session: Session, media_id: str) -> Media:
    media = session.get(Media, media_id)
    if media is None:
        raise NotFound(f"media {media_id!r} does not exist (see `videotron media list`)")
    return media


def approve(session: Session, media_id: str, *, by: str, actor: str, clock: Clock) -> Media:
    authorize(session, actor, "media.approve")
    if not by.strip():
        raise VideotronError("approval needs the approver's name (--by)")
    media = get_media(session, media_id)
    before = media_snapshot(media)
    media.approved_by, media.approved_at, media.rejected_reason = by.strip(), clock.now(), None
    audit.record(session, actor=actor, action="media.approve", entity="media", entity_id=media_id,
                 before=before, after=media_snapshot(media), clock=clock)  # fmt: skip
    return media


def reject(session: Session, media_id: str, *, reason: str, actor: str, clock: Clock) -> Media:
    authorize(session, actor, "media.approve")
    if not reason.strip():
        raise VideotronError("a rejection needs a reason (--reason), e.g. 'iklan rokok dilarang'")
    media = get_media(session, media_id)
    before = media_snapshot(media)
    media.rejected_reason = reason.strip()
    media.approved_by = media.approved_at = None
    audit.record(session, actor=actor, action="media.reject", entity="media", entity_id=media_id,
                 before=before, after=media_snapshot(media), clock=clock)  # fmt: skip
    return media


def list_media(session: Session) -> list[Media]:
    return list(session.scalars(select(Media).order_by(Media.id)))
