"""The list half of the dossier page: search box and filters, the results table."""

from __future__ import annotations

from counter_app.domain import limits
from counter_app.domain.statuses import Channel, Status
from ui.input_limits import limit
from ui.pages.dossiers.ops import Query, local_text
from ui.qt import (QAbstractItemView, QCheckBox, QColor, QComboBox, QFont, QGridLayout,
                   QHBoxLayout, QHeaderView, QLabel, QLineEdit, Qt, QTableWidget, QTableWidgetItem,
                   QWidget, Signal)
from ui.widgets.panel import PANEL_STYLE

OVERDUE_BACKGROUND = "#fbe3e1"
OVERDUE_FOREGROUND = "#8c1d18"
DUE_TODAY_BACKGROUND = "#fff4d6"
CODE_ROLE = Qt.ItemDataRole.UserRole

DOSSIERS_STYLE = PANEL_STYLE + """
QLineEdit#dossierSearch { font-size: 12pt; padding: 5px 8px; }
QLabel#detailCode { font-size: 14pt; font-weight: 700; color: #123d6b; }
QLabel#statusBadge { background: #1a5490; color: white; border-radius: 4px;
                     padding: 2px 10px; font-weight: 600; }
QLabel#statusBadge[final="true"] { background: #52606d; }
QLabel#statusBadge[done="true"] { background: #2e7d32; }
QLabel#overdueBadge { background: #b3261e; color: white; border-radius: 4px;
                      padding: 2px 10px; font-weight: 600; }
QLabel#dueTodayBadge, QLabel#refundBadge { background: #f6c343; color: #3d2c00;
                       border-radius: 4px; padding: 2px 10px; font-weight: 600; }
QLabel#fieldName { color: #52606d; }
QLabel#fieldValue { color: #1f2933; }
QPushButton#dossierAction { min-height: 30px; padding: 0 10px; text-align: left; }
QListWidget#documentDrop::item { padding: 3px 2px; }
QListWidget#documentDrop[dropping="true"] { border: 2px dashed #1a5490; background: #e8f1fb; }
QFrame#detailPanel[dropping="true"] { border: 2px dashed #1a5490; }
"""


class FilterBar(QWidget):
    """Emits ``text_changed(str)`` while typing (the page debounces it) and
    ``filters_changed()`` when a filter control changes."""

    text_changed = Signal(str)
    filters_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = limit(QLineEdit(), limits.SEARCH)
        self.search_edit.setObjectName("dossierSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr(
            "Tìm theo mã hồ sơ, họ tên, số định danh, số điện thoại, thủ tục — "
            "gõ không dấu cũng được"))
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("Tất cả trạng thái"), None)
        for status in Status:
            self.status_combo.addItem(status.label, int(status))
        self.field_combo = QComboBox()
        self.field_combo.addItem(self.tr("Tất cả lĩnh vực"), None)
        self.channel_combo = QComboBox()
        self.channel_combo.addItem(self.tr("Tất cả kênh"), None)
        for channel in Channel:
            self.channel_combo.addItem(channel.label, int(channel))
        self.due_today_box = QCheckBox(self.tr("Đến hạn hôm nay"))
        self.due_today_box.setToolTip(self.tr(
            "Hồ sơ chưa giải quyết xong có hẹn trả đến hết hôm nay (kể cả đã quá hạn)"))
        self.overdue_box = QCheckBox(self.tr("Quá hạn"))
        self.overdue_box.setToolTip(self.tr("Hồ sơ chưa giải quyết xong đã qua giờ hẹn trả"))
        self.search_edit.textChanged.connect(self.text_changed)
        for combo in (self.status_combo, self.field_combo, self.channel_combo):
            combo.currentIndexChanged.connect(lambda _i: self.filters_changed.emit())
        for box in (self.due_today_box, self.overdue_box):
            box.toggled.connect(lambda _on: self.filters_changed.emit())
        self._layout()

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.search_edit, 0, 0, 1, 2)
        row = QHBoxLayout()
        row.setSpacing(8)
        for label, combo in ((self.tr("Trạng thái:"), self.status_combo),
                             (self.tr("Lĩnh vực:"), self.field_combo),
                             (self.tr("Kênh:"), self.channel_combo)):
            row.addWidget(QLabel(label))
            row.addWidget(combo)
        row.addSpacing(6)
        row.addWidget(self.due_today_box)
        row.addWidget(self.overdue_box)
        row.addStretch(1)
        self.extra_row = row          # the page adds its buttons at the end
        grid.addLayout(row, 1, 0, 1, 2)

    def set_fields(self, fields: list[tuple[str, str]]) -> None:
        current = self.field_combo.currentData()
        self.field_combo.blockSignals(True)
        while self.field_combo.count() > 1:
            self.field_combo.removeItem(1)
        for code, name in fields:
            self.field_combo.addItem(name, code)
        index = self.field_combo.findData(current)
        self.field_combo.setCurrentIndex(max(0, index))
        self.field_combo.blockSignals(False)

    def query(self) -> Query:
        return Query(text=self.search_edit.text().strip(),
                     status=self.status_combo.currentData(),
                     field=self.field_combo.currentData(),
                     channel=self.channel_combo.currentData(),
                     due_today=self.due_today_box.isChecked(),
                     overdue=self.overdue_box.isChecked())

    def set_text_quietly(self, text: str) -> None:
        self.search_edit.blockSignals(True)
        self.search_edit.setText(text)
        self.search_edit.blockSignals(False)

    def clear_filters_quietly(self) -> None:
        controls = (self.status_combo, self.field_combo, self.channel_combo,
                    self.due_today_box, self.overdue_box)
        for control in controls:
            control.blockSignals(True)
        for combo in controls[:3]:
            combo.setCurrentIndex(0)
        for box in controls[3:]:
            box.setChecked(False)
        for control in controls:
            control.blockSignals(False)


