"""Content-addressed media store: each file is kept once under the data folder, named by its sha256.

Adding a file hashes it while copying into a temporary name, then renames it into place, so a crash never
leaves a half-copied file under a real name. Any stored copy can be verified against its name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from videotron.core.errors import VideotronError
from videotron.core.paths import media_store_dir

MAX_MEDIA_BYTES = 4 * 1024**3  # 4 GiB: far beyond any spot; a 10 GB file is a mistake


def stored_path(stored_name: str) -> Path:
    """Absolute path of a stored media file (`Media.stored_name` is relative to the media store)."""
    return media_store_dir() / stored_name


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def check_size(path: Path) -> int:
    size = path.stat().st_size
    if size > MAX_MEDIA_BYTES:
        raise VideotronError("media.file_too_large", "{path}: {gib:.1f} GiB is larger than the {limit} GiB limit "
                             "for one media file; re-encode it for the screen's resolution", path=path,
                             gib=size / 1024**3, limit=MAX_MEDIA_BYTES // 1024**3)  # fmt: skip
    return size


def store(path: Path) -> tuple[str, str, int]:
    """Copy `path` into the store. Returns (sha256, stored_name, size). Storing the same content is a no-op."""
    size = check_size(path)
    root = media_store_dir()
    suffix = path.suffix.lower()[:10]
    tmp_name = ""
    digest = hashlib.sha256()
    try:
        fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".incoming-")
        with os.fdopen(fd, "wb") as out, path.open("rb") as src:
            while block := src.read(1 << 20):
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        stored_name = f"{sha[:2]}/{sha}{suffix}"
        target = root / stored_name
        if target.exists() and sha256_file(target) == sha:
            os.unlink(tmp_name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, target)
        return sha, stored_name, size
    except BaseException as exc:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):  # disk full, permission, read-only: nothing is left under a real name
            raise VideotronError("media.cannot_store", "cannot copy {path} into the media store {store}: {reason}",
                                 path=path, store=root, reason=exc.strerror or str(exc)) from exc  # fmt: skip
        raise


def verify(stored_name: str, sha256: str) -> bool:
    path = stored_path(stored_name)
    return path.is_file() and sha256_file(path) == sha256


def export_copy(stored_name: str, dest: Path) -> None:
    shutil.copy2(stored_path(stored_name), dest)
