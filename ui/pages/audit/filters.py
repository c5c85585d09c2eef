"""The audit view's filter row: officer, dossier code, action, dates. ``changed`` is
emitted when a choice changes or the officer presses Enter / "Lọc"; ``current()`` is the
filter as the service takes it."""

from __future__ import annotations

from datetime import date

from counter_app.domain.event_labels import EVENT_LABELS
from counter_app.services.audit import AuditFilter
from ui.pages.audit import ops
from ui.qt import (QComboBox, QDate, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                   QPushButton, QWidget, Signal)


class AuditFilters(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = date.today()            # until the office's clock answers
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.officer_combo = QComboBox()
        self.officer_combo.addItem(self.tr("Mọi cán bộ"), None)
        self.officer_combo.setMinimumContentsLength(14)
        self.dossier_edit = QLineEdit()
        self.dossier_edit.setPlaceholderText(self.tr("Mã hồ sơ hoặc một phần mã"))
        self.dossier_edit.setClearButtonEnabled(True)
        self.action_combo = QComboBox()
        self.action_combo.addItem(self.tr("Mọi thao tác"), None)
        for kind, label in sorted(EVENT_LABELS.items(), key=lambda item: item[1]):
            self.action_combo.addItem(self.tr(label), kind)
        self.action_combo.setMaxVisibleItems(20)
        self.range_combo = QComboBox()
        for key, label in ops.RANGES:
            self.range_combo.addItem(self.tr(label), key)
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.apply_button = QPushButton(self.tr("Lọc"))
        dates = QHBoxLayout()
        dates.setSpacing(8)
        for widget in (self.range_combo, self.start_edit, QLabel("–"), self.end_edit):
            dates.addWidget(widget)
        dates.addStretch(1)
        grid.addWidget(QLabel(self.tr("Cán bộ")), 0, 0)
        grid.addWidget(self.officer_combo, 0, 1)
        grid.addWidget(QLabel(self.tr("Thao tác")), 0, 2)
        grid.addWidget(self.action_combo, 0, 3)
        grid.addWidget(QLabel(self.tr("Hồ sơ")), 1, 0)
        grid.addWidget(self.dossier_edit, 1, 1)
        grid.addWidget(QLabel(self.tr("Thời gian")), 1, 2)
        grid.addLayout(dates, 1, 3)
        grid.addWidget(self.apply_button, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.range_combo.setCurrentIndex(self.range_combo.findData("month"))
        self._show_range()
        self.officer_combo.currentIndexChanged.connect(self.changed)
        self.action_combo.currentIndexChanged.connect(self.changed)
        self.range_combo.currentIndexChanged.connect(self._range_chosen)
        self.dossier_edit.returnPressed.connect(self.changed)
        self.apply_button.clicked.connect(self.changed)

    def set_officers(self, people: list[dict]) -> None:
        chosen = self.officer_combo.currentData()
        self.officer_combo.blockSignals(True)
        self.officer_combo.clear()
        self.officer_combo.addItem(self.tr("Mọi cán bộ"), None)
        for p in people:
            self.officer_combo.addItem(f"{p['full_name']} ({p['username']})", p["username"])
        self.officer_combo.setCurrentIndex(max(0, self.officer_combo.findData(chosen)))
        self.officer_combo.blockSignals(False)

    def set_today(self, today: date) -> None:
        self.today = today
        self._show_range()

    def _range_chosen(self) -> None:
        self._show_range()
        self.changed.emit()

    def _show_range(self) -> None:
        """The named ranges fill the dates in; "Tự chọn ngày" lets the officer type them."""
        key = self.range_combo.currentData()
        start, end = ops.range_dates(key, self.today)
        custom = key == "custom"
        for edit, day in ((self.start_edit, start), (self.end_edit, end)):
            edit.setEnabled(custom)
            edit.setVisible(key != "all")
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))

    def current(self) -> AuditFilter:
        key = self.range_combo.currentData()
        if key == "all":
            start = end = None
        elif key == "custom":
            start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        else:
            start, end = ops.range_dates(key, self.today)
        return AuditFilter(officer=self.officer_combo.currentData(),
                           dossier=self.dossier_edit.text().strip() or None,
                           start=start, end=end, action=self.action_combo.currentData())
