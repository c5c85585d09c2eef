"""Pieces of the dossier detail: readable history, the documents list that takes
dropped scans, simple read-only tables."""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.statuses import Status
from ui.pages.dossiers_data import local_text
from ui.qt import (QAbstractItemView, QCoreApplication, QDragEnterEvent, QDragMoveEvent,
                   QDropEvent, QHeaderView, QListWidget, QListWidgetItem, QMimeData,
                   QTableWidget, QTableWidgetItem, Qt, QWidget, Signal)

INDEX_ROLE = Qt.ItemDataRole.UserRole
SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")


def _tr(text: str) -> str:
    return QCoreApplication.translate("DossierHistory", text)


def size_text(size: int) -> str:
    """1234 → "1 KB", 2_500_000 → "2,4 MB" (Vietnamese decimal comma)."""
    if size < 1_048_576:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1_048_576:.1f} MB".replace(".", ",")


def document_name(d: dict, index: int | None) -> str:
    if index is None or not 0 <= index < len(d["documents"]):
        return _tr("cả hồ sơ")
    return d["documents"][index]["name"]


def _missing_names(missing: list[dict]) -> str:
    return "; ".join(m.get("name", "") for m in missing if m.get("name"))


def _received(p: dict) -> tuple[str, str]:
    if p.get("outcome") == "incomplete":
        return (_tr("Tiếp nhận: hồ sơ chưa đầy đủ (mẫu 02)"),
                _tr("Lý do: {reason}. Cần bổ sung: {missing}").format(
                    reason=p.get("reason", ""), missing=_missing_names(p.get("missing", []))))
    if p.get("outcome") == "refused":
        return (_tr("Từ chối tiếp nhận (mẫu 03)"),
                _tr("Lý do: {reason}").format(reason=p.get("reason", "")))
    parts = [_tr("Hẹn trả: {due}").format(due=local_text(p.get("due_at")))]
    if p.get("book_line"):
        parts.append(_tr("Sổ theo dõi quyển số {book}, số thứ tự {line}").format(
            book=p.get("book_number"), line=p["book_line"]))
    return _tr("Tiếp nhận"), "; ".join(parts)


def _status_changed(p: dict) -> tuple[str, str]:
    title = _tr("Chuyển trạng thái: {label}").format(label=Status(p["status"]).label)
    changed = p.get("set", {})
    parts = []
    handover = p.get("handover")
    if handover:
        parts.append(_tr("Chuyển đến {to}").format(to=handover.get("to_agency", "")))
        if handover.get("receiver"):
            parts.append(_tr("người nhận: {who}").format(who=handover["receiver"]))
        if handover.get("note"):
            parts.append(_tr("ghi chú: {note}").format(note=handover["note"]))
    if changed.get("reason"):
        parts.append(_tr("Lý do: {reason}").format(reason=changed["reason"]))
    if changed.get("missing"):
        parts.append(_tr("Cần bổ sung: {missing}").format(
            missing=_missing_names(changed["missing"])))
    if changed.get("due_at"):
        parts.append(_tr("Thời hạn tính lại, hẹn trả mới: {due}").format(
            due=local_text(changed["due_at"])))
    if changed.get("returned_to"):
        parts.append(_tr("Người nhận kết quả: {who}").format(who=changed["returned_to"]))
    return title, "; ".join(parts)


def describe_event(event: dict, d: dict) -> tuple[str, str]:
    """(what happened, details) in Vietnamese for one history event."""
    p = event["payload"]
    kind = event["type"]
    if kind == "dossier.received":
        return _received(p)
    if kind == "dossier.status_changed":
        return _status_changed(p)
    if kind == "dossier.apologized":
        return (_tr("Xin lỗi, hẹn lại ngày trả (phiếu số {number})").format(number=p["number"]),
                _tr("Hẹn cũ: {old}; hẹn mới: {new}; lý do: {reason}").format(
                    old=local_text(p.get("old_due")), new=local_text(p.get("new_due")),
                    reason=p.get("reason", "")))
    if kind == "dossier.file_attached":
        return (_tr("Đính kèm tệp {kind} (số hóa)").format(kind=p.get("kind", "").upper()),
                _tr("Giấy tờ: {name}; {size}").format(
                    name=document_name(d, p.get("document_index")),
                    size=size_text(p.get("size", 0))))
    return kind, ""


def local_files(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def read_only_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]], stretch: int,
               widths: dict[int, int] | None = None) -> None:
    """Rows of text; column ``stretch`` takes the room left, ``widths`` are fixed."""
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text if len(text) > 40 else "")
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in (widths or {}).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(column, width)
    table.resizeRowsToContents()


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
