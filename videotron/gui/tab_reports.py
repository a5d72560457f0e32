"""Laporan: pick a month, preview the monthly retribution report or the proof-of-play report exactly as its
PDF prints (charts included), and export it as PDF, XLSX or CSV."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from billing.reports.export import Kind, export_report
from billing.reports.period import Month
from videotron.core.context import AppContext
from videotron.core.i18n import N_, say, tr
from videotron.gui.fields import month_field
from videotron.gui.long_work import LongWork
from videotron.gui.messages import show_error
from videotron.gui.printing import pdf_pages
from videotron.gui.widgets import office_today as today_box
from videotron.gui.worker import run_in_background

KINDS = (("month", N_("Monthly retribution report")), ("delivery", N_("Proof-of-play report")))


def build_report(ctx: AppContext, kind: Kind, month: Month, fmt: str, out: Path | io.BytesIO) -> None:
    """Write the report with the export service the command line uses; runs on a worker thread. Like every
    document it speaks the office's language (its configuration), whatever language the desk's menus speak."""
    export_report(ctx.sessions(), kind, month, out, fmt=fmt, config=ctx.config, actor=ctx.actor, clock=ctx.clock)


class ReportsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        language = ctx.language
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(tr(label, language), key)
        self.month = month_field(today_box(ctx), "reportMonth")
        preview = QPushButton(tr("Preview", language))
        preview.setObjectName("previewReport")
        preview.clicked.connect(self.preview)
        bar = QHBoxLayout()
        for w in (QLabel(tr("Report", language)), self.kind, QLabel(tr("Month", language)), self.month, preview):
            bar.addWidget(w)
        bar.addStretch(1)
        for fmt in ("pdf", "xlsx", "csv"):
            b = QPushButton(say(language, "desk.export", "Export {fmt}…", fmt=fmt.upper()))
            b.setObjectName(f"export_{fmt}")
            b.clicked.connect(lambda _=False, f=fmt: self.export(f))
            bar.addWidget(b)
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        scroll.setStyleSheet("QScrollArea { background: #888; }")
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        self.busy = False
        self.work: LongWork | None = None
        self.page_count = 0

    def selected_month(self) -> Month:
        d = self.month.date()
        return Month.parse(f"{d.year():04d}-{d.month():02d}")

    def preview(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.status.setText(tr("Working…", self.ctx.language))
        kind, month = self.kind.currentData(), self.selected_month()

        def work(_progress: Any) -> list[Any]:
            buffer = io.BytesIO()
            build_report(self.ctx, kind, month, "pdf", buffer)
            return pdf_pages(buffer.getvalue(), dpi=110)

        self.job = run_in_background(work, self._show, self._failed)

    def _show(self, images: list[Any]) -> None:
        self.busy = False
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #444;")
            self.pages_layout.addWidget(label)
        self.page_count = len(images)
        self.status.setText(say(self.ctx.language, "desk.pages", "{n} page(s)", n=len(images)))

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.status.setText("")
        show_error(self, exc, self.ctx.language)

    def export(self, fmt: str, path: str | None = None) -> None:
        month = self.selected_month()
        if path is None:
            suggested = f"laporan-{self.kind.currentData()}-{month}.{fmt}"
            title = say(self.ctx.language, "desk.export", "Export {fmt}…", fmt=fmt.upper())
            path, _ = QFileDialog.getSaveFileName(self, title, suggested, f"*.{fmt}")
            if not path:
                return
        if self.busy:
            return
        self.busy = True
        ctx, kind, out = self.ctx, self.kind.currentData(), Path(path)
        self.work = LongWork(self, ctx.language, say(ctx.language, "desk.exporting", "Writing {path}…", path=path),
                             lambda _p: build_report(ctx, kind, month, fmt, out), lambda _r: self._exported(out),
                             self._failed)  # fmt: skip

    def _exported(self, path: Path) -> None:
        self.busy = False
        self.status.setText(say(self.ctx.language, "desk.saved", "Saved {path}", path=str(path)))
