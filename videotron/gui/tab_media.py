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
    QMessageBox,
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
from videotron.core.context import AppContext
from videotron.core.errors import VideotronError
from videotron.core.i18n import N_, render_error, say, tr
from videotron.gui.messages import show_error
from videotron.gui.roles import guard
from videotron.gui.widgets import ask, data_table, run_action
from videotron.gui.worker import run_in_background

MEDIA_SUFFIXES = (".mp4", ".mov", ".mkv", ".webm", ".avi", ".png", ".jpg", ".jpeg")
KINDS = (N_("psa"), N_("filler"), N_("ad"))  # media kinds, shown with tr(kind, language)


class ImportDialog(QDialog):
    """Asks what kind of content the files are, and how long images show."""

    def __init__(self, parent: QWidget, count: int, language: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import media", language))
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(tr(kind, language), kind)
        self.seconds = QSpinBox()
        self.seconds.setRange(1, 3600)
        self.seconds.setValue(10)
        form = QFormLayout(self)
        form.addRow(QLabel(say(language, "desk.probing", "Probing and storing {n} file(s)…", n=count)))
        form.addRow(tr("Kind of content:", language), self.kind)
        form.addRow(tr("Seconds (images only):", language), self.seconds)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def import_files(
    ctx: AppContext, files: list[Path], kind: str, image_seconds: int, progress: Callable[[int, int, str], None]
) -> tuple[list[str], list[str]]:
    """Runs on a worker thread: probe, store and record each file in its own transaction."""
    done: list[str] = []
    refused: list[str] = []
    for n, path in enumerate(files):
        progress(n, len(files), path.name)
        try:
            is_image = path.suffix.lower() in (".png", ".jpg", ".jpeg")
            prepared = prepare(path, image_seconds if is_image else None)
            with ctx.sessions().begin() as s:
                media = save_media(
                    s, MediaFields(slug(path.stem), kind, prepared), actor=ctx.actor, clock=ctx.clock
                ).row
                make_thumbnail(media.stored_name, media.sha256, media.is_image, media.duration_ms)
            done.append(path.name)
        except VideotronError as exc:
            refused.append(render_error(exc, ctx.language))
    progress(len(files), len(files), "")
    return done, refused


class MediaTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        language = ctx.language
        self.setAcceptDrops(True)
        self.table = data_table(
            "mediaTable",
            [
                tr("ID", language),
                tr("Kind", language),
                tr("Length", language),
                tr("Size", language),
                tr("Approval", language),
                tr("Title", language),
            ],
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
        self.preview = QLabel(tr("Preview", language))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumWidth(280)
        self.preview.setStyleSheet("background:#111;color:#bbb;")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.hint = QLabel(tr("Drop video or image files here to import them.", language))
        self.hint.setStyleSheet("color:#666;")
        buttons = QHBoxLayout()
        for text, slot, name, permission in (
            (tr("Import…", language), self.choose_files, "importButton", "media.add"),
            (tr("Approve…", language), self.approve_selected, "approveButton", "media.approve"),
            (tr("Reject…", language), self.reject_selected, "rejectButton", "media.approve"),
            (tr("Refresh", language), self.refresh, "refreshButton", None),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            guard(b, ctx, permission)
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
        self.import_dialog: ImportDialog | None = None
        self.question: QInputDialog | None = None

    # --- listing -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.ctx.sessions()() as s:
            rows = list_media(s)
            self.table.setRowCount(len(rows))
            for r, m in enumerate(rows):
                self._fill_row(r, m)

    def _fill_row(self, r: int, m: Media) -> None:
        language = self.ctx.language
        length = f"{m.duration_ms / 1000:.2f} s"
        kind = f"{tr(m.kind, language)} ({tr('image', language) if m.is_image else tr('video', language)})"
        if m.kind != "ad":
            state = tr("office content, no approval needed", language)
        elif m.approved and m.approved_at:
            state = say(language, "desk.approved_by", "approved by {who} on {when}", who=m.approved_by,
                        when=f"{m.approved_at:%d-%m-%Y}")  # fmt: skip
        elif m.rejected_reason:
            state = say(language, "desk.rejected", "rejected: {reason}", reason=m.rejected_reason)
        else:
            state = tr("waiting for approval", language)
        first = QTableWidgetItem(m.id)
        thumb = thumbnail_path(m.sha256)
        if thumb.exists():
            first.setIcon(QIcon(str(thumb)))
        first.setData(Qt.ItemDataRole.UserRole, m.sha256)
        self.table.setItem(r, 0, first)
        title = m.title if m.title != m.id else ""  # a title only when the office gave one (it defaults to the id)
        for c, value in enumerate([kind, length, f"{m.width}x{m.height}", state, title], start=1):
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
            self.preview.setText(tr("Preview", self.ctx.language))
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
        pattern, language = " ".join(f"*{s}" for s in MEDIA_SUFFIXES), self.ctx.language
        names, _ = QFileDialog.getOpenFileNames(self, tr("Choose media files", language), "",
                                                f"{tr('Media files', language)} ({pattern})")  # fmt: skip
        if names:
            self.start_import([Path(n) for n in names])

    def start_import(self, files: list[Path]) -> None:
        """Ask what the dropped or chosen files are (window-modal, not blocking); OK imports them."""
        if self.busy or not files:
            return
        self.import_dialog = ImportDialog(self, len(files), self.ctx.language)
        dialog = self.import_dialog
        dialog.accepted.connect(lambda: self._import(files, dialog.kind.currentData(), dialog.seconds.value()))
        dialog.open()

    def _import(self, files: list[Path], kind: str, seconds: int) -> None:
        """Probe, store and record the files on a worker thread, with progress; the window stays responsive."""
        self.busy = True
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.job = run_in_background(
            lambda progress: import_files(self.ctx, files, kind, seconds, progress),
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
            window.statusBar().showMessage(say(self.ctx.language, "desk.imported", "Imported {ok} file(s); {bad} "
                                               "refused.", ok=len(done), bad=len(refused)))  # fmt: skip
        if refused:
            self._refused("\n\n".join(refused))

    def _refused(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Error", self.ctx.language), text,
                          QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setObjectName("errorBox")
        box.open()

    def _import_failed(self, exc: Exception) -> None:
        self.busy = False
        self.progress.setVisible(False)
        show_error(self, exc, self.ctx.language)

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
    def approve_selected(self) -> None:
        """Ask who approved the selected ad (the acting user is offered); OK records the approval."""
        media_id, language = self.selected_id(), self.ctx.language
        if not media_id:
            show_error(self, VideotronError("desk.select_media", "Select a media item first."), language)
            return
        self.question = ask(self, tr("Approve…", language), tr("Approved by (name):", language),
                            lambda by: self.approve_as(media_id, by), text=self.ctx.actor)  # fmt: skip

    def approve_as(self, media_id: str, by: str) -> None:
        self._act(lambda s: approve(s, media_id, by=by, actor=self.ctx.actor, clock=self.ctx.clock))

    def reject_selected(self) -> None:
        """Ask why the selected ad is rejected; OK records the rejection."""
        media_id, language = self.selected_id(), self.ctx.language
        if not media_id:
            show_error(self, VideotronError("desk.select_media", "Select a media item first."), language)
            return
        self.question = ask(self, tr("Reject…", language), tr("Reason for rejection:", language),
                            lambda reason: self.reject_for(media_id, reason))  # fmt: skip

    def reject_for(self, media_id: str, reason: str) -> None:
        self._act(lambda s: reject(s, media_id, reason=reason, actor=self.ctx.actor, clock=self.ctx.clock))

    def _act(self, action: Callable[..., object]) -> None:
        run_action(self, self.ctx, action)
        self.refresh()
