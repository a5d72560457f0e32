"""Writing a document or a report to a file: all or nothing, so a failed write never leaves half a PDF behind.

The file is written beside its final name (`name.part`) and moved into place only once it is complete. Problems
name the field `out` (the command line's `--out`, the desk's save dialog).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from videotron.core.errors import ValidationError, VideotronError


def write_file(path: str | Path, write: Callable[[Path], None], *, suffix: str | None = None) -> Path:
    """Run `write` on a temporary file next to `path` and move it to `path` when it succeeded."""
    out = Path(path)
    if suffix and out.suffix.lower() != suffix:
        raise ValidationError("output.wrong_suffix", "{path!r} must end in {suffix}", field="out", path=str(path),
                              suffix=suffix)  # fmt: skip
    if not out.parent.exists():
        raise ValidationError("output.no_folder", "folder {folder} does not exist", field="out", folder=str(out.parent))
    part = out.with_name(out.name + ".part")
    try:
        write(part)
        part.replace(out)
    except OSError as exc:
        raise VideotronError("output.cannot_write", "cannot write {path}: {reason}", field="out", path=str(path),
                             reason=exc.strerror) from None  # fmt: skip
    finally:
        part.unlink(missing_ok=True)
    return out
