"""The message catalogue: Bahasa Indonesia by default, English when chosen, for every word a person reads.

Source texts are English. Indonesian comes from gettext catalogues, one per room (`locale/id/core.po`,
`scheduling.po`, `billing.po`, `desk.po`, ...), read with Babel at first use. A problem is looked up by its code
(msgctxt) and English text (msgid); a UI string by its text alone (`tr`). `tests/test_catalogue.py` checks that every
text in the code has a translation with the same placeholders; `python scripts/catalogue.py update` adds new texts
to the catalogues, ready for translating.

Placeholders are `str.format` fields with a few formats of our own: `{amount:rupiah}` (Rp1.500.000),
`{day:date}` (19 Juli 2022), `{month:month}` (Juli 2022, from a date in it), `{n:number}` (1.500), `{names:list}`
(a, b, c), and `{what:tr}` for a phrase that is itself in the catalogue (marked where it is written with
`N_("issue an SKRD")`, translated where it is shown).
"""

from __future__ import annotations

import functools
import logging
import os
import string
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from videotron.core.formats import long_date, month_year, number, rupiah

if TYPE_CHECKING:
    from videotron.core.errors import Place, Problem, VideotronError

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
LANGUAGE_ENV = "VIDEOTRON_LANGUAGE"  # overrides the configuration's `language` (scripts, tests)
LOCALE_DIR = Path(__file__).parent / "locale"

Label = Callable[[str], str | None]  # field name -> how this edge names it ("--amount", "Jumlah"), or None


@functools.cache
def _catalogue(language: str) -> dict[tuple[str | None, str], str]:
    if language == "en":
        return {}
    from babel.messages.pofile import read_po

    out: dict[tuple[str | None, str], str] = {}
    for path in sorted((LOCALE_DIR / language).glob("*.po")):
        with path.open("rb") as f:
            catalog = read_po(f, locale=language)
        for message in catalog:
            if message.id and message.string and not message.fuzzy:
                out[(message.context, str(message.id))] = str(message.string)
    return out


def language_from_env(configured: str | None = None) -> str:
    """The language to speak: $VIDEOTRON_LANGUAGE, else the configuration's, else Indonesian."""
    chosen = os.environ.get(LANGUAGE_ENV) or configured or DEFAULT_LANGUAGE
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def message(language: str, code: str, text: str) -> str:
    """The template for (code, English text) in `language`; the English text when there is no translation."""
    if language == "en":
        return text
    found = _catalogue(language).get((code or None, text))
    if found is None:
        log.debug("no %s translation for %s %r", language, code, text)
        return text
    return found


def tr(text: str, language: str) -> str:
    """A UI string (window titles, buttons, column heads, CLI help) in `language`."""
    return message(language, "", text)


def N_(text: str) -> str:
    """Marks a phrase for the catalogue where it is written (a permission's description, a role's); it is
    translated where it is shown, with `tr` or a `{what:tr}` placeholder."""
    return text


class _Formatter(string.Formatter):
    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "rupiah":
            return rupiah(value, self.language)
        if format_spec == "date":
            return long_date(value, self.language)
        if format_spec == "month":
            return month_year(value, self.language)
        if format_spec == "number":
            return number(value, self.language)
        if format_spec == "list":
            return ", ".join(str(v) for v in value)
        if format_spec == "tr":
            return tr(str(value), self.language)
        return str(super().format_field(value, format_spec))


def fill(template: str, params: Mapping[str, Any], language: str) -> str:
    """`template` with its placeholders filled; never raises (a broken template must not hide the error)."""
    try:
        return _Formatter(language).vformat(template, (), params)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        log.warning("cannot fill %r with %r", template, dict(params))
        return f"{template} {dict(params)!r}"


def say(language: str, code: str, text: str, **params: Any) -> str:
    """A sentence of the program's own (a CLI result line, a report caption) in `language`."""
    return fill(message(language, code, text), params, language)


def place_text(place: Place, field: str | None, language: str) -> str:
    """`setup.toml:12: [[booking]] #1 field 'end'` (Indonesian: `... [[booking]] ke-1 kolom 'end'`)."""
    at = f"{place.file}:{place.line}" if place.line else place.file
    parts = []
    if place.table:
        if place.index is not None:
            parts.append(say(language, "places.item", "[[{table}]] #{number}", table=place.table,
                             number=place.index + 1))  # fmt: skip
        else:
            parts.append(f"[{place.table}]")
    if field:
        parts.append(say(language, "places.field", "field '{field}'", field=field))
    return f"{at}: {' '.join(parts)}" if parts else at


def render(problem: Problem, language: str, label: Label | None = None) -> str:
    """One problem in `language`: where it is (file and field), or its field as this edge names it (`label`; the
    field's own name where the edge has none), then what is wrong."""
    if not problem.code:
        return problem.text  # a sentence from before the catalogue: worded (and placed) already, in English
    text = fill(message(language, problem.code, problem.text), problem.params, language)
    if problem.where is not None:
        return f"{place_text(problem.where, problem.field, language)}: {text}"
    if not problem.field:
        return text
    name = (label(problem.field) if label is not None else None) or problem.field
    return f"{name}: {text}"


MAX_SHOWN = 50  # problems worded in a message; the rest are counted


def render_error(error: VideotronError, language: str, label: Label | None = None) -> str:
    """An error's problems in `language`; a validation error heads them with their count (and file)."""
    from videotron.core.errors import ValidationError

    count = len(error.problems)
    lines = [render(p, language, label) for p in error.problems[:MAX_SHOWN]]  # a hostile file may have millions
    if count > MAX_SHOWN:
        lines.append(say(language, "errors.more", "... and {n:number} more", n=count - MAX_SHOWN))
    if not isinstance(error, ValidationError):
        return "\n".join(lines)
    if error.source:
        head = say(language, "errors.count_in", "{source}: {count} problem(s)", source=error.source, count=count)
    else:
        head = say(language, "errors.count", "{count} problem(s)", count=count)
    return head + "\n" + "\n".join(f"  - {line}" for line in lines)
