"""Small field checks the `save_*` functions share, each adding a structured problem to a list.

The texts are the same ones the setup file's reader uses for a bad value (`field.pattern`, `field.above_maximum`,
...), so a value refused in a form or on the command line reads as it does in a file.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from videotron.core.errors import Problem, problem

Problems = list[Problem]


def matches(out: Problems, field: str, value: str, pattern: str) -> bool:
    """`value` fits `pattern`; else a problem naming both."""
    if re.fullmatch(pattern, value or ""):
        return True
    out.append(problem("field.pattern", "{value!r} is not valid (expected {pattern})", field, value=value,
                       pattern=pattern))  # fmt: skip
    return False


def within(out: Problems, field: str, value: Any, minimum: Any, maximum: Any) -> bool:
    """`minimum <= value <= maximum`; else the problem the file reader would report."""
    if value < minimum:
        out.append(problem("field.below_minimum", "must be at least {minimum}, got {value}", field, minimum=minimum,
                           value=value))  # fmt: skip
        return False
    if value > maximum:
        out.append(problem("field.above_maximum", "must be at most {maximum}, got {value}", field, maximum=maximum,
                           value=value))  # fmt: skip
        return False
    return True


def dated(out: Problems, field: str, value: date, earliest: date, latest: date) -> bool:
    """`earliest <= value <= latest`, worded as the file reader words a date out of range."""
    if earliest <= value <= latest:
        return True
    if value < earliest:
        out.append(problem("field.date_too_early", "{value} is before {earliest}", field, value=value,
                           earliest=earliest))  # fmt: skip
    else:
        out.append(problem("field.date_too_late", "{value} is after {latest}", field, value=value, latest=latest))
    return False


def one_of(out: Problems, field: str, value: str, choices: tuple[str, ...]) -> bool:
    if value in choices:
        return True
    out.append(problem("field.choice", "{value!r} is not one of {choices:list}", field, value=value, choices=choices))
    return False


def text(out: Problems, field: str, value: str, max_len: int) -> bool:
    """Text that is not blank and fits its column."""
    if not (value or "").strip():
        out.append(problem("field.empty", "must not be empty", field))
        return False
    if len(value) > max_len:
        out.append(problem("field.too_long", "is longer than {max_len} characters", field, max_len=max_len))
        return False
    return True


def longest(out: Problems, field: str, value: str, max_len: int) -> bool:
    """Optional text that fits its column."""
    if len(value or "") > max_len:
        out.append(problem("field.too_long", "is longer than {max_len} characters", field, max_len=max_len))
        return False
    return True


def exists(session: Session, model: type, ident: str) -> bool:
    return session.get(model, ident) is not None
