"""The one way a scheduling record is written: compare, write only what changed, and audit it in one vocabulary.

Every `save_*` function (screens, media, playlists, dayparts, advertisers, bookings) ends here, whoever calls it —
the setup file, the command line or the desk — so the audit trail says `<entity>.create` or `<entity>.update`
everywhere, and saving what is already there writes nothing, not even an audit entry (loading the same setup file
twice changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar, cast

from sqlalchemy.orm import Session

from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import CapacityError, Problem, ValidationError

Row = TypeVar("Row")
Terms = TypeVar("Terms")
Placer = Callable[[int, list[Problem]], list[Problem]]  # where the i-th row's problems are (a file's lines)
Change = Literal["create", "update"] | None

ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,63}"  # screens, media, playlists, advertisers: lower case, digits and '-'


@dataclass(frozen=True)
class Saved(Generic[Row]):
    """What a `save_*` function wrote: the row, and "create", "update" or None (nothing changed)."""

    row: Row
    change: Change


def plain(v: Any) -> Any:
    """A comparable, JSON-able form: 0.30 and 0.3000 (a Numeric column's read-back) are the same share."""
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    if isinstance(v, list | tuple):
        return [plain(x) for x in v]
    return str(v) if not isinstance(v, str | int | bool | type(None)) else v


def refuse(problems: Sequence[Problem], source: str) -> None:
    """Raise the problems found (all of them at once), if any."""
    if problems:
        raise ValidationError(list(problems), source=source)


def write(session: Session, model: type[Row], ident: str, values: Mapping[str, Any], *, entity: str, actor: str,
          clock: Clock, lists: Mapping[str, tuple[list[Any] | None, list[Any]]] | None = None,
          on_create: Mapping[str, Any] | None = None) -> Saved[Row]:  # fmt: skip
    """Create or update row `ident` of `model` with `values` (columns); `lists` are child collections the caller
    replaces itself, given as (now, wanted) so they are compared and audited with the columns. `on_create` are
    columns set only on a new row (a creation time). Audited as `<entity>.create` / `<entity>.update`."""
    row = session.get(model, ident)
    lists = lists or {}
    after = {k: plain(v) for k, v in values.items()} | {k: plain(new) for k, (_old, new) in lists.items()}
    before = None
    if row is not None:
        before = {k: plain(getattr(row, k)) for k in values} | {k: plain(old) for k, (old, _new) in lists.items()}
    if before == after:
        return Saved(row, None)  # type: ignore[arg-type]  # row is not None: before was read from it
    if row is None:
        row = cast(Any, model)(id=ident, **values, **(on_create or {}))  # a mapped class: keyword columns
        session.add(row)
    else:
        for k, v in values.items():
            if plain(getattr(row, k)) != plain(v):
                setattr(row, k, v)
    change: Change = "create" if before is None else "update"
    audit.record(session, actor=actor, action=f"{entity}.{change}", entity=entity, entity_id=ident, before=before,
                 after=after, clock=clock)  # fmt: skip
    return Saved(row, change)


def save_all(session: Session, terms: Sequence[Terms], write_one: Callable[[Terms], Saved[Row]], *,
             ident: Callable[[Terms], str], check: Callable[[list[str]], None], place: Placer | None,
             source: str) -> list[Saved[Row]]:  # fmt: skip
    """Write each of `terms`, then `check` the ids that changed together (a capacity check, which raises a
    CapacityError carrying the `booking_id` that does not fit). Without `place` the first problem is raised; with
    it every row's problems are placed (a setup file's lines) and raised together, a capacity refusal too."""
    saved: list[Saved[Row]] = []
    problems: list[Problem] = []
    for i, t in enumerate(terms):
        try:
            saved.append(write_one(t))
        except ValidationError as exc:
            if place is None:
                raise
            problems += place(i, exc.problems)
    refuse(problems, source)
    session.flush()
    try:
        check([cast(Any, s.row).id for s in saved if s.change])
    except CapacityError as exc:
        if place is None:
            raise
        index = next(i for i, t in enumerate(terms) if ident(t) == getattr(exc, "booking_id", None))
        raise ValidationError(place(index, exc.problems)) from None
    return saved
