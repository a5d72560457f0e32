"""Printing documents through Qt's print support: the PDF's own pages, rasterised at printer resolution,
so what is printed is exactly what the PDF shows (no second layout to drift apart)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget


def pdf_pages(pdf: bytes, dpi: int = 200) -> list[QImage]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for page in doc:
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB byte order, as QImage wants it
            data = bytes(bitmap.buffer)
            image = QImage(data, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
            images.append(image.copy())  # detach from `data`
            bitmap.close()
            page.close()
    finally:
        doc.close()
    return images


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    painter = QPainter(printer)
    try:
        for n, image in enumerate(pages):
            if n:
                printer.newPage()
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(QRect(target.x(), target.y(), scaled.width(), scaled.height()))
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()


def make_printer(page_size: QPageSize.PageSizeId) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(page_size))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF carries its own margins
    return printer


def preview(
    parent: QWidget, pdf: bytes, title: str, page_size: QPageSize.PageSizeId = QPageSize.PageSizeId.A4
) -> QPrintPreviewDialog:
    pages = pdf_pages(pdf)
    printer = make_printer(page_size)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer = printer  # type: ignore[attr-defined]  # the dialog does not own it; keep it alive as long
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda printer: paint_pages(printer, pages))
    dialog.resize(900, 1000)
    return dialog
