"""Media: import by file dialog or drag and drop (probed and stored in the background, with progress),
thumbnails, preview, and approval or rejection with a reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playlists.media.library import MediaFields, approve, list_media, prepare, reject, save_media, slug
from playlists.media.thumbnails import make_thumbnail, thumbnail_path
from playlists.models import Media
from videotron.core.errors import VideotronError
from videotron.gui.i18n import tr
from videotron.gui.messages import show_error
from videotron.gui.services import Services
from videotron.gui.widgets import data_table, run_action
from videotron.gui.worker import run_in_background

MEDIA_SUFFIXES = (".mp4", ".mov", ".mkv", ".webm", ".avi", ".png", ".jpg", ".jpeg")


class ImportDialog(QDialog):
    """Asks what kind of content the files are, and how long images show."""

    def __init__(self, parent: QWidget, count: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import media"))
        self.kind = QComboBox()
        for kind in ("psa", "filler", "ad"):
            self.kind.addItem(tr(kind), kind)
        self.seconds = QSpinBox()
        self.seconds.setRange(1, 3600)
        self.seconds.setValue(10)
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Probing and storing {n} file(s)…", n=count)))
        form.addRow(tr("Kind of content:"), self.kind)
        form.addRow(tr("Seconds (images only):"), self.seconds)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def import_files(
    services: Services, files: list[Path], kind: str, image_seconds: int, progress: Callable[[int, int, str], None]
) -> tuple[list[str], list[str]]:
    """Runs on a worker thread: probe, store and record each file in its own transaction."""
    done: list[str] = []
    refused: list[str] = []
    for n, path in enumerate(files):
        progress(n, len(files), path.name)
        try:
            is_image = path.suffix.lower() in (".png", ".jpg", ".jpeg")
            prepared = prepare(path, image_seconds if is_image else None)
            with services.sessions.begin() as s:
                media = save_media(
                    s, MediaFields(slug(path.stem), kind, prepared), actor=services.actor, clock=services.clock
                ).row
                make_thumbnail(media.stored_name, media.sha256, media.is_image, media.duration_ms)
            done.append(path.name)
        except VideotronError as exc:
            refused.append(str(exc))
    progress(len(files), len(files), "")
    return done, refused


class MediaTab(QWidget):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.setAcceptDrops(True)
        self.table = data_table(
            "mediaTable",
            [tr("ID"), tr("Kind"), tr("Length"), tr("Size"), tr("Approval"), tr("Title")],
            stretch=False,
        )
        self.table.setIconSize(QSize(96, 48))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._preview)
        self.preview = QLabel(tr("Preview"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumWidth(280)
        self.preview.setStyleSheet("background:#111;color:#bbb;")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.hint = QLabel(tr("Drop video or image files here to import them."))
        self.hint.setStyleSheet("color:#666;")
        buttons = QHBoxLayout()
        for text, slot, name in (
            (tr("Import…"), self.choose_files, "importButton"),
            (tr("Approve…"), self.approve_selected, "approveButton"),
            (tr("Reject…"), self.reject_selected, "rejectButton"),
            (tr("Refresh"), self.refresh, "refreshButton"),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.hint)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(split, 1)
        self.busy = False

    # --- listing -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.services.sessions() as s:
            rows = list_media(s)
            self.table.setRowCount(len(rows))
            for r, m in enumerate(rows):
                self._fill_row(r, m)

    def _fill_row(self, r: int, m: Media) -> None:
        length = f"{m.duration_ms / 1000:.2f} s"
        kind = f"{tr(m.kind)} ({tr('image') if m.is_image else tr('video')})"
        if m.kind != "ad":
            state = tr("office content, no approval needed")
        elif m.approved and m.approved_at:
            state = tr("approved by {who} on {when}", who=m.approved_by, when=f"{m.approved_at:%d-%m-%Y}")
        elif m.rejected_reason:
            state = tr("rejected: {reason}", reason=m.rejected_reason)
        else:
            state = tr("waiting for approval")
        first = QTableWidgetItem(m.id)
        thumb = thumbnail_path(m.sha256)
        if thumb.exists():
            first.setIcon(QIcon(str(thumb)))
        first.setData(Qt.ItemDataRole.UserRole, m.sha256)
        self.table.setItem(r, 0, first)
        for c, value in enumerate([kind, length, f"{m.width}x{m.height}", state, m.title], start=1):
            item = QTableWidgetItem(value)
            if c == 4 and not m.approved:
                item.setForeground(Qt.GlobalColor.red if m.rejected_reason else Qt.GlobalColor.darkYellow)
            self.table.setItem(r, c, item)

    def _preview(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        thumb = thumbnail_path(item.data(Qt.ItemDataRole.UserRole)) if item else None
        if thumb is None or not thumb.exists():
            self.preview.setPixmap(QPixmap())
            self.preview.setText(tr("Preview"))
            return
        pix = QPixmap(str(thumb))
        self.preview.setPixmap(
            pix.scaledToWidth(max(120, self.preview.width() - 16), Qt.TransformationMode.SmoothTransformation)
        )

    def selected_id(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.text() if item else None

    # --- import --------------------------------------------------------------------------------------------
    def choose_files(self) -> None:
        pattern = " ".join(f"*{s}" for s in MEDIA_SUFFIXES)
        names, _ = QFileDialog.getOpenFileNames(self, tr("Choose media files"), "", f"{tr('Media files')} ({pattern})")
        if names:
            self.start_import([Path(n) for n in names])

    def start_import(self, files: list[Path], kind: str | None = None, seconds: int | None = None) -> None:
        if self.busy or not files:
            return
        if kind is None:
            dialog = ImportDialog(self, len(files))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            kind, seconds = dialog.kind.currentData(), dialog.seconds.value()
        self.busy = True
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.job = run_in_background(
            lambda progress: import_files(self.services, files, kind or "psa", seconds or 10, progress),
            self._import_done,
            self._import_failed,
            self._import_progress,
        )

    def _import_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.setFormat(f"%v / %m  {name}")

    def _import_done(self, result: tuple[list[str], list[str]]) -> None:
        self.busy = False
        self.progress.setVisible(False)
        done, refused = result
        self.refresh()
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(tr("Imported {ok} file(s); {bad} refused.", ok=len(done), bad=len(refused)))
        if refused:
            show_error(self, VideotronError("\n\n".join(refused)))

    def _import_failed(self, exc: Exception) -> None:
        self.busy = False
        self.progress.setVisible(False)
        show_error(self, exc)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [f for f in files if f.suffix.lower() in MEDIA_SUFFIXES]
        if files:
            event.acceptProposedAction()
            self.start_import(files)

    # --- approval ------------------------------------------------------------------------------------------
    def approve_selected(self, by: str | None = None) -> None:
        media_id = self.selected_id()
        if not media_id:
            show_error(self, VideotronError(tr("Select a media item first.")))
            return
        if not by:
            by, ok = QInputDialog.getText(self, tr("Approve…"), tr("Approved by (name):"), text=self.services.actor)
            if not ok:
                return
        self._act(lambda s: approve(s, media_id, by=by or "", actor=self.services.actor, clock=self.services.clock))

    def reject_selected(self, reason: str | None = None) -> None:
        media_id = self.selected_id()
        if not media_id:
            show_error(self, VideotronError(tr("Select a media item first.")))
            return
        if not reason:
            reason, ok = QInputDialog.getText(self, tr("Reject…"), tr("Reason for rejection:"))
            if not ok:
                return
        self._act(
            lambda s: reject(s, media_id, reason=reason or "", actor=self.services.actor, clock=self.services.clock)
        )

    def _act(self, action: Callable[..., object]) -> None:
        run_action(self, self.services, action)
        self.refresh()
