"""The dossier detail's documents list: names, sizes, and scans dropped onto it."""

from __future__ import annotations

from pathlib import Path

from ui.qt import (QAbstractItemView, QCoreApplication, QDragEnterEvent, QDragMoveEvent,
                   QDropEvent, QListWidget, QListWidgetItem, QMimeData, Qt, QWidget, Signal)

INDEX_ROLE = Qt.ItemDataRole.UserRole


SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")


def size_text(size: int) -> str:
    """1234 → "1 KB", 2_500_000 → "2,4 MB" (Vietnamese decimal comma)."""
    if size < 1_048_576:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


def document_name(d: dict, index: int | None) -> str:
    if index is None or not 0 <= index < len(d["documents"]):
        return QCoreApplication.translate("DossierHistory", "cả hồ sơ")
    return d["documents"][index]["name"]


def local_files(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class DocumentDropList(QListWidget):
    """The dossier's documents checklist. Dropping local files on a row emits
    ``files_dropped(paths, document_index)``; elsewhere in the list, index None."""

    files_dropped = Signal(list, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentDrop")
        self.setAcceptDrops(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.accepting = True

    def _set_dropping(self, on: bool) -> None:
        self.setProperty("dropping", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if self.accepting and local_files(event.mimeData()):
            event.acceptProposedAction()
            self._set_dropping(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt override)
        if self.accepting and local_files(event.mimeData()):
            item = self.itemAt(event.position().toPoint())
            if item is not None:
                self.setCurrentItem(item)        # shows which document gets the file
            else:
                self.clearSelection()
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._set_dropping(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        self._set_dropping(False)
        paths = local_files(event.mimeData())
        if not self.accepting or not paths:
            event.ignore()
            return
        item = self.itemAt(event.position().toPoint())
        index = item.data(INDEX_ROLE) if item is not None else None
        event.acceptProposedAction()
        self.files_dropped.emit(paths, index)

    def fill(self, d: dict, files: list[dict]) -> None:
        self.clear()
        counts: dict[int | None, int] = {}
        for f in files:
            counts[f["document_index"]] = counts.get(f["document_index"], 0) + 1
        for index, doc in enumerate(d["documents"]):
            item = QListWidgetItem(self._text(doc, counts.get(index, 0)))
            item.setData(INDEX_ROLE, index)
            if not doc.get("provided", True):
                item.setForeground(Qt.GlobalColor.gray)
            self.addItem(item)

    def _text(self, doc: dict, files: int) -> str:
        mark = "✓" if doc.get("provided", True) else "—"
        amounts = []
        if doc.get("originals"):
            amounts.append(self.tr("{n} bản chính").format(n=doc["originals"]))
        if doc.get("copies"):
            amounts.append(self.tr("{n} bản sao").format(n=doc["copies"]))
        if not doc.get("provided", True):
            amounts.append(self.tr("không nộp"))
        text = f"{mark}  {doc['name']}"
        if amounts:
            text += f" ({', '.join(amounts)})"
        if files:
            text += self.tr("  · đã quét {n} tệp").format(n=files)
        return text

    def row_position(self, row: int):
        """The centre of a row in viewport coordinates (to drop onto it in tests)."""
        return self.visualItemRect(self.item(row)).center()
