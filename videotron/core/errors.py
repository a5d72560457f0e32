"""User-facing errors as structured problems, worded at the edge in the user's language.

The domain never words a sentence for a person. It raises a `VideotronError` carrying `Problem`s, each with
- a stable `code`, the catalogue key ("payment.amount"),
- the English `text` with {named} placeholders: the catalogue's source text (English needs no translation;
  Indonesian comes from `videotron/core/locale/id/*.po`, checked complete by a test),
- the `field` it is about (a form field or a file key): the CLI words it as its flag (`--amount`), the desk as
  its widget,
- its `params`, and for input files `where` it is (a `Place`: file, line, table, index).

`str(error)` is the English wording (logs, tests); `videotron.core.i18n` words it in the user's language. The CLI
prints it and exits 2; the desk shows it beside the widget. A plain string is still accepted as a problem (code
"") so nothing is lost, but such a problem cannot be translated: `tests/test_catalogue.py` finds them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")


@dataclass(frozen=True)
class Place:
    """Where in an input file a problem is: the place a user opens in an editor."""

    file: str
    line: int | None = None
    table: str | None = None
    index: int | None = None  # 0-based position among the file's [[table]]s; None for a plain [table]


@dataclass(frozen=True)
class Problem:
    code: str
    text: str
    field: str | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    where: Place | None = None

    def english(self) -> str:
        """The English wording (no catalogue needed: the source text is English)."""
        from videotron.core.i18n import render

        return render(self, "en")


def problem(code: str, text: str, /, field: str | None = None, where: Place | None = None, **params: Any) -> Problem:
    """A problem; `code` must look like "area.what" (it is the catalogue key)."""
    if not CODE.fullmatch(code):
        raise ValueError(f"problem code {code!r} is not of the form area.what")
    return Problem(code, text, field, params, where)


def _problems(what: str | Problem | Sequence[str | Problem], text: str | None, field_: str | None,
              where: Place | None, params: dict[str, Any]) -> list[Problem]:  # fmt: skip
    if isinstance(what, Problem):
        return [what]
    if isinstance(what, str):
        if text is not None:
            return [problem(what, text, field_, where, **params)]
        return [Problem("", what, field_, params, where)]  # legacy: a sentence, untranslatable
    return [p if isinstance(p, Problem) else Problem("", p) for p in what]


class VideotronError(Exception):
    """An error caused by input or state the user can fix. Never shown with a traceback.

    `VideotronError("payment.amount", "must be above 0, got {amount}", field="amount", amount=0)` for one
    problem, `VideotronError([problem(...), ...])` for several."""

    def __init__(self, what: str | Problem | Sequence[str | Problem], text: str | None = None, /, *,
                 field: str | None = None, where: Place | None = None, **params: Any) -> None:  # fmt: skip
        self.problems = _problems(what, text, field, where, params)
        super().__init__(self.english())

    @property
    def code(self) -> str:
        return self.problems[0].code if self.problems else ""

    @property
    def field(self) -> str | None:
        return self.problems[0].field if self.problems else None

    def english(self) -> str:
        from videotron.core.i18n import render_error

        return render_error(self, "en")


class ValidationError(VideotronError):
    """One or more problems in an input file or form, each naming its place and field.

    `ValidationError([problem, ...], source="setup.toml")` collects many; `ValidationError(code, text, field=...)`
    is one. `source` names the file the problems are in (its head line says how many there are)."""

    def __init__(self, what: str | Problem | Sequence[str | Problem], text: str | None = None, /, *,
                 source: str | None = None, field: str | None = None, where: Place | None = None,
                 **params: Any) -> None:  # fmt: skip
        if not isinstance(what, str | Problem) and text is not None and source is None:
            source, text = text, None  # the old positional form ValidationError(problems, source)
        self.source = source
        super().__init__(what, text, field=field, where=where, **params)


class NotFound(VideotronError):
    """A named record (screen, media, booking, SKRD number...) does not exist."""


class CapacityError(VideotronError):
    """A booking would oversell a screen's ad airtime."""


class PermissionDenied(VideotronError):
    """The current user's role does not allow the action."""


def params_of(problems: Sequence[Problem]) -> list[Mapping[str, Any]]:
    """The parameters of each problem (for callers that act on them, e.g. a capacity suggestion)."""
    return [p.params for p in problems]
