"""How an intake ends: the supplement request (form 02) and the refusal (form 03) dialogs,
and the panel shown once the dossier is recorded (the code and the due date in large type,
the form's PDF, whether it printed, and the way on: reprint, open the PDF, next dossier).

Each dialog opens window-modal with ``open()`` (never a nested event loop); the page
acts on ``accepted`` / ``chosen``.
"""

from __future__ import annotations

from counter_app.domain import limits
from ui.input_limits import limit
from datetime import datetime

from counter_app.domain.text import clean
from ui.pages.intake.details import due_text
from ui.pages.intake.ops import IntakeResult
from ui.qt import (QT_TRANSLATE_NOOP, QAbstractItemView, QCoreApplication, QDialogButtonBox,
                   QFrame, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
                   QPushButton, Qt, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, Signal)
from ui.widgets.basics import muted
from ui.widgets.dialogs import ok_cancel
from ui.widgets.drafts import DraftDialog

MISSING_COLUMNS = (QT_TRANSLATE_NOOP("IncompleteDialog", "Thiếu"),
                   QT_TRANSLATE_NOOP("IncompleteDialog", "Thành phần hồ sơ"),
                   QT_TRANSLATE_NOOP("IncompleteDialog", "Bản chính"),
                   QT_TRANSLATE_NOOP("IncompleteDialog", "Bản chứng thực"),
                   QT_TRANSLATE_NOOP("IncompleteDialog", "Bản photo"))
MISSING, NAME, ORIGINAL, CERTIFIED, PHOTO = range(5)
KIND_KEYS = {ORIGINAL: "original", CERTIFIED: "certified_copy", PHOTO: "photocopy"}


def _check_item(checked: bool) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def _checked(item: QTableWidgetItem | None) -> bool:
    return item is not None and item.checkState() == Qt.CheckState.Checked


