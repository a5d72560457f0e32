"""User-facing errors: the message says what is wrong and where; the CLI prints it and exits 2."""

from __future__ import annotations


class VideotronError(Exception):
    """An error caused by input or state the user can fix. Never shown with a traceback."""


class ValidationError(VideotronError):
    """One or more problems in an input file or form, each naming its place and field."""

    def __init__(self, problems: list[str], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        head = f"{source}: {len(problems)} problem(s)" if source else f"{len(problems)} problem(s)"
        super().__init__(head + "\n" + "\n".join(f"  - {p}" for p in self.problems))


class NotFound(VideotronError):
    """A named record (screen, media, booking, SKRD number...) does not exist."""


class CapacityError(VideotronError):
    """A booking would oversell a screen's ad airtime."""


class PermissionDenied(VideotronError):
    """The current user's role does not allow the action."""
