"""The detail of one dossier: its fields, documents and scans, history, hand-overs,
and the steps allowed from its status."""

from __future__ import annotations

from functools import partial

from counter_app.domain.statuses import Status
from counter_app.services.intake import DELIVERY
from ui.pages.dossiers.competent import CompetentNote
from ui.pages.dossiers.documents import DocumentDropList, document_name, local_files, size_text
from ui.pages.dossiers.fee_lines import fee_text, overpaid_text, paid_text
from ui.pages.dossiers.history import describe_event, fill_table
from ui.pages.dossiers.ops import FINAL_STATUSES, DossierView, due_today, local_text
from ui.qt import (QT_TRANSLATE_NOOP, QDragEnterEvent, QDropEvent, QFrame, QGridLayout,
                   QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QScrollArea, Qt,
                   QTabWidget, QVBoxLayout, QWidget, Signal)
from ui.widgets.basics import muted
from ui.widgets.tables import read_only_table

PATH_ROLE = Qt.ItemDataRole.UserRole
ACTIONS = (
    ("transfer", QT_TRANSLATE_NOOP("DetailPanel", "Chuyển xử lý…")),
    ("supplement", QT_TRANSLATE_NOOP("DetailPanel", "Yêu cầu bổ sung…")),
    ("supplement_received", QT_TRANSLATE_NOOP("DetailPanel", "Đã nhận đủ bổ sung")),
    ("resolve", QT_TRANSLATE_NOOP("DetailPanel", "Đã giải quyết xong")),
    ("return", QT_TRANSLATE_NOOP("DetailPanel", "Trả kết quả…")),
    ("withdraw", QT_TRANSLATE_NOOP("DetailPanel", "Rút hồ sơ…")),
    ("stop", QT_TRANSLATE_NOOP("DetailPanel", "Dừng xử lý…")),
    ("apology", QT_TRANSLATE_NOOP("DetailPanel", "Xin lỗi, hẹn lại…")),
    # Paying and handing back never both apply: one of the two shows (update_buttons).
    ("pay", QT_TRANSLATE_NOOP("DetailPanel", "Nộp phí, lệ phí…")),
    ("refund", QT_TRANSLATE_NOOP("DetailPanel", "Hoàn trả tiền thừa…")),
    ("fees", QT_TRANSLATE_NOOP("DetailPanel", "Sửa phí, lệ phí…")),
    ("reprint", QT_TRANSLATE_NOOP("DetailPanel", "In lại phiếu…")),
)
TAB_INFO, TAB_DOCUMENTS, TAB_HISTORY, TAB_HANDOVERS = range(4)
ACTIONS_WIDTH = 170
# Where the dossier's reason still applies (a supplement received keeps the old text).
REASON_STATUSES = (Status.NOT_RECEIVED, Status.SUPPLEMENT, Status.WITHDRAWN, Status.STOPPED)