class IncompleteDialog(DraftDialog):
    """Form 02: the documents still missing (from the checklist or typed), each as an
    original, a certified copy or a photocopy, and the reason.
    ``chosen(missing, reason)`` with missing = [{"name", "original", "certified_copy",
    "photocopy"}]."""

    chosen = Signal(list, str)

    def __init__(self, documents: list[dict], parent: QWidget | None = None) -> None:
        """``documents``: the checklist (name, originals, copies, provided, optional); lines
        not provided and not optional start ticked as missing."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hồ sơ chưa đầy đủ — phiếu yêu cầu bổ sung (mẫu 02)"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.table = self._make_table()
        self.buttons = ok_cancel(self, self.tr("Lập phiếu 02"), self.tr("Hủy"))
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button = QPushButton(self.tr("Thêm dòng"))
        self.add_button.clicked.connect(lambda: self.add_line())
        self.reason_edit = limit(QPlainTextEdit(), limits.REASON)
        self.reason_edit.setPlaceholderText(self.tr(
            "Lý do, ví dụ: Thiếu bản sao Giấy khai sinh; tờ khai chưa ký."))
        self.reason_edit.setFixedHeight(70)
        for doc in documents:
            missing = not doc["provided"] and not doc.get("optional", False)
            self._add(doc["name"], missing, doc["originals"] > 0,
                      doc["copies"] > 0, editable=False)
        self.table.resizeRowsToContents()
        self.table.setCurrentItem(None)
        self.table.itemChanged.connect(self._update_ok)
        self.reason_edit.textChanged.connect(self._update_ok)
        box = QVBoxLayout(self)
        box.addWidget(muted(self.tr(
            "Đánh dấu mọi giấy tờ còn thiếu hoặc cần hoàn thiện — công dân chỉ được yêu cầu "
            "bổ sung một lần, đầy đủ. Giấy tờ ngoài danh mục: bấm “Thêm dòng”.")))
        box.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(QLabel(self.tr("Lý do")))
        box.addWidget(self.reason_edit)
        box.addWidget(self.buttons)
        self._update_ok()

    @staticmethod
    def _make_table() -> QTableWidget:
        table = QTableWidget(0, len(MISSING_COLUMNS))
        table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("IncompleteDialog", c) for c in MISSING_COLUMNS])
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        table.setMinimumSize(760, 220)
        table.setWordWrap(True)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked |
                              QAbstractItemView.EditTrigger.EditKeyPressed |
                              QAbstractItemView.EditTrigger.AnyKeyPressed)
        return table

    def _add(self, name: str, missing: bool, original: bool, certified: bool,
             editable: bool) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.table.setItem(row, MISSING, _check_item(missing))
        item = QTableWidgetItem(name)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if editable else flags)
        self.table.setItem(row, NAME, item)
        for column, on in ((ORIGINAL, original), (CERTIFIED, certified), (PHOTO, False)):
            self.table.setItem(row, column, _check_item(on))
        self.table.blockSignals(False)
        self._update_ok()
        return row

    def add_line(self, name: str = "") -> int:
        """A document outside the checklist; the officer types its name."""
        row = self._add(name, True, True, False, editable=True)
        if not name:
            self.table.setCurrentCell(row, NAME)
            self.table.editItem(self.table.item(row, NAME))
        return row

    def set_missing(self, row: int, missing: bool, **kinds: bool) -> None:
        """Tick a line as the officer would (keywords ``original``, ``certified_copy``,
        ``photocopy``)."""
        self.table.item(row, MISSING).setCheckState(
            Qt.CheckState.Checked if missing else Qt.CheckState.Unchecked)
        for column, key in KIND_KEYS.items():
            if key in kinds:
                self.table.item(row, column).setCheckState(
                    Qt.CheckState.Checked if kinds[key] else Qt.CheckState.Unchecked)

    def missing(self) -> list[dict]:
        out = []
        for row in range(self.table.rowCount()):
            name = clean(self.table.item(row, NAME).text())
            if _checked(self.table.item(row, MISSING)) and name:
                out.append({"name": name, **{key: _checked(self.table.item(row, column))
                                             for column, key in KIND_KEYS.items()}})
        return out

    def reason(self) -> str:
        return clean(self.reason_edit.toPlainText())

    def draft_fields(self) -> dict[str, QWidget]:
        return {"reason": self.reason_edit}

    def draft_extra(self):
        return self.lines, self.restore_lines, (self.table,)

    def lines(self) -> list[dict]:
        """Every line as ticked (and typed), for the draft."""
        return [{"name": self.table.item(r, NAME).text(),
                 "added": bool(self.table.item(r, NAME).flags() & Qt.ItemFlag.ItemIsEditable),
                 "missing": _checked(self.table.item(r, MISSING)),
                 **{key: _checked(self.table.item(r, column))
                    for column, key in KIND_KEYS.items()}} for r in range(self.table.rowCount())]

    def restore_lines(self, lines) -> None:
        names = [self.table.item(r, NAME).text() for r in range(self.table.rowCount())]
        for line in lines if isinstance(lines, list) else []:
            name = str(line.get("name", ""))
            if line.get("added") or name not in names:
                row = self._add(name, True, True, False, editable=True)
            else:
                row = names.index(name)
            self.set_missing(row, bool(line.get("missing")),
                             **{key: bool(line.get(key)) for key in KIND_KEYS.values()})

    def _update_ok(self, *_args) -> None:
        self.ok_button.setEnabled(bool(self.missing()) and bool(self.reason()))

    def accept(self) -> None:
        missing, reason = self.missing(), self.reason()
        if not missing or not reason:
            return
        super().accept()
        self.chosen.emit(missing, reason)


class RefuseDialog(DraftDialog):
    """Form 03: the reason the dossier is not received; ``chosen(reason)``."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Từ chối tiếp nhận hồ sơ (mẫu 03)"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.reason_edit = limit(QPlainTextEdit(), limits.REASON)
        self.reason_edit.setPlaceholderText(self.tr(
            "Lý do cụ thể, ví dụ: Yêu cầu không thuộc thẩm quyền giải quyết của cấp xã."))
        self.reason_edit.setMinimumSize(520, 110)
        self.buttons = ok_cancel(self, self.tr("Lập phiếu 03"), self.tr("Hủy"))
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.reason_edit.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.reason())))
        self.ok_button.setEnabled(False)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Thông báo không tiếp nhận, giải quyết hồ sơ với lý do "
                                     "cụ thể như sau:")))
        box.addWidget(self.reason_edit)
        box.addWidget(self.buttons)

    def reason(self) -> str:
        return clean(self.reason_edit.toPlainText())

    def draft_fields(self) -> dict[str, QWidget]:
        return {"reason": self.reason_edit}

    def accept(self) -> None:
        reason = self.reason()
        if not reason:
            return
        super().accept()
        self.chosen.emit(reason)


