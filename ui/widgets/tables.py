"""A read-only table of rows the officer picks one of (waiting tickets, deadlines)."""

from __future__ import annotations

from ui.qt import QAbstractItemView, Qt, QTableWidget, QWidget, Signal


class RowTable(QTableWidget):
    """Whole rows, one selected at a time, nothing editable; a double-click or Enter on
    a row emits ``row_chosen(row)``."""

    row_chosen = Signal(int)

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.doubleClicked.connect(lambda index: self.row_chosen.emit(index.row()))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.row_chosen.emit(self.currentRow())
            return
        super().keyPressEvent(event)