class DetailPanel(QFrame):
    action_requested = Signal(str)
    files_dropped = Signal(list, object)      # paths, document index or None
    attach_requested = Signal()
    file_open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.view: DossierView | None = None
        self.busy = False
        self.can_attach = True
        self.code_label = QLabel("")
        self.code_label.setObjectName("detailCode")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_badge = self._badge("statusBadge")
        self.overdue_badge = self._badge("overdueBadge")
        self.due_today_badge = self._badge("dueTodayBadge")
        self.refund_badge = self._badge("refundBadge")      # "Thu thừa … đ — cần hoàn trả"
        self.summary_label = QLabel("")
        self.summary_label.setObjectName("muted")
        self.empty_label = muted(self.tr(
            "Chọn một hồ sơ trong danh sách (hoặc quét mã QR trên giấy tiếp nhận) để xem chi "
            "tiết, lịch sử và làm bước tiếp theo."))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._info_tab(), self.tr("Thông tin"))
        self.tabs.addTab(self._documents_tab(), self.tr("Giấy tờ và tệp quét"))
        self.history_table = read_only_table(
            [self.tr("Thời gian"), self.tr("Sự kiện"), self.tr("Chi tiết"), self.tr("Cán bộ")],
            wrap=True)
        self.tabs.addTab(self.history_table, self.tr("Lịch sử"))
        self.handover_table = read_only_table(
            [self.tr("Thời gian"), self.tr("Từ"), self.tr("Đến"), self.tr("Người giao"),
             self.tr("Người nhận"), self.tr("Ghi chú")], wrap=True)
        self.tabs.addTab(self.handover_table, self.tr("Chuyển xử lý"))
        self._layout()
        self.show_view(None)

    @staticmethod
    def _badge(name: str) -> QLabel:
        label = QLabel("")
        label.setObjectName(name)
        return label

    def _info_tab(self) -> QScrollArea:
        self.info_grid = QGridLayout()
        self.info_grid.setHorizontalSpacing(12)
        self.info_grid.setVerticalSpacing(4)
        self.competent_note = CompetentNote()      # received on behalf of another commune
        self.competent_note.requested.connect(lambda: self.action_requested.emit("competent"))
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.addWidget(self.competent_note)
        box.addLayout(self.info_grid)
        box.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(inner)
        return area

    def _documents_tab(self) -> QWidget:
        self.documents_list = DocumentDropList()
        self.documents_list.files_dropped.connect(self.files_dropped)
        self.files_list = QListWidget()
        self.files_list.setWordWrap(True)
        self.files_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files_list.itemDoubleClicked.connect(self._open_item)
        self.files_list.itemSelectionChanged.connect(self._update_file_buttons)
        self.attach_button = QPushButton(self.tr("Đính kèm tệp…"))
        self.attach_button.clicked.connect(self.attach_requested)
        self.open_file_button = QPushButton(self.tr("Mở tệp"))
        self.open_file_button.clicked.connect(lambda: self._open_item(
            self.files_list.currentItem()))
        self.digitised_label = QLabel("")
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Giấy tờ trong hồ sơ")))
        left.addWidget(self.documents_list, 1)
        left.addWidget(muted(self.tr(
            "Kéo thả tệp PDF, JPG, PNG vào một giấy tờ để đính kèm cho giấy tờ đó.")))
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.open_file_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.digitised_label)
        right.addWidget(self.files_list, 1)
        right.addLayout(buttons)
        tab = QWidget()
        row = QHBoxLayout(tab)
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        return tab

    def _layout(self) -> None:
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addWidget(self.code_label)
        for badge in (self.status_badge, self.overdue_badge, self.due_today_badge,
                      self.refund_badge):
            header.addWidget(badge)
        header.addWidget(self.summary_label, 1)
        body = QHBoxLayout()
        body.setSpacing(10)
        body.addWidget(self.tabs, 1)
        body.addWidget(self._actions_column())
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 12, 10)
        box.addLayout(header)
        box.addWidget(self.empty_label)
        box.addLayout(body, 1)

    def _actions_column(self) -> QScrollArea:
        """The step buttons, one under another at their full height; on a 768-pixel screen
        with a message showing they do not all fit, and the column scrolls rather than
        squeezing them into each other."""
        self.action_buttons: dict[str, QPushButton] = {}
        inner = QWidget()
        actions = QVBoxLayout(inner)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(5)
        for key, text in ACTIONS:
            button = QPushButton(self.tr(text))
            button.setObjectName("dossierAction")
            button.setFixedWidth(ACTIONS_WIDTH)
            button.setMinimumHeight(button.sizeHint().height())
            button.clicked.connect(partial(self.action_requested.emit, key))
            self.action_buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(inner)
        bar = area.verticalScrollBar().sizeHint().width()
        area.setFixedWidth(ACTIONS_WIDTH + bar + 2)
        return area

    # --- showing ---------------------------------------------------------------------------

    def show_view(self, view: DossierView | None) -> None:
        self.view = view
        has = view is not None
        self.empty_label.setVisible(not has)
        self.tabs.setVisible(has)
        for widget in (self.code_label, self.status_badge, self.summary_label):
            widget.setVisible(has)
        self.overdue_badge.setVisible(has and view.overdue)
        self.due_today_badge.setVisible(has and not view.overdue
                                        and due_today(view.dossier, view.now))
        self.refund_badge.setVisible(has and bool(overpaid_text(view.dossier)))
        if has:
            self._show_header(view)
            self._show_info(view)
            self._show_documents(view)
            self._show_history(view)
            self._show_handovers(view)
        self.update_buttons()

    def _show_header(self, view: DossierView) -> None:
        d = view.dossier
        self.code_label.setText(d["code"])
        self.status_badge.setText(d["status_label"])
        status = Status(d["status"])
        self.status_badge.setProperty("final", status in FINAL_STATUSES)
        self.status_badge.setProperty("done", status in (Status.RESOLVED, Status.RETURNED))
        self.status_badge.style().unpolish(self.status_badge)
        self.status_badge.style().polish(self.status_badge)
        self.overdue_badge.setText(self.tr("Quá hạn"))
        self.due_today_badge.setText(self.tr("Đến hạn hôm nay"))
        self.refund_badge.setText(overpaid_text(d))
        self.summary_label.setText(f"{d['applicant_name']} — {d['procedure_name']}")

    def _show_info(self, view: DossierView) -> None:
        while self.info_grid.count():
            item = self.info_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        rows = self.info_rows(view)
        half = (len(rows) + 1) // 2
        for i, (name, value) in enumerate(rows):
            column = 0 if i < half else 2
            label = QLabel(name)
            label.setObjectName("fieldName")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            text = QLabel(value)
            text.setObjectName("fieldValue")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info_grid.addWidget(label, i % half, column)
            self.info_grid.addWidget(text, i % half, column + 1)
        self.info_grid.setColumnStretch(1, 1)
        self.info_grid.setColumnStretch(3, 1)

    def info_rows(self, view: DossierView) -> list[tuple[str, str]]:
        """Every field worth showing, as (name, value); empty ones are left out."""
        d = view.dossier
        channel = d["channel_label"] + (f" ({d['portal_code']})" if d["portal_code"] else "")
        due = local_text(d["due_at"]) + (f" — {d['due_reason']}" if d["due_reason"] else "")
        if not d["due_at"] and d["competent_agency"]:
            due = self.tr("chờ cơ quan có thẩm quyền tiếp nhận")
        book = self.tr("Quyển số {book}, số thứ tự {line}").format(
            book=d["book_number"], line=d["book_line"]) if d["book_line"] else (
            self.tr("Quyển số {book}, số thứ tự: chờ máy chủ điều phối cấp").format(
                book=d["book_number"]) if d["book_number"] else "")
        returned = local_text(d["returned_at"]) + (
            self.tr(" — người nhận: {who}").format(who=d["returned_to"])
            if d["returned_to"] else "")
        rows = [
            (self.tr("Người nộp"), d["applicant_name"]),
            (self.tr("Số định danh"), d["applicant_id_number"]),
            (self.tr("Địa chỉ"), d["applicant_address"]),
            (self.tr("Điện thoại"), d["applicant_phone"]),
            (self.tr("Thư điện tử"), d["applicant_email"]),
            (self.tr("Thủ tục"), f"{d['procedure_name']} ({d['procedure_code']})"),
            (self.tr("Lĩnh vực"), view.field_name),
            (self.tr("Kênh nộp"), channel),
            (self.tr("Số bộ hồ sơ"), str(d["sets"])),
            (self.tr("Phí, lệ phí"), "; ".join(fee_text(f) for f in d["fees"])),
            (self.tr("Đã nộp phí"), paid_text(d)),
            (self.tr("Cần hoàn trả"), overpaid_text(d)),
            (self.tr("Tiếp nhận lúc"), local_text(d["received_at"])),
            (self.tr("Cán bộ tiếp nhận"), view.officers.get(d["officer_id"], "")),
            (self.tr("Hẹn trả"), due),
            (self.tr("Phiếu xin lỗi"), d["apology_number"] or ""),
            (self.tr("Sổ theo dõi"), book),
            (self.tr("Cơ quan giải quyết"), d["deciding_agency"]),
            (self.tr("Nhận kết quả"), DELIVERY.get(d["result_delivery"], d["result_delivery"])),
            (self.tr("Chuyển xử lý lúc"), local_text(d["transferred_at"])),
            (self.tr("Giải quyết xong"), local_text(d["resolved_at"])),
            (self.tr("Trả kết quả"), returned),
            (self.tr("Lý do"), d["reason"] if d["status"] in REASON_STATUSES else ""),
            (self.tr("Cần bổ sung"), "; ".join(m.get("name", "") for m in d["missing"])),
            (self.tr("Số lần yêu cầu bổ sung"),
             str(d["supplement_count"]) if d["supplement_count"] else ""),
            (self.tr("Công dân không viết"), self._citizen_not_write(d)),
        ]
        return [(name, value) for name, value in rows if value]

    def _citizen_not_write(self, d: dict) -> str:
        if not d["citizen_not_write"]:
            return ""
        name = d.get("citizen_not_write_by_name")
        return self.tr("Có — tờ khai do {name} điền").format(name=name) if name else self.tr("Có")

    def _show_documents(self, view: DossierView) -> None:
        d = view.dossier
        files = d["files"]
        self.documents_list.fill(d, files)
        self.files_list.clear()
        for f in files:
            document = document_name(d, f["document_index"])
            if f.get("generated"):      # a form the officer filled (Công dân không viết)
                document = self.tr("{title} (điền thay công dân, bản in chưa ký)").format(
                    title=f["title"].capitalize())
            item = QListWidgetItem(self.tr("{kind} · {document} · {size} · {at}").format(
                kind=f["kind"].upper(), document=document, size=size_text(f["size"]),
                at=local_text(f["added_at"])))
            item.setData(PATH_ROLE, str(view.storage_root / f["path"]))
            self.files_list.addItem(item)
        scans = sum(1 for f in files if not f.get("generated"))
        self.digitised_label.setText(
            self.tr("Đã số hóa: {n} tệp").format(n=scans) if scans
            else self.tr("Chưa số hóa: chưa có tệp quét nào."))
        self.tabs.setTabText(TAB_DOCUMENTS, self.tr("Giấy tờ và tệp quét ({n})").format(
            n=len(files)))

    def _show_history(self, view: DossierView) -> None:
        d = view.dossier
        rows = []
        for event in d["history"]:
            what, details = describe_event(event, d)
            rows.append([local_text(event["at"]), what, details,
                         view.officers.get(event["officer_id"], "")])
        fill_table(self.history_table, rows, stretch=2, widths={1: 200})
        self.tabs.setTabText(TAB_HISTORY, self.tr("Lịch sử ({n})").format(n=len(rows)))

    def _show_handovers(self, view: DossierView) -> None:
        rows = [[local_text(h["at"]), h["from_agency"], h["to_agency"], h["giver"],
                 h["receiver"], h["note"]] for h in view.dossier["handovers"]]
        fill_table(self.handover_table, rows, stretch=5, widths={1: 170, 2: 170})
        self.tabs.setTabText(TAB_HANDOVERS, self.tr("Chuyển xử lý ({n})").format(n=len(rows)))

    # --- buttons ---------------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.update_buttons()

    def update_buttons(self) -> None:
        allowed = self.view.actions if self.view is not None and not self.busy else frozenset()
        for key, button in self.action_buttons.items():
            button.setEnabled(key in allowed)
            button.setToolTip(self._why_not(key) if key not in allowed else "")
        refund = self.view is not None and "refund" in self.view.actions
        self.action_buttons["refund"].setVisible(refund)
        self.action_buttons["pay"].setVisible(not refund)
        self.competent_note.show_for(self.view, self.busy)
        attach = self.view is not None and not self.busy and self.can_attach
        self.attach_button.setEnabled(attach)
        self.documents_list.accepting = attach
        self._update_file_buttons()

    def _why_not(self, key: str) -> str:
        if self.view is None or self.busy:
            return ""
        d = self.view.dossier
        if key == "apology" and d["apology_number"]:
            return self.tr("Hồ sơ đã có phiếu xin lỗi số {number}: mỗi hồ sơ chỉ được hẹn lại "
                           "một lần.").format(number=d["apology_number"])
        if key == "pay":
            return self.tr("Hồ sơ không còn khoản phí, lệ phí nào phải nộp.")
        if key == "fees" and d["outcome"] == "received" and d["status"] != Status.NOT_RECEIVED:
            return self.tr("Chỉ công chức tiếp nhận hoặc lãnh đạo điều chỉnh phí, lệ phí.")
        if key in ("transfer", "supplement_received", "fees") and d["outcome"] != "received":
            return self.tr("Hồ sơ chưa được tiếp nhận: khi công dân bổ sung đủ, hãy tiếp nhận "
                           "lại như một hồ sơ mới.")
        return self.tr("Không làm được từ trạng thái “{status}”.").format(
            status=d["status_label"])

    def _update_file_buttons(self) -> None:
        self.open_file_button.setEnabled(self.files_list.currentItem() is not None)

    def _open_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.file_open_requested.emit(item.data(PATH_ROLE))

    # --- drops on the whole panel: attach to the dossier, no particular document -----------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if self.view is not None and self.can_attach and not self.busy \
                and local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = local_files(event.mimeData())
        if self.view is None or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths, None)
