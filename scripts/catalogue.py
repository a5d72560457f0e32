"""The message catalogue's tool: find every text a person may read in the code, and keep the .po files in step.

    .venv/bin/python scripts/catalogue.py update   # add new texts (empty, to translate), drop unused ones
    .venv/bin/python scripts/catalogue.py check    # what `tests/test_catalogue.py` checks, as a list

A text is found (by reading the code, not running it) where
- a call passes a code ("area.what") followed by a literal English text: `VideotronError("payment.amount", "must
  be above 0, got {amount}", ...)`, `problem(...)`, `reader.problem("end", "booking.end_before_start", "...")`,
  `say(language, "report.title", "...")`; the code becomes the msgctxt;
- a call to `tr("...")` passes a UI text (no context).
Each text goes to its room's catalogue, `videotron/core/locale/id/<room>.po`, sorted, without source locations (so
two people adding texts rarely collide).
"""

from __future__ import annotations

import ast
import itertools
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "videotron" / "core" / "locale"
SOURCES = ("videotron", "playlists", "billing", "player")
ROOMS = (  # path prefix -> catalogue file (the first that matches)
    ("videotron/core/", "core"),
    ("videotron/gui/", "desk"),
    ("videotron/cli/", "cli"),
    ("videotron/demo/", "cli"),
    ("videotron/alerts/", "alerts"),
    ("playlists/", "scheduling"),
    ("billing/", "billing"),
    ("player/", "player"),
)
UI_FUNCTIONS = {"tr", "_", "N_"}
FIXED = datetime(2026, 1, 1, tzinfo=UTC)  # header dates stay put, so catalogue diffs show only texts
ERROR_CALLS = {"VideotronError", "ValidationError", "NotFound", "CapacityError", "PermissionDenied", "SchemaError",
               "WrongPassword", "AccountLocked", "FeedRefused", "Unschedulable"}  # fmt: skip


@dataclass(frozen=True)
class Text:
    context: str | None
    text: str
    file: str
    line: int

    @property
    def room(self) -> str:
        return next(room for prefix, room in ROOMS if self.file.startswith(prefix))


def _code(node: ast.AST) -> str | None:
    from videotron.core.errors import CODE

    if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value):
        return node.value
    return None


def _name(func: ast.AST) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def source_files() -> Iterator[Path]:
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def texts_in(path: Path) -> Iterator[Text]:
    rel = path.relative_to(ROOT).as_posix()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), rel)):
        if not isinstance(node, ast.Call):
            continue
        args = node.args
        if _name(node.func) in UI_FUNCTIONS and args:
            if isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                yield Text(None, args[0].value, rel, node.lineno)
            continue
        for first, second in itertools.pairwise(args):
            code = _code(first)
            if code and isinstance(second, ast.Constant) and isinstance(second.value, str):
                yield Text(code, second.value, rel, node.lineno)


def legacy_in(path: Path) -> Iterator[tuple[str, int]]:
    """Places that still word a message in English only: an error raised with a sentence (no code), or a
    sentence appended to a list of problems."""
    rel = path.relative_to(ROOT).as_posix()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), rel)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name, first = _name(node.func), node.args[0]
        sentence = isinstance(first, ast.JoinedStr) or (
            isinstance(first, ast.Constant) and isinstance(first.value, str) and _code(first) is None
        )
        listed = isinstance(first, ast.List) and any(
            isinstance(e, ast.JoinedStr) or (isinstance(e, ast.Constant) and isinstance(e.value, str))
            for e in first.elts
        )
        if (name in ERROR_CALLS and (sentence or listed)) or (name == "append" and _is_problems(node) and sentence):
            yield rel, node.lineno
        if (name == "problem" and len(node.args) == 2 and _code(node.args[0]) is None
                and isinstance(node.args[1], ast.JoinedStr | ast.Constant)):  # fmt: skip
            yield rel, node.lineno  # reader.problem(key, "a sentence"); problem("area.what", "text") is not legacy


