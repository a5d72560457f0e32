"""Media files kept in the database as ~1 MiB chunks, so a player PC needs nothing but a database connection.

Each stored file is written once per sha256 (rows `media_blob(sha256, chunk, data)`, chunk numbers 0, 1, 2...),
in the same transaction as the media row that names it, so a desk that crashes mid-add leaves no half file in the
database. Players read the chunks back one by one (a 500 MB clip never sits in memory) and check the sha256 of
what they assembled before they use it: the database is a transport, not a source of trust. Plain Python.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Integer, LargeBinary, String, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from playlists.media.store import sha256_file, stored_path
from playlists.models import Media
from videotron.core.db import Base
from videotron.core.permissions import authorize

log = logging.getLogger(__name__)

CHUNK_BYTES = 1 << 20  # 1 MiB: small enough for any bytea/BLOB round trip, large enough to keep row counts low


class MediaBlob(Base):
    """One chunk of a stored media file, keyed by the file's sha256 and the chunk's position."""

    __tablename__ = "media_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    chunk: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


def has_blobs(session: Session, sha256: str) -> bool:
    return session.scalar(select(MediaBlob.chunk).where(MediaBlob.sha256 == sha256).limit(1)) is not None


def store_blobs(session: Session, sha256: str, path: Path) -> int:
    """Write `path` as chunks under `sha256` unless they are already there; returns the number of chunks written.

    Runs in the caller's transaction. The caller has hashed `path` (it is the content-addressed copy). Two desks
    adding the same new file at the same moment: the second one's transaction fails on the primary key and can
    simply be repeated (it then finds the chunks present).
    """
    if has_blobs(session, sha256):
        return 0
    written = 0
    with path.open("rb") as fh:
        while block := fh.read(CHUNK_BYTES):
            # Core insert, one chunk at a time: the ORM would keep every chunk of the file in the session.
            session.execute(insert(MediaBlob).values(sha256=sha256, chunk=written, data=block))
            written += 1
    if written == 0:  # an empty file cannot be media (refused earlier); keep one empty chunk so it is "present"
        session.execute(insert(MediaBlob).values(sha256=sha256, chunk=0, data=b""))
        written = 1
    return written


def chunk_count(session: Session, sha256: str) -> int:
    return int(session.scalar(select(func.count()).where(MediaBlob.sha256 == sha256)) or 0)


def iter_chunks(session: Session, sha256: str) -> Iterator[bytes]:
    """The chunks of one file in order, each read by its own query (constant memory)."""
    n = 0
    while (data := session.scalar(select(MediaBlob.data).where(MediaBlob.sha256 == sha256,
                                                                  MediaBlob.chunk == n))) is not None:  # fmt: skip
        yield bytes(data)
        n += 1


@dataclass
class PushReport:
    pushed: list[str]  # media ids whose file was written into the database now
    present: list[str]  # already there
    unusable: list[str]  # "id: why" (file missing or damaged in this PC's store)


def push_media(sessions: sessionmaker[Session], actor: str) -> PushReport:
    """`videotron media push`: copy every stored media file that is not in the database yet (one transaction
    per file, so an interrupted push keeps what it finished)."""
    report = PushReport([], [], [])
    with sessions() as s:
        authorize(s, actor, "media.add")
        rows = [(m.id, m.sha256, m.stored_name) for m in s.scalars(select(Media).order_by(Media.id))]
    for media_id, sha, stored_name in rows:
        with sessions.begin() as s:
            if has_blobs(s, sha):
                report.present.append(media_id)
                continue
            path = stored_path(stored_name)
            if not path.is_file():
                report.unusable.append(f"{media_id}: file missing from this PC's store ({path})")
                continue
            if sha256_file(path) != sha:
                report.unusable.append(f"{media_id}: stored file does not match its sha256 ({path})")
                continue
            chunks = store_blobs(s, sha, path)
            log.info("pushed media %s (%d chunk(s)) into the database", media_id, chunks)
            report.pushed.append(media_id)
    return report
