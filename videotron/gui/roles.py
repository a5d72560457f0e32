"""What the logged-in user's role may not do is shown disabled, with a tooltip saying who may (the services still
check every action: this only spares an operator a refusal after filling a dialog)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from videotron.core.context import AppContext
from videotron.core.i18n import say
from videotron.core.permissions import PERMISSIONS, may


def guard(widget: QWidget, ctx: AppContext, permission: str | None) -> bool:
    """Disable `widget` with a tooltip naming the roles that may do `permission` unless the acting user may;
    say whether they may (None: anyone may)."""
    if permission is None:
        return True
    with ctx.sessions()() as s:
        allowed = may(s, ctx.actor, permission)
    if not allowed:
        rule = PERMISSIONS[permission]
        widget.setEnabled(False)
        widget.setToolTip(say(ctx.language, "desk.role_only", "Only {roles:list} may {what:tr}.",
                              roles=list(rule.roles), what=rule.what))  # fmt: skip
    return allowed