def list_table(table: QTableWidget, headers: list[str]) -> QTableWidget:
    """A read-only list of rows chosen one at a time (the dossiers, the slips)."""
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    return table


class ResultsTable(QTableWidget):
    """The dossiers found, newest first; emits ``code_selected(code)``."""

    code_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 7, parent)
        list_table(self, [
            self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Thủ tục"), self.tr("Trạng thái"),
            self.tr("Tiếp nhận"), self.tr("Hẹn trả"), self.tr("Kênh")])
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        # Codes and times are read whole; names, procedure and status may be cut short.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((1, 140), (3, 135)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.codes: list[str] = []
        self.rows: list[dict] = []
        self.itemSelectionChanged.connect(self._selection_changed)

    def _selection_changed(self) -> None:
        code = self.selected_code()
        if code is not None:
            self.code_selected.emit(code)

    def fill(self, rows: list[dict], keep: str | None = None) -> None:
        """Show ``rows``; select ``keep`` again if it is among them (quietly)."""
        self.blockSignals(True)
        self.clearSelection()
        self.rows = rows
        self.codes = [d["code"] for d in rows]
        self.setRowCount(len(rows))
        for r, d in enumerate(rows):
            for c, item in enumerate(self._cells(d)):
                self.setItem(r, c, item)
        if keep in self.codes:
            self.selectRow(self.codes.index(keep))
        self.blockSignals(False)

    def _cells(self, d: dict) -> list[QTableWidgetItem]:
        due = local_text(d["due_at"])
        if not due and d.get("competent_agency"):
            due = self.tr("Chờ CQ có thẩm quyền")    # received on behalf of another commune
        if d["overdue"]:
            due = self.tr("{due} · Quá hạn").format(due=due)
        elif d["due_today"]:
            due = self.tr("{due} · Hôm nay").format(due=due)
        texts = [d["code"], d["applicant_name"], d["procedure_name"], d["status_label"],
                 local_text(d["received_at"]), due, d["channel_label"]]
        items = [QTableWidgetItem(text) for text in texts]
        for column in (1, 2, 3, 6):          # may be cut short: the whole text on hover
            items[column].setToolTip(texts[column])
        items[0].setData(CODE_ROLE, d["code"])
        bold = QFont(items[0].font())
        bold.setBold(True)
        items[0].setFont(bold)
        if d["overdue"]:
            items[5].setFont(bold)
            items[5].setForeground(QColor(OVERDUE_FOREGROUND))
            tip = self.tr("Quá hạn: chưa giải quyết xong mà đã qua giờ hẹn trả")
        elif d["due_today"]:
            tip = self.tr("Đến hạn trả kết quả hôm nay")
        else:
            tip = ""
        for item in items:
            if d["overdue"]:
                item.setBackground(QColor(OVERDUE_BACKGROUND))
            elif d["due_today"]:
                item.setBackground(QColor(DUE_TODAY_BACKGROUND))
            if tip:
                item.setToolTip("\n".join(t for t in (item.toolTip(), tip) if t))
        return items

    def selected_code(self) -> str | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        if rows and rows[0].row() < len(self.codes):
            return self.codes[rows[0].row()]
        return None

    def select_code(self, code: str) -> bool:
        if code not in self.codes:
            return False
        self.selectRow(self.codes.index(code))
        return True

    def is_highlighted(self, row: int) -> bool:
        """True when the row shows as overdue (tint and mark), for tests and screenshots."""
        item = self.item(row, 5)
        return item is not None and item.background().color() == QColor(OVERDUE_BACKGROUND) \
            and item.text().endswith(self.tr("Quá hạn"))


def count_text(widget: QWidget, shown: int, truncated: bool, filtered: bool) -> str:
    if truncated:
        return widget.tr("Hiển thị {n} hồ sơ mới nhất — gõ thêm hoặc chọn bộ lọc để thu hẹp."
                         ).format(n=shown)
    if shown == 0:
        return widget.tr("Không tìm thấy hồ sơ nào.") if filtered else \
            widget.tr("Chưa có hồ sơ nào.")
    return widget.tr("Tìm thấy {n} hồ sơ.").format(n=shown) if filtered else \
        widget.tr("{n} hồ sơ, mới nhất trước.").format(n=shown)
