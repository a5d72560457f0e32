"""The emergency alert control: one big red button on the screens page, guarded by a confirmation, and a stop
button. Starting and stopping go through the alert service (role admin or bpbd, audited)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from videotron.alerts.service import list_alerts, start_alert, stop_alert
from videotron.core.errors import VideotronError
from videotron.gui.i18n import tr
from videotron.gui.messages import show_error
from videotron.gui.services import Services


class AlertDialog(QDialog):
    """What the alert says and for how long; OK stays disabled until the operator ticks the confirmation."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Emergency alert on every screen"))
        self.title = QLineEdit(tr("EMERGENCY WARNING"))
        self.message = QPlainTextEdit()
        self.message.setPlaceholderText(tr("e.g. Earthquake: move away from buildings, follow BPBD instructions."))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 24 * 60)
        self.minutes.setValue(30)
        self.minutes.setSuffix(" " + tr("min"))
        self.confirm = QCheckBox(tr("I am authorised to interrupt every screen now"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Broadcast now"))
        self.ok.setEnabled(False)
        self.confirm.toggled.connect(lambda on: self.ok.setEnabled(on and bool(self.message.toPlainText().strip())))
        self.message.textChanged.connect(lambda: self.confirm.toggled.emit(self.confirm.isChecked()))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Message"), self.message)
        form.addRow(tr("Duration"), self.minutes)
        form.addRow(self.confirm)
        form.addRow(buttons)


class AlertPanel(QWidget):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.start_button = QPushButton(tr("EMERGENCY ALERT…"))
        self.start_button.setObjectName("alertButton")
        self.start_button.setMinimumHeight(44)
        self.start_button.setStyleSheet(
            "QPushButton { background: #C62828; color: white; font-weight: bold; font-size: 15px; padding: 0 18px; }"
        )
        self.start_button.clicked.connect(self.ask_and_start)
        self.stop_button = QPushButton(tr("Stop alerts"))
        self.stop_button.setObjectName("stopAlertButton")
        self.stop_button.setMinimumHeight(44)
        self.stop_button.clicked.connect(self.stop_all)
        self.state = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.start_button)
        layout.addWidget(self.stop_button)
        layout.addWidget(self.state, 1)

    def refresh(self) -> None:
        with self.services.sessions() as s:
            live = list_alerts(s, now=self.services.clock.now())
            text = "; ".join(f"#{a.id} {a.title} ({tr('until')} {a.ends_at.astimezone():%H:%M})" for a in live)
        self.state.setText(f"<b style='color:#C62828'>{tr('On air')}: {text}</b>" if text else tr("No alert on air."))
        self.stop_button.setEnabled(bool(text))

    def ask_and_start(self) -> None:
        dialog = AlertDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.start(dialog.title.text().strip(), dialog.message.toPlainText().strip(), dialog.minutes.value())

    def start(self, title: str, message: str, minutes: int) -> None:
        svc = self.services
        try:
            with svc.sessions.begin() as s:
                start_alert(
                    s,
                    message=message,
                    title=title or tr("EMERGENCY WARNING"),
                    screen_ids=None,
                    minutes=minutes,
                    clock=svc.clock,
                    actor=svc.actor,
                )
        except VideotronError as exc:
            show_error(self, exc)
        self.refresh()

    def stop_all(self, confirmed: bool = False) -> None:
        if not confirmed:
            answer = QMessageBox.question(self, tr("Stop alerts"), tr("End every alert and return to the schedule?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            with self.services.sessions.begin() as s:
                stop_alert(s, None, clock=self.services.clock, actor=self.services.actor)
        except VideotronError as exc:
            show_error(self, exc)
        self.refresh()
