"""Daftar putar: PSA playlists ordered by drag and drop, and the dayparts that put them on each screen."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playlists.models import Media, Playlist, Screen
from playlists.psa_playlists import (
    DaypartFields,
    PlaylistFields,
    dayparts_of,
    delete_daypart,
    save_daypart,
    save_playlist,
)
from videotron.core.context import AppContext
from videotron.core.i18n import tr
from videotron.gui.fields import FormFields
from videotron.gui.roles import guard
from videotron.gui.widgets import data_table, run_action


class PlaylistsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        language = ctx.language
        self.playlists = QListWidget()
        self.playlists.setObjectName("playlistList")
        self.playlists.currentItemChanged.connect(self._load_items)
        self.items = QListWidget()
        self.items.setObjectName("playlistItems")
        self.items.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.items.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.library = QListWidget()
        self.library.setObjectName("psaLibrary")
        self.library.itemDoubleClicked.connect(lambda item: self._add_media(item.text()))
        new = QPushButton(tr("New playlist…", language))
        new.clicked.connect(self.new_playlist)
        add = QPushButton(tr("← Add", language))
        add.setObjectName("addToPlaylist")
        add.clicked.connect(lambda: self.library.currentItem() and self._add_media(self.library.currentItem().text()))
        remove = QPushButton(tr("Remove", language))
        remove.clicked.connect(lambda: self.items.takeItem(self.items.currentRow()))
        save = QPushButton(tr("Save playlist", language))
        save.setObjectName("savePlaylist")
        save.clicked.connect(self.save_current)
        for button in (new, add, remove, save):
            guard(button, ctx, "playlist.edit")
        left = QVBoxLayout()
        left.addWidget(self.playlists, 1)
        left.addWidget(new)
        middle = QVBoxLayout()
        middle.addWidget(self.items, 1)
        row = QHBoxLayout()
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(save)
        middle.addLayout(row)
        right = QVBoxLayout()
        right.addWidget(self.library, 1)
        right.addWidget(add)
        top = QHBoxLayout()
        for title, inner, stretch in (
            (tr("Playlists", language), left, 1),
            (tr("Items (drag to reorder)", language), middle, 2),
            (tr("PSA and filler media", language), right, 1),
        ):
            box = QGroupBox(title)
            box.setLayout(inner)
            top.addWidget(box, stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self._daypart_box(), 1)

    def _daypart_box(self) -> QGroupBox:
        language = self.ctx.language
        self.dayparts = data_table(
            "daypartTable",
            [
                tr("Screen", language),
                tr("Playlist", language),
                tr("Days", language),
                tr("Start", language),
                tr("End", language),
                tr("Priority", language),
            ],
            stretch=True,
        )
        self.dp_screen, self.dp_playlist = QComboBox(), QComboBox()
        self.dp_days = QLineEdit("mon-sun")
        self.dp_start, self.dp_end = QLineEdit("06:00"), QLineEdit("22:00")
        self.dp_priority = QSpinBox()
        self.dp_priority.setRange(-1000, 1000)
        form = QFormLayout()
        self.daypart_fields = FormFields(form)
        self.daypart_fields.add("screen", tr("Screen", language), self.dp_screen)
        self.daypart_fields.add("playlist", tr("Playlist", language), self.dp_playlist)
        self.daypart_fields.add("days", tr("Days (mon-fri, sat,sun…)", language), self.dp_days)
        self.daypart_fields.add("start", tr("Start", language), self.dp_start)
        self.daypart_fields.add("end", tr("End", language), self.dp_end)
        self.daypart_fields.add("priority", tr("Priority", language), self.dp_priority)
        add = QPushButton(tr("Add daypart", language))
        add.setObjectName("addDaypart")
        add.clicked.connect(self.add_daypart)
        delete = QPushButton(tr("Delete daypart", language))
        delete.clicked.connect(self.delete_selected_daypart)
        for button in (add, delete):
            guard(button, self.ctx, "daypart.edit")
        form.addRow(add, delete)
        box = QGroupBox(tr("Dayparts", language))
        inner = QHBoxLayout(box)
        inner.addWidget(self.dayparts, 3)
        inner.addLayout(form, 1)
        return box

    def refresh(self) -> None:
        current = self.playlists.currentItem().text() if self.playlists.currentItem() else None
        with self.ctx.sessions()() as s:
            playlist_ids = list(s.scalars(select(Playlist.id).order_by(Playlist.id)))
            library = list(s.scalars(select(Media.id).where(Media.kind != "ad").order_by(Media.id)))
            screens = list(s.scalars(select(Screen.id).order_by(Screen.id)))
            parts = [(d.id, d.screen_id, d.playlist_id, d.days, d.start, d.end, d.priority) for d in dayparts_of(s)]
        self.playlists.blockSignals(True)
        self.playlists.clear()
        self.playlists.addItems(playlist_ids)
        self.playlists.blockSignals(False)
        self.library.clear()
        self.library.addItems(library)
        for combo, values in ((self.dp_screen, screens), (self.dp_playlist, playlist_ids)):
            combo.clear()
            combo.addItems(values)
        self.dayparts.setRowCount(len(parts))
        for r, part in enumerate(parts):
            for c, value in enumerate(part[1:]):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, part[0])
                self.dayparts.setItem(r, c, item)
        matches = self.playlists.findItems(current or "", Qt.MatchFlag.MatchExactly) if current else []
        self.playlists.setCurrentItem(matches[0] if matches else self.playlists.item(0))

    def _load_items(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        self.items.clear()
        if current is None:
            return
        with self.ctx.sessions()() as s:
            playlist = s.get(Playlist, current.text())
            if playlist:
                self.items.addItems([i.media_id for i in playlist.items])

    def _add_media(self, media_id: str) -> None:
        self.items.addItem(media_id)

    def item_ids(self) -> list[str]:
        return [self.items.item(i).text() for i in range(self.items.count())]

    def new_playlist(self) -> None:
        language = self.ctx.language
        name, ok = QInputDialog.getText(self, tr("New playlist…", language),
                                        tr("Playlist id (lowercase, digits, -):", language))  # fmt: skip
        if ok and name:
            item = QListWidgetItem(name.strip())
            self.playlists.addItem(item)
            self.playlists.setCurrentItem(item)

    def save_current(self) -> None:
        current = self.playlists.currentItem()
        if current is None:
            return
        self._act(
            lambda s: save_playlist(
                s,
                PlaylistFields(current.text(), current.text(), self.item_ids()),
                actor=self.ctx.actor,
                clock=self.ctx.clock,
            )
        )

    def add_daypart(self) -> None:
        self._act(
            lambda s: save_daypart(
                s,
                DaypartFields(
                    screen=self.dp_screen.currentText(),
                    playlist=self.dp_playlist.currentText(),
                    days=self.dp_days.text().strip(),
                    start=self.dp_start.text().strip(),
                    end=self.dp_end.text().strip(),
                    priority=self.dp_priority.value(),
                ),
                actor=self.ctx.actor,
                clock=self.ctx.clock,
            ),
            self.daypart_fields,
        )

    def delete_selected_daypart(self) -> None:
        row = self.dayparts.currentRow()
        if row < 0:
            return
        ident = self.dayparts.item(row, 0).data(Qt.ItemDataRole.UserRole)
        self._act(lambda s: delete_daypart(s, ident, actor=self.ctx.actor, clock=self.ctx.clock))

    def _act(self, action: Callable[[Session], object], fields: FormFields | None = None) -> None:
        if run_action(self, self.ctx, action, fields):
            self.refresh()
