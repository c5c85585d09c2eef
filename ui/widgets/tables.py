"""Read-only tables: rows the officer picks one of (waiting tickets, deadlines), and plain
lists to read (history, hand-overs, the admin page's lists)."""

from __future__ import annotations

from ui.qt import QAbstractItemView, QHeaderView, Qt, QTableWidget, QWidget, Signal


def read_only_table(headers: list[str], *, wrap: bool = False,
                    striped: bool = False) -> QTableWidget:
    """Rows to read, selected whole; columns sized to their contents. ``wrap`` for long
    text (history), ``striped`` for lists that fill the width (the last column stretches)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(wrap)
    table.setAlternatingRowColors(striped)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(striped)
    return table


def fit_columns(table: QTableWidget) -> None:
    """Columns as wide as their contents, the last one taking the rest; striped rows."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setAlternatingRowColors(True)


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