class DonePanel(QFrame):
    """After the outcome: the dossier code and due date in large type, the form's PDF,
    printing status, and the way on (reprint, open the PDF, next dossier)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title_label = self._label("doneTitle")
        self.code_caption = muted(self.tr("Mã hồ sơ"))
        self.code_label = self._label("doneCode", selectable=True, wrap=False)
        self.due_label = self._label("doneDue")
        self.summary_label = self._label()
        self.hint_label = self._label()
        self.pdf_label = muted("")
        self.pdf_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_label = self._label()
        self.files_label = muted("")
        box = QVBoxLayout(self)
        box.setContentsMargins(28, 20, 28, 20)
        box.setSpacing(8)
        for widget in (self.title_label, self.code_caption, self.code_label, self.due_label,
                       self.summary_label, self.hint_label, self.pdf_label, self.print_label,
                       self.files_label):
            box.addWidget(widget)
        box.addSpacing(16)
        box.addLayout(self.ok_cancel())
        box.addStretch(1)

    @staticmethod
    def _label(name: str = "", selectable: bool = False, wrap: bool = True) -> QLabel:
        label = QLabel("")
        label.setObjectName(name)
        label.setWordWrap(wrap)
        if selectable:
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def ok_cancel(self) -> QHBoxLayout:
        self.reprint_button = QPushButton(self.tr("In lại"))
        self.open_button = QPushButton(self.tr("Mở tệp PDF"))
        self.new_button = QPushButton(self.tr("Hồ sơ mới"))
        self.new_button.setProperty("primary", True)
        row = QHBoxLayout()
        for button in (self.reprint_button, self.open_button, self.new_button):
            button.setObjectName("outcome")
            row.addWidget(button)
            if button is self.open_button:
                row.addStretch(1)
        return row

    def show_result(self, result: IntakeResult) -> None:
        d = result.dossier
        outcome = d["outcome"]
        self.title_label.setText(self._title(outcome))
        self.title_label.setProperty("outcome", outcome)
        self.title_label.style().unpolish(self.title_label)
        self.title_label.style().polish(self.title_label)
        self.code_caption.setText(self.tr("Số phiếu") if result.slip else self.tr("Mã hồ sơ"))
        self.code_label.setText(result.number)
        self.due_label.setText(self._due_line(d))
        self.summary_label.setText(self.tr("{name} — {procedure}").format(
            name=d["applicant_name"], procedure=d["procedure_name"]))
        self.hint_label.setText(self._hint(outcome))
        if result.pdf_path is not None:
            self.pdf_label.setText(self.tr("Tệp PDF: {path}").format(path=result.pdf_path))
        else:
            self.pdf_label.setText(result.pdf_error)
        self.reprint_button.setEnabled(result.pdf_path is not None)
        self.open_button.setEnabled(result.pdf_path is not None)
        self.print_label.setText("")
        self.files_label.setText(self._files_line(result))
        self.files_label.setVisible(bool(self.files_label.text()))

    def _title(self, outcome: str) -> str:
        if outcome == "incomplete":
            return self.tr("Hồ sơ chưa đầy đủ — đã lập phiếu hướng dẫn bổ sung (mẫu 02), "
                           "chưa cấp mã hồ sơ")
        if outcome == "refused":
            return self.tr("Từ chối tiếp nhận — đã lập phiếu từ chối (mẫu 03), "
                           "không cấp mã hồ sơ")
        return self.tr("✔ Đã tiếp nhận hồ sơ — giấy tiếp nhận, hẹn trả kết quả (mẫu 01)")

    def _hint(self, outcome: str) -> str:
        if outcome == "incomplete":
            return self.tr("Giao phiếu 02 cho người nộp để bổ sung, hoàn thiện hồ sơ một lần.")
        if outcome == "refused":
            return self.tr("Giao phiếu 03 cho người nộp; phiếu được lưu theo số, "
                           "không thành hồ sơ.")
        return self.tr("Giao Liên 2 của giấy tiếp nhận cho người nộp; Liên 1 lưu cùng hồ sơ.")

    def _due_line(self, d: dict) -> str:
        if d["outcome"] == "received" and d["due_at_local"]:
            due = datetime.fromisoformat(d["due_at_local"])
            return self.tr("Hẹn trả kết quả: {due}").format(due=due_text(due))
        if d["outcome"] == "received" and d.get("competent_agency"):
            return self.tr("Hẹn trả kết quả: tính từ khi {agency} tiếp nhận hồ sơ (ghi thời "
                           "điểm đó ở mục Tra cứu hồ sơ)").format(agency=d["competent_agency"])
        return self.tr("Lý do: {reason}").format(reason=d["reason"])

    def _files_line(self, result: IntakeResult) -> str:
        lines = []
        if result.attached:
            lines.append(self.tr("Đã đính kèm {n} tệp quét vào hồ sơ.").format(
                n=result.attached))
        lines.extend(result.attach_errors)
        return "\n".join(lines)

    def show_print(self, ok: bool, message: str) -> None:
        self.print_label.setText(message)
        self.print_label.setStyleSheet("" if ok else "color: #8c1d18;")
