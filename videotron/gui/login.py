"""The operator app's login dialog: shown before the main window once the database has users.

Three wrong attempts close the app. The check is the same `authenticate` the CLI uses; what each user may do is
then decided by the services themselves (`videotron.core.permissions`), not by this dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from videotron.core import logins
from videotron.core.context import AppContext
from videotron.core.i18n import say, tr
from videotron.core.users import UserDisabled, WrongPassword

MAX_ATTEMPTS = 3


class LoginDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, attempts: int = MAX_ATTEMPTS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.attempts = attempts
        self.failures = 0
        self.user: str | None = None
        language = ctx.language
        self.setWindowTitle(tr("videotron — log in", language))
        self.name = QLineEdit(ctx.claimed_user)  # the --user name is offered
        self.name.setObjectName("loginName")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(tr("Log in with your user name and password.", language))
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("User name:", language), self.name)
        form.addRow(tr("Password:", language), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if self.name.text():
            self.password.setFocus()

    def try_login(self) -> None:
        name, language = self.name.text().strip(), self.ctx.language
        try:
            config = self.ctx.config
            self.ctx.sessions()  # the schema checked, as for every other use of the database
            self.user = logins.login(self.ctx.engine(), name, self.password.text(), clock=self.ctx.clock,
                              policy=config.security, zone=config.zone)  # fmt: skip
        except logins.AccountLocked as exc:
            self.password.clear()
            self.message.setText(say(language, "desk.user_locked", "User {name} is locked after too many failed "
                                     "logins until {until}; ask an admin to unlock it.", name=name,
                                     until=exc.problems[0].params["until"]))  # fmt: skip
            self.adjustSize()  # the longer message wraps onto more lines
            return
        except UserDisabled:
            self.message.setText(say(language, "desk.user_disabled", "User {name} is disabled; ask an admin.",
                                     name=name))  # fmt: skip
            return
        except WrongPassword:
            self.failures += 1
            self.password.clear()
            left = self.attempts - self.failures
            if left <= 0:
                self.reject()
                return
            self.message.setText(say(language, "desk.wrong_password", "Wrong password for {name} ({left} attempt(s) "
                                     "left).", name=name, left=left))  # fmt: skip
            return
        self.accept()


def login(ctx: AppContext, parent: QWidget | None = None) -> str | None:
    """The logged-in user's name, or None when the dialog was cancelled or the attempts ran out."""
    dialog = LoginDialog(ctx, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.user
