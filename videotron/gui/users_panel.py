"""Users and roles: who may use this database, in which role, whether they are disabled or locked out; an admin adds
a user, changes a role, resets a password, unlocks, disables or enables — each through the user service the CLI's
`videotron user ...` calls, audited the same way. Anyone else sees those buttons disabled, saying who may; anyone may
change their own password."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QInputDialog, QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.formats import local_time
from videotron.core.i18n import say, tr
from videotron.core.logins import unlock_user
from videotron.core.permissions import ROLES
from videotron.core.user_admin import set_enabled, set_role
from videotron.core.users import User, get_user, list_users
from videotron.gui.messages import show_error
from videotron.gui.roles import guard
from videotron.gui.user_dialog import UserDialog
from videotron.gui.widgets import ask, button_row, data_table, run_action


class UsersPanel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx, language = ctx, ctx.language
        self.dialog: UserDialog | None = None
        self.question: QInputDialog | None = None
        self.table = data_table("userTable", [tr("User name", language), tr("Role", language), tr("State", language),
                                              tr("Added", language), tr("Password changed", language)])  # fmt: skip
        bar, self.buttons = button_row(
            (tr("Add user…", language), self.add, "addUser"),
            (tr("Change role…", language), self.change_role, "changeRole"),
            (tr("Reset password…", language), self.reset_password, "resetPassword"),
            (tr("Unlock", language), self.unlock, "unlockUser"),
            (tr("Disable or enable", language), self.toggle, "toggleUser"),
        )
        for b in self.buttons:
            guard(b, ctx, "user.manage")
        own, (self.own_password,) = button_row((tr("Change my password…", language), self.change_own, "ownPassword"))
        bar.addLayout(own)  # anyone may change their own password
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Users of this database and their roles", language)))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def state(self, user: User) -> str:
        language, now = self.ctx.language, self.ctx.clock.now()
        if not user.enabled:
            return tr("disabled", language)
        if user.locked_until is not None and user.locked_until > now:
            return say(language, "desk.locked_until", "locked until {until}",
                       until=local_time(user.locked_until, self.ctx.config.zone))  # fmt: skip
        return say(language, "desk.user_active", "active")

    def refresh(self) -> None:
        zone, language = self.ctx.config.zone, self.ctx.language
        with self.ctx.sessions()() as s:
            rows = [(u.name, u.role, self.state(u),
                     say(language, "desk.added_by", "added {day} by {who}", day=local_time(u.created_at, zone),
                         who=u.created_by),
                     local_time(u.password_changed_at, zone)) for u in list_users(s)]  # fmt: skip
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))

    def selected(self) -> str | None:
        """The selected user's name, or None with a message."""
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        if item is None:
            show_error(self, VideotronError("desk.select_user", "Select a user first."), self.ctx.language)
            return None
        return item.text()

    def act(self, action: Callable[[Any, str], object]) -> None:
        """`action(session, name)` on the selected user, as one transaction; the list shows the result."""
        if (name := self.selected()) and run_action(self, self.ctx, lambda s: action(s, name)):
            self.refresh()

    def add(self) -> None:
        self.dialog = UserDialog(self, self.ctx, self.refresh)
        self.dialog.open()

    def reset_password(self) -> None:
        if name := self.selected():
            self.dialog = UserDialog(self, self.ctx, self.refresh, user=name)
            self.dialog.open()

    def change_own(self) -> None:
        self.dialog = UserDialog(self, self.ctx, self.refresh, user=self.ctx.actor)
        self.dialog.open()

    def change_role(self) -> None:
        ctx = self.ctx
        if not (name := self.selected()):
            return

        def answered(role: str) -> None:
            if run_action(self, ctx, lambda s: set_role(s, name, role, actor=ctx.actor, clock=ctx.clock)):
                self.refresh()

        self.question = ask(self, tr("Change role…", ctx.language),
                            say(ctx.language, "desk.new_role", "New role for {name}:", name=name), answered,
                            choices=list(ROLES))  # fmt: skip

    def unlock(self) -> None:
        ctx = self.ctx
        self.act(lambda s, name: unlock_user(s, name, actor=ctx.actor, clock=ctx.clock))

    def toggle(self) -> None:
        ctx = self.ctx

        def flip(s: Any, name: str) -> None:
            user = get_user(s, name)
            set_enabled(s, name, not user.enabled, actor=ctx.actor, clock=ctx.clock)

        self.act(flip)
