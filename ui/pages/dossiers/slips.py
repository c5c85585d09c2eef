"""The slips tab of Tra cứu hồ sơ: guidance (form 02) and refusal (form 03) slips.

A submission guided or refused at the counter has no dossier code, so the dossier
search cannot find it; a citizen who comes back with the slip, or a leader checking
what was refused, finds it here by its number, the citizen (name, ID number, phone),
the procedure and the day it was given, and the officer prints it again — the same
slip, number and date unchanged (``counter_app.services.slips.save``). Searching runs
on the DB worker as the officer types (debounced); only the latest answer is shown.
"""

from __future__ import annotations

from datetime import date

from counter_app.domain import limits
from counter_app.domain.statuses import CHANNEL_LABELS, Channel
from ui.input_limits import limit
from ui.pages.dossiers.ops import local_text
from ui.pages.dossiers.search import list_table
from ui.pages.dossiers.slip_ops import SlipQuery, SlipResult, reprint_slip_op, slip_search_op
from ui.qt import (QComboBox, QDate, QDateEdit, QFont, QFrame, QHBoxLayout,
                   QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter, Qt, QTableWidget,
                   QTableWidgetItem, QVBoxLayout, QWidget, Signal)
from ui.widgets.basics import delay_timer, muted
from ui.worker import DbWorker

SEARCH_DELAY_MS = 250
NO_DATE = QDate(2000, 1, 1)          # the date boxes' "no bound" (shown as "—")
KIND_SHORT = {"guidance": "Hướng dẫn (02)", "refusal": "Từ chối (03)"}


def date_box(parent: QWidget) -> QDateEdit:
    box = QDateEdit(parent)
    box.setCalendarPopup(True)
    box.setDisplayFormat("dd/MM/yyyy")
    box.setMinimumDate(NO_DATE)
    box.setSpecialValueText("—")      # at the minimum: no bound
    box.setDate(NO_DATE)
    box.setMinimumWidth(118)
    return box


def day_of(box: QDateEdit) -> date | None:
    value = box.date()
    return None if value == NO_DATE else date(value.year(), value.month(), value.day())


