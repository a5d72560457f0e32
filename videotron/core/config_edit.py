"""Changing the office's configuration file from a form (the desk's Settings): the keys the form edits are set in the
file's own text (its comments and every other table kept), the whole text is checked by the one loader
(`config.load_config`, so a key is refused exactly as when the file is read, naming its line and field), and the file
is written only when it is valid and reads back with the values set: under a temporary name, readable by its owner
only (0600), then renamed over the old one. The change is audited (keys and values, before and after) in the caller's
transaction, and the file is written inside it: a file that cannot be written rolls the audit entry back. (A commit
failing after the rename would leave the file changed without its entry; the file is outside the database, so one of
the two orders has that window, and this one never audits a change that was not made.)"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.orm import Session

from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.config import Config, load_config
from videotron.core.errors import VideotronError
from videotron.core.permissions import authorize

# (table, key) a form may set; table "" is a top-level key
EDITABLE: tuple[tuple[str, str], ...] = (
    *(("office", k) for k in ("government", "name", "address", "city", "phone")),
    *(("signer", k) for k in ("name", "rank", "nip", "title")),
    *(("treasurer", k) for k in ("name", "nip", "title")),
    *(("payment", k) for k in ("bank", "account_name", "account_number", "instructions", "va_prefix")),
    *(("numbering", k) for k in ("skrd", "receipt", "sts", "strd", "skrd_additional", "credit", "reminder")),
    ("", "timezone"),
    ("", "language"),
)
Key = tuple[str, str]
HEADER = re.compile(r"\s*\[(\[)?\s*([^\]]+?)\s*\]")


def current(config: Config, key: Key) -> str:
    """The value `config` has for `key` (what the form starts with)."""
    table, name = key
    return str(getattr(getattr(config, table), name) if table else getattr(config, name))


def _assign(name: str, value: str) -> str:
    return f"{name} = {json.dumps(value, ensure_ascii=False)}"  # a JSON string is a TOML basic string


def _value_end(lines: list[str], i: int) -> int:
    """The index after key line `i`'s value (a multi-line string runs on to its closing quotes)."""
    value = lines[i].split("=", 1)[1].strip()
    for quotes in ('"""', "'''"):
        if value.startswith(quotes) and value.count(quotes) == 1:
            j = i + 1
            while j < len(lines) and quotes not in lines[j]:
                j += 1
            return j + 1
    return i + 1


def set_keys(text: str, changes: Mapping[Key, str]) -> str:
    """`text` with each (table, key) set to its value: replaced where the key is, else added to its table (a new
    table at the end when there is none; a top-level key before the first table)."""
    lines = text.splitlines()
    for (table, name), value in changes.items():
        key_line = re.compile(rf"\s*{re.escape(name)}\s*=")
        section, insert_at, done = "", None, False
        i = 0
        while i < len(lines):
            header = HEADER.match(lines[i])
            if header:
                if section == table and insert_at is None:
                    insert_at = i
                section = ("[" if header.group(1) else "") + header.group(2)
                if section == table:
                    insert_at = None
            elif section == table and key_line.match(lines[i]):
                lines[i : _value_end(lines, i)] = [_assign(name, value)]
                done = True
                break
            i += 1
        if done:
            continue
        if section == table and insert_at is None:
            insert_at = len(lines)
        if insert_at is not None:
            while insert_at > 0 and not lines[insert_at - 1].strip():  # after the table's last line, not its gap
                insert_at -= 1
            lines.insert(insert_at, _assign(name, value))
        else:
            lines += ["", f"[{table}]", _assign(name, value)]
    return "\n".join(lines) + "\n"


def save_settings(session: Session, path: str | Path, changes: Mapping[Key, str], *, actor: str,
                  clock: Clock) -> Config:  # fmt: skip
    """Set `changes` in the configuration file at `path` (in the caller's transaction, audited) and return the
    configuration it now holds; a ValidationError (nothing written) names each refused key by its line and field."""
    authorize(session, actor, "settings.edit")
    path = Path(path)
    old_text = path.read_text(encoding="utf-8") if path.exists() else ""
    old = load_config(path, old_text)
    changed = {key: value for key, value in changes.items() if current(old, key) != value}
    new = load_config(path, set_keys(old_text, changed))
    for key, value in changed.items():
        if current(new, key) != value:  # a file this editor cannot place keys in (a key in an inline table, say)
            raise VideotronError("settings.not_placed", "{key} could not be set in {file}: edit the file by hand",
                                 key=".".join(k for k in key if k), file=str(path))  # fmt: skip
    if not changed:
        return new
    dotted = {".".join(k for k in key if k): key for key in changed}
    audit.record(session, actor=actor, action="settings.edit", entity="config", entity_id=str(path),
                 before={d: current(old, k) for d, k in dotted.items()},
                 after={d: current(new, k) for d, k in dotted.items()}, clock=clock)  # fmt: skip
    session.flush()
    _write_private(path, set_keys(old_text, changed))
    return dataclasses.replace(new, source=str(path))


def _write_private(path: Path, text: str) -> None:
    """`text` into `path`, readable by its owner only, all of it or none (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # also when a stale .part was there with other modes
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(part, path)