def _is_problems(node: ast.Call) -> bool:
    target = node.func.value if isinstance(node.func, ast.Attribute) else None
    return _name(target) in {"problems", "out", "errors"} if target is not None else False


def all_texts() -> list[Text]:
    return [t for path in source_files() for t in texts_in(path)]


def all_legacy() -> list[tuple[str, int]]:
    return [place for path in source_files() for place in legacy_in(path)]


def placeholders(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def read_catalogues(language: str = "id") -> dict[str, object]:
    from babel.messages.pofile import read_po

    out = {}
    for path in sorted((LOCALE / language).glob("*.po")):
        with path.open("rb") as f:
            out[path.stem] = read_po(f, locale=language)
    return out


def problems(language: str = "id") -> list[str]:
    """Everything wrong with the catalogues against the code (empty when all is well)."""
    found, texts = [], all_texts()
    catalogues = read_catalogues(language)
    entries = {(m.context, m.id): (room, m) for room, cat in catalogues.items() for m in cat if m.id}  # type: ignore[attr-defined]
    texts_of_code: dict[str, set[str]] = {}
    for t in texts:
        if t.context:
            texts_of_code.setdefault(t.context, set()).add(t.text)
        hit = entries.get((t.context, t.text))
        if hit is None or not hit[1].string:
            found.append(f"{t.file}:{t.line}: no {language} translation for {t.context or ''} {t.text!r}")
        elif placeholders(hit[1].string) != placeholders(t.text):
            found.append(f"{t.file}:{t.line}: {language} translation of {t.text!r} has other placeholders: "
                         f"{hit[1].string!r}")  # fmt: skip
    for code, variants in texts_of_code.items():
        if len(variants) > 1:
            found.append(f"code {code} has {len(variants)} different texts: {sorted(variants)}")
    used = {(t.context, t.text) for t in texts}
    for key, (room, _m) in entries.items():
        if key not in used:
            found.append(f"{room}.po: unused entry {key[0] or ''} {key[1]!r} (run scripts/catalogue.py update)")
    return found


def update(language: str = "id") -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalogues = read_catalogues(language)
    old = {(m.context, m.id): m.string for cat in catalogues.values() for m in cat if m.id}  # type: ignore[attr-defined]
    by_room: dict[str, dict[tuple[str | None, str], str]] = {}
    for t in all_texts():
        by_room.setdefault(t.room, {})[(t.context, t.text)] = str(old.get((t.context, t.text)) or "")
    (LOCALE / language).mkdir(parents=True, exist_ok=True)
    for room in sorted(set(by_room) | set(catalogues)):
        catalog = Catalog(locale=language, project="videotron", domain=room, fuzzy=False, version="1",
                          header_comment=f"# videotron: the {room} texts in {language} (scripts/catalogue.py).",
                          creation_date=FIXED, revision_date=FIXED, last_translator="videotron",
                          language_team="videotron", copyright_holder="videotron")  # fmt: skip
        for (context, text), translated in sorted(
            by_room.get(room, {}).items(), key=lambda kv: (kv[0][0] or "", kv[0][1])
        ):
            catalog.add(text, translated, context=context)
        with (LOCALE / language / f"{room}.po").open("wb") as f:
            write_po(f, catalog, width=120, omit_header=False, no_location=True, sort_output=False)
    missing = sum(1 for room in by_room.values() for v in room.values() if not v)
    print(f"{language}: {sum(len(r) for r in by_room.values())} texts, {missing} without a translation")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "check":
        listed = problems()
        print("\n".join(listed) or "catalogue complete")
        legacy = all_legacy()
        print(f"{len(legacy)} place(s) still word a message in English only")
        sys.exit(1 if listed else 0)
    elif command == "legacy":
        print("\n".join(f"{f}:{n}" for f, n in all_legacy()))
    else:
        sys.exit(f"usage: {sys.argv[0]} update | check | legacy")