class SlipsPanel(QWidget):
    """``print_pdf(path, title)`` when a slip is to be printed again; ``failed(exc)``."""

    print_pdf = Signal(object, str)
    failed = Signal(object)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._seq = 0
        self.result: SlipResult | None = None
        self.rows: list[dict] = []
        self.busy = False
        self._build()
        self.timer = delay_timer(self, SEARCH_DELAY_MS, self.search)

    # --- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_edit = limit(QLineEdit(), limits.SEARCH)
        self.search_edit.setObjectName("dossierSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr(
            "Tìm theo số phiếu, họ tên, số định danh, số điện thoại, thủ tục — "
            "gõ không dấu cũng được"))
        self.search_edit.textChanged.connect(lambda _t: self.timer.start())
        self.search_edit.returnPressed.connect(self.search)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Cả hai loại phiếu"), None)
        self.kind_combo.addItem(self.tr("Phiếu hướng dẫn bổ sung (02)"), "guidance")
        self.kind_combo.addItem(self.tr("Phiếu từ chối (03)"), "refusal")
        self.procedure_combo = QComboBox()
        self.procedure_combo.addItem(self.tr("Mọi thủ tục"), None)
        self.procedure_combo.setMinimumWidth(260)
        self.procedure_combo.setMaximumWidth(420)
        self.from_box, self.to_box = date_box(self), date_box(self)
        for control in (self.kind_combo, self.procedure_combo):
            control.currentIndexChanged.connect(lambda _i: self.search())
        for box in (self.from_box, self.to_box):
            box.dateChanged.connect(lambda _d: self.search())
        self.clear_button = QPushButton(self.tr("Bỏ lọc"))
        self.clear_button.clicked.connect(self.clear_filters)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.procedure_combo, 1)
        filters.addWidget(QLabel(self.tr("Từ ngày")))
        filters.addWidget(self.from_box)
        filters.addWidget(QLabel(self.tr("đến ngày")))
        filters.addWidget(self.to_box)
        filters.addWidget(self.clear_button)
        self.table = self._table()
        self.count_label = muted("")
        self.detail = self._detail()
        top = QWidget()
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 0, 0, 0)
        top_box.addWidget(self.table, 1)
        top_box.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([300, 220])
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 6, 0, 0)
        box.setSpacing(8)
        box.addWidget(self.search_edit)
        box.addLayout(filters)
        box.addWidget(splitter, 1)

    def _table(self) -> QTableWidget:
        table = list_table(QTableWidget(0, 7), [
            self.tr("Số phiếu"), self.tr("Loại"), self.tr("Người nộp"), self.tr("Số định danh"),
            self.tr("Thủ tục"), self.tr("Lập lúc"), self.tr("Công dân không viết")])
        table.setObjectName("slipTable")
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(2, 170)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        table.itemSelectionChanged.connect(self._selected)
        return table

    def _detail(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        self.detail_heading = QLabel("")
        self.detail_heading.setObjectName("detailCode")
        self.detail_text = QLabel("")
        self.detail_text.setWordWrap(True)
        self.detail_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.reprint_button = QPushButton(self.tr("In lại phiếu"))
        self.reprint_button.setProperty("primary", True)
        self.reprint_button.clicked.connect(self.reprint)
        top = QHBoxLayout()
        top.addWidget(self.detail_heading, 1)
        top.addWidget(self.reprint_button)
        box = QVBoxLayout(frame)
        box.setContentsMargins(14, 8, 14, 10)
        box.addLayout(top)
        box.addWidget(self.detail_text, 1)
        frame.hide()                  # until a slip is chosen
        return frame

    # --- searching -----------------------------------------------------------------------

    def query(self) -> SlipQuery:
        return SlipQuery(self.search_edit.text().strip(), self.kind_combo.currentData(),
                         self.procedure_combo.currentData(), day_of(self.from_box),
                         day_of(self.to_box))

    def clear_filters(self) -> None:
        for control in (self.kind_combo, self.procedure_combo, self.from_box, self.to_box):
            control.blockSignals(True)
        self.kind_combo.setCurrentIndex(0)
        self.procedure_combo.setCurrentIndex(0)
        self.from_box.setDate(NO_DATE)
        self.to_box.setDate(NO_DATE)
        for control in (self.kind_combo, self.procedure_combo, self.from_box, self.to_box):
            control.blockSignals(False)
        self.search_edit.clear()
        self.search()

    def search(self) -> None:
        self.timer.stop()
        self._seq += 1
        seq = self._seq
        self._worker.run_op(slip_search_op(self.query()),
                            lambda result: self._searched(seq, result),
                            lambda exc: self._search_failed(seq, exc), owner=self)

    def _search_failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._seq:
            self.failed.emit(exc)

    def _searched(self, seq: int, result: SlipResult) -> None:
        if seq != self._seq:
            return                     # a newer search is on its way
        chosen = self.selected()
        self.result = result
        self._set_procedures(result.procedures)
        self.rows = result.rows
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(self.rows))
        for r, s in enumerate(self.rows):
            for c, item in enumerate(self._cells(s)):
                self.table.setItem(r, c, item)
        numbers = [s["number"] for s in self.rows]
        if chosen is not None and chosen["number"] in numbers:
            self.table.selectRow(numbers.index(chosen["number"]))
        elif len(self.rows) == 1:
            self.table.selectRow(0)    # a whole number typed: straight to the slip
        self.table.blockSignals(False)
        self.count_label.setText(self._count(result))
        self.show_slip(self.selected())

    def _set_procedures(self, procedures: list[tuple[str, str]]) -> None:
        combo = self.procedure_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Mọi thủ tục"), None)
        for code, name in procedures:
            combo.addItem(name, code)
            combo.setItemData(combo.count() - 1, f"{name} ({code})",
                              Qt.ItemDataRole.ToolTipRole)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _count(self, result: SlipResult) -> str:
        n = len(result.rows)
        if result.truncated:
            return self.tr("Hiển thị {n} phiếu mới nhất — gõ thêm hoặc chọn bộ lọc để thu hẹp."
                           ).format(n=n)
        filtered = result.query != SlipQuery()
        if n == 0:
            return self.tr("Không tìm thấy phiếu nào.") if filtered else self.tr(
                "Chưa lập phiếu hướng dẫn hay phiếu từ chối nào.")
        text = self.tr("Tìm thấy {n} phiếu.") if filtered else self.tr(
            "{n} phiếu, mới nhất trước.")
        return text.format(n=n)

    def _cells(self, s: dict) -> list[QTableWidgetItem]:
        helped = self.tr("Có") if s["citizen_not_write"] else ""
        texts = [s["number"], self.tr(KIND_SHORT[s["kind"]]), s["applicant_name"],
                 s["applicant_id_number"], s["procedure_name"], local_text(s["issued_at"]),
                 helped]
        items = [QTableWidgetItem(t) for t in texts]
        for column in (2, 4):
            items[column].setToolTip(texts[column])
        bold = QFont(items[0].font())
        bold.setBold(True)
        items[0].setFont(bold)
        return items

    # --- one slip ------------------------------------------------------------------------

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _selected(self) -> None:
        self.show_slip(self.selected())

    def show_slip(self, s: dict | None) -> None:
        self.detail.setVisible(s is not None)
        if s is None:
            return
        self.detail_heading.setText(f"{s['label']} số {s['number']}")
        self.detail_text.setText(self.detail_html(s))
        self.reprint_button.setEnabled(not self.busy)

    def detail_html(self, s: dict) -> str:
        lines = [
            (self.tr("Người nộp"), ", ".join(p for p in (s["applicant_name"],
                                                       s["applicant_id_number"],
                                                       s["applicant_phone"]) if p)),
            (self.tr("Địa chỉ"), s["applicant_address"]),
            (self.tr("Thủ tục"), f"{s['procedure_name']} ({s['procedure_code']})"),
            (self.tr("Lập lúc"), local_text(s["issued_at"])
             + (f" — {s['officer_name']}" if s["officer_name"] else "")),
            (self.tr("Kênh"), CHANNEL_LABELS.get(Channel(s["channel"]), "")
             + (f", mã trên Cổng {s['portal_code']}" if s["portal_code"] else "")),
            (self.tr("Lý do"), s["reason"]),
            (self.tr("Cần bổ sung"), "; ".join(m["name"] for m in s["missing"])),
            (self.tr("Công dân không viết"), self._helped(s)),
            (self.tr("Phiếu cũ"), self.tr("lập trước khi có số phiếu riêng; số trên phiếu là "
                                          "mã hồ sơ {code}").format(code=s["legacy_code"])
             if s["legacy_code"] else ""),
        ]
        return "<br>".join(f"<b>{label}:</b> {_escape(value)}" for label, value in lines
                           if value)

    def _helped(self, s: dict) -> str:
        if not s["citizen_not_write"]:
            return ""
        by = s["citizen_not_write_by_name"]
        how = self.tr("theo bộ tờ khai đã điền") if s["form_set_id"] else self.tr("đánh dấu khi lập phiếu")
        return self.tr("có ({how}{by})").format(how=how, by=f", {by}" if by else "")

    def reprint(self) -> None:
        s = self.selected()
        if s is None or self.busy:
            return
        self.busy = True
        self.reprint_button.setEnabled(False)
        title = f"{s['label']} — {s['number']}"
        self._worker.run_op(reprint_slip_op(s["number"]),
                            lambda path: self._reprinted(path, title), self._reprint_failed,
                            owner=self)

    def _reprinted(self, path, title: str) -> None:
        self.busy = False
        self.reprint_button.setEnabled(True)
        self.print_pdf.emit(path, title)

    def _reprint_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.reprint_button.setEnabled(True)
        self.failed.emit(exc)


def _escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
