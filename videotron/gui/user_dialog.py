"""A new user (name, role, password) or a new password for one: the password typed twice, or made up and shown
once (as `videotron user add --random` prints it). OK calls the user service the CLI calls, in one transaction; a
refusal stays in the dialog beside its field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.i18n import say, tr
from videotron.core.permissions import ROLES
from videotron.core.user_admin import add_user, random_password, set_password
from videotron.gui.fields import FormFields, problem_label


def password_box(name: str) -> QLineEdit:
    box = QLineEdit()
    box.setObjectName(name)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    return box


class UserDialog(QDialog):
    """Add a user (`user` None) or set `user`'s password."""

    def __init__(self, parent: QWidget, ctx: AppContext, done: Callable[[], None], user: str | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.done_, self.user = ctx, done, user
        language = ctx.language
        self.shown: QMessageBox | None = None
        self.setWindowTitle(tr("Add user…", language) if user is None else tr("Reset password…", language))
        form = QFormLayout(self)
        self.fields = FormFields(form)
        self.name = QLineEdit(user or "")
        self.name.setObjectName("userName")
        self.name.setReadOnly(user is not None)
        self.fields.add("name", tr("User name", language), self.name)
        self.role = QComboBox()
        self.role.setObjectName("userRole")
        for role, what in ROLES.items():
            self.role.addItem(f"{role} — {tr(what, language)}", role)
        if user is None:
            self.fields.add("role", tr("Role", language), self.role)
        self.make_up = QCheckBox(tr("Make up a password (shown once)", language))
        self.make_up.setObjectName("makeUpPassword")
        self.password, self.again = password_box("userPassword"), password_box("userPasswordAgain")
        form.addRow(self.make_up)
        self.fields.add("password", tr("Password", language), self.password)
        self.fields.add("again", tr("Password again", language), self.again)
        self.make_up.toggled.connect(lambda on: [w.setEnabled(not on) for w in (self.password, self.again)])
        self.problem = problem_label("userProblem")
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Add user", language) if user is None else tr("Set password", language))
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, 0)

    def new_password(self) -> str:
        if self.make_up.isChecked():
            return random_password()
        if self.password.text() != self.again.text():
            raise VideotronError("desk.passwords_differ", "the two passwords differ; type the same password twice",
                                 field="again")  # fmt: skip
        return self.password.text()

    def try_save(self) -> None:
        ctx, name = self.ctx, self.name.text().strip()
        password = ""

        def save() -> None:
            nonlocal password
            password = self.new_password()
            with ctx.sessions().begin() as s:
                if self.user is None:
                    add_user(s, name, str(self.role.currentData()), password, actor=ctx.actor, clock=ctx.clock)
                else:
                    set_password(s, name, password, actor=ctx.actor, clock=ctx.clock)

        if not self.fields.attempt(save, ctx.language, self.problem):
            return
        self.accept()
        self.done_()
        if self.make_up.isChecked():
            text = say(ctx.language, "desk.password_made_up", "The password for {name} is {password}\n\nIt is shown "
                       "only now: give it to {name} in person.", name=name, password=password)  # fmt: skip
            self.shown = QMessageBox(QMessageBox.Icon.Information, tr("Password", ctx.language), text,
                                     QMessageBox.StandardButton.Ok, self.parentWidget())  # fmt: skip
            self.shown.setObjectName("passwordShown")
            self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.shown.open()
