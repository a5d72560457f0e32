"""Reading TOML input files so every problem names the file, line, table and field.

`tomllib` gives values but no positions; `TomlDoc` indexes the raw lines (table headers, array-of-table
entries and keys) so a problem in the third `[[booking]]`'s `plays_per_day` says `setup.toml:41`.
`TableReader` checks one table's fields, collects all problems, and reports keys it never read as unknown.

Input files may be hostile: a file above `max_bytes` is refused before it is read (a stat, then at most that many
bytes), and an array of tables longer than its `limit` is refused as a whole with one problem, so a file can
neither exhaust memory nor produce millions of problems.
"""

from __future__ import annotations

import builtins
import re
import tomllib
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from videotron.core.errors import Place, Problem, ValidationError, problem

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r'^\s*([A-Za-z0-9_-]+|"[^"]*")\s*=')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and newline are allowed (addresses span lines)
MAX_FILE_BYTES = 4 * 1024 * 1024  # a setup file of 10,000 bookings is about 2 MB
MAX_TABLES = 10_000  # [[table]] entries of one name, unless the reader says otherwise


class TomlDoc:
    """A parsed TOML file plus where each table and key sits."""

    def __init__(self, path: str | Path, text: str | None = None, *, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.path = str(path)
        if text is None:
            text = self._read(max_bytes)
        elif len(text) > max_bytes:
            raise ValidationError([self._too_big(len(text.encode("utf-8", "surrogatepass")), max_bytes)])
        self.text = text
        try:
            self.data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ValidationError([self._file_problem("file.toml_syntax", "TOML syntax error: {detail}",
                                                      detail=str(exc))]) from None  # fmt: skip
        self._lines: dict[tuple[str, int | None, str | None], int] = {}
        self._index(text)

    def _read(self, max_bytes: int) -> str:
        """The file's text; refused unread when it is larger than `max_bytes` (a sparse 2 GB tail costs nothing)."""
        try:
            with Path(self.path).open("rb") as f:
                data = f.read(max_bytes + 1)
        except FileNotFoundError:
            raise ValidationError([self._file_problem("file.not_found", "file not found")]) from None
        except OSError as exc:
            raise ValidationError([self._file_problem("file.unreadable", "cannot read: {why}",
                                                      why=exc.strerror or str(exc))]) from None  # fmt: skip
        if len(data) > max_bytes:
            raise ValidationError([self._too_big(Path(self.path).stat().st_size, max_bytes)])
        try:
            return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as Path.read_text() reads
        except UnicodeDecodeError as exc:
            raise ValidationError([self._file_problem("file.not_utf8", "not UTF-8 text ({reason} at byte {byte})",
                                                      reason=exc.reason, byte=exc.start)]) from None  # fmt: skip

    def _too_big(self, size: int, max_bytes: int) -> Problem:
        return self._file_problem("file.too_big", "the file has {size:number} bytes; at most {maximum:number} are "
                                  "read", size=size, maximum=max_bytes)  # fmt: skip

    def _file_problem(self, code: str, text: str, **params: Any) -> Problem:
        return problem(code, text, where=Place(self.path), **params)

    def _index(self, text: str) -> None:
        counts: dict[str, int] = {}
        ctx: tuple[str, int | None] = ("", None)
        array: tuple[str, int | None] = ("", None)  # the [[table]] last opened: its [table.sub] belong to it
        prefix = ""  # keys of a [table.sub] inside a [[table]] are indexed as "sub.key" of that [[table]]
        for number, line in enumerate(text.splitlines(), start=1):
            if m := _ARRAY_HEADER.match(line):
                name = m.group(1)
                idx = counts.get(name, 0)
                counts[name] = idx + 1
                ctx = array = (name, idx)
                prefix = ""
                self._lines.setdefault((name, idx, None), number)
            elif (m := _TABLE_HEADER.match(line)) and array[0] and m.group(1).startswith(array[0] + "."):
                ctx, prefix = array, m.group(1)[len(array[0]) + 1 :] + "."
                self._lines.setdefault((array[0], array[1], prefix[:-1]), number)
            elif m := _TABLE_HEADER.match(line):
                ctx, prefix = (m.group(1), None), ""
                self._lines.setdefault((ctx[0], None, None), number)
            elif m := _KEY.match(line):
                key = m.group(1).strip('"')
                self._lines.setdefault((ctx[0], ctx[1], prefix + key), number)

    def line(self, table: str, index: int | None = None, key: str | None = None) -> int | None:
        """The key's line; for "sub.key" (a [table.sub]'s key) the sub-table's line when the key is not written."""
        found = self._lines.get((table, index, key))
        if found is None and key and "." in key:
            found = self._lines.get((table, index, key.split(".")[0]))
        return found or self._lines.get((table, index, None))

    def place(self, table: str, index: int | None = None, key: str | None = None) -> Place:
        """Where `table` (its `index`-th [[table]]) and its `key` sit, for a `Problem`."""
        return Place(self.path, self.line(table, index, key), table or None, index)

    def problem(self, table: str, index: int | None, key: str | None, code: str, text: str, **params: Any) -> Problem:
        """A problem at a table (and field) of this file."""
        return problem(code, text, key, self.place(table, index, key), **params)

    def where(self, table: str, index: int | None = None, key: str | None = None) -> str:
        """`file:line [table #n] field` — the place a user opens in an editor."""
        line = self.line(table, index, key)
        place = f"{self.path}:{line}" if line else self.path
        label = ""
        if table:
            label = f"[[{table}]] #{index + 1}" if index is not None else f"[{table}]"
        if key:
            label = f"{label} field '{key}'" if label else f"field '{key}'"
        return f"{place}: {label}" if label else place


class TableReader:
    """Typed access to one table's fields that collects problems instead of raising on the first."""

    def __init__(
        self, doc: TomlDoc, table: builtins.str, index: builtins.int | None, data: Any, problems: list[Problem | str]
    ) -> None:
        self.doc, self.table, self.index, self.problems = doc, table, index, problems
        if not isinstance(data, dict):
            problems.append(doc.problem(table, index, None, "file.not_a_table", "must be a table"))
            data = {}
        self.data: dict[builtins.str, Any] = data
        self._seen: set[builtins.str] = set()

    def problem(self, key: builtins.str | None, code: builtins.str, text: builtins.str | None = None,
                **params: Any) -> None:  # fmt: skip
        """A problem with field `key` of this table: `problem("end", "booking.end_before_start", "{end} is before
        start {start}", end=..., start=...)`. (The old form `problem(key, message)` still works, untranslated.)"""
        if text is None:
            legacy = f"{self.doc.where(self.table, self.index, key)}: {code}"
            self.problems.append(Problem("", legacy, key))
            return
        self.problems.append(self.doc.problem(self.table, self.index, key, code, text, **params))

    def has(self, key: builtins.str) -> bool:
        return key in self.data

    def raw(self, key: builtins.str) -> Any:
        self._seen.add(key)
        return self.data.get(key)

    def _get(self, key: builtins.str, required: bool) -> Any:
        self._seen.add(key)
        if key not in self.data:
            if required:
                self.problem(key, "field.required", "is required")
            return None
        return self.data[key]

    def str(
        self,
        key: builtins.str,
        *,
        required: builtins.bool = True,
        default: builtins.str | None = None,
        pattern: builtins.str | None = None,
        choices: tuple[builtins.str, ...] | None = None,
        max_len: builtins.int = 500,
    ) -> builtins.str | None:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            self.problem(key, "field.not_text", "must be text, got {value!r}", value=value)
            return None
        if not value.strip():
            self.problem(key, "field.empty", "must not be empty")
            return None
        if len(value) > max_len:
            self.problem(key, "field.too_long", "is longer than {max_len} characters", max_len=max_len)
            return None
        if bad := _CONTROL.search(value):
            # PostgreSQL refuses NUL in text, and no name, address or id needs a control character.
            self.problem(key, "field.control_character", "contains a control character ({char!r})", char=bad.group())
            return None
        if pattern and not re.fullmatch(pattern, value):
            self.problem(
                key, "field.pattern", "{value!r} is not valid (expected {pattern})", value=value, pattern=pattern
            )
            return None
        if choices and value not in choices:
            self.problem(key, "field.choice", "{value!r} is not one of {choices:list}", value=value, choices=choices)
            return None
        return value

    def int(
        self,
        key: builtins.str,
        *,
        required: builtins.bool = True,
        default: builtins.int | None = None,
        minimum: builtins.int | None = None,
        maximum: builtins.int | None = None,
    ) -> builtins.int | None:
        value = self._get(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, "field.not_whole", "must be a whole number, got {value!r}", value=value)
            return None
        if minimum is not None and value < minimum:
            self.problem(key, "field.below_minimum", "must be at least {minimum}, got {value}", minimum=minimum,
                         value=value)  # fmt: skip
            return None
        if maximum is not None and value > maximum:
            self.problem(key, "field.above_maximum", "must be at most {maximum}, got {value}", maximum=maximum,
                         value=value)  # fmt: skip
            return None
        return builtins.int(value)

    def decimal(
        self,
        key: builtins.str,
        *,
        required: builtins.bool = True,
        default: Decimal | None = None,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
    ) -> Decimal | None:
        """A number read exactly: TOML floats go through their shortest repr, so 0.3 is Decimal('0.3')."""
        value = self._get(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float | builtins.str):
            self.problem(key, "field.not_number", "must be a number, got {value!r}", value=value)
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.problem(key, "field.not_number", "must be a number, got {value!r}", value=value)
            return None
        if not number.is_finite():
            self.problem(key, "field.not_finite", "must be a finite number, got {value!r}", value=value)
            return None
        if minimum is not None and number < minimum:
            self.problem(key, "field.below_minimum", "must be at least {minimum}, got {value}", minimum=minimum,
                         value=value)  # fmt: skip
            return None
        if maximum is not None and number > maximum:
            self.problem(key, "field.above_maximum", "must be at most {maximum}, got {value}", maximum=maximum,
                         value=value)  # fmt: skip
            return None
        return number

    def date(
        self,
        key: builtins.str,
        *,
        required: builtins.bool = True,
        earliest: date | None = None,
        latest: date | None = None,
    ) -> date | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                self.problem(key, "field.not_date", "must be a date YYYY-MM-DD, got {value!r}", value=value)
                return None
        if isinstance(value, datetime) or not isinstance(value, date):
            self.problem(key, "field.not_date", "must be a date YYYY-MM-DD, got {value!r}", value=value)
            return None
        if earliest and value < earliest:
            self.problem(key, "field.date_too_early", "{value} is before {earliest}", value=value, earliest=earliest)
            return None
        if latest and value > latest:
            self.problem(key, "field.date_too_late", "{value} is after {latest}", value=value, latest=latest)
            return None
        return cast(date, value)

    def bool(
        self, key: builtins.str, *, required: builtins.bool = False, default: builtins.bool | None = None
    ) -> builtins.bool | None:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(key, "field.not_bool", "must be true or false, got {value!r}", value=value)
            return None
        return value

    def str_list(
        self,
        key: builtins.str,
        *,
        required: builtins.bool = True,
        pattern: builtins.str | None = None,
        non_empty: builtins.bool = True,
    ) -> list[builtins.str] | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, builtins.str) for v in value):
            self.problem(key, "field.not_text_list", "must be a list of text values, got {value!r}", value=value)
            return None
        if non_empty and not value:
            self.problem(key, "field.empty", "must not be empty")
            return None
        if pattern:
            bad = [v for v in value if not re.fullmatch(pattern, v)]
            if bad:
                values = ", ".join(map(repr, bad))
                self.problem(key, "field.pattern_list", "{values} not valid (expected {pattern})", values=values,
                             pattern=pattern)  # fmt: skip
                return None
        return list(value)

    def finish(self) -> None:
        """Unknown keys are errors: a typo must not pass silently."""
        for key in self.data:
            if key not in self._seen:
                self.problem(key, "field.unknown", "unknown field (typo?)")


def array_tables(doc: TomlDoc, name: str, problems: list[Problem | str], limit: int = MAX_TABLES) -> list[Any]:
    """The [[name]] tables; more than `limit` of them are refused with one problem (none of them is read)."""
    value = doc.data.get(name, [])
    if not isinstance(value, list):
        problems.append(doc.problem(name, None, None, "file.not_array_tables", "must be written as [[{name}]] tables",
                                    name=name))  # fmt: skip
        return []
    if len(value) > limit:
        problems.append(problem("file.too_many_tables", "{count:number} [[{name}]] tables; at most {maximum:number} "
                                "are allowed", None, Place(doc.path, doc.line(name, 0)), count=len(value), name=name,
                                maximum=limit))  # fmt: skip
        return []
    return value
