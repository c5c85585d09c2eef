"""Dialogs of the intake page: a scanned card that differs from what was typed, the
supplement request (form 02) and the refusal (form 03).

Each opens window-modal with ``open()`` (never a nested event loop); the page
acts on ``accepted`` / ``chosen``.
"""

from __future__ import annotations

from counter_app.domain import limits
from counter_app.domain.text import clean
from ui.input_limits import limit
from ui.pages.common import muted
from ui.pages.intake_widgets import field_label
from ui.qt import (QT_TRANSLATE_NOOP, QAbstractItemView, QCoreApplication, QDialog,
                   QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
                   QPushButton, QTableWidget, QTableWidgetItem, Qt, QVBoxLayout, QWidget,
                   Signal)

MISSING_COLUMNS = (QT_TRANSLATE_NOOP("IncompleteDialog", "Thiếu"),
                   QT_TRANSLATE_NOOP("IncompleteDialog", "Thành phần hồ sơ"),
                   QT_TRANSLATE_NOOP("IncompleteDialog", "Bản chính"),
                   QT_TRANSLATE_NOOP("IncompleteDialog", "Bản chứng thực"),
                   QT_TRANSLATE_NOOP("IncompleteDialog", "Bản photo"))
MISSING, NAME, ORIGINAL, CERTIFIED, PHOTO = range(5)
KIND_KEYS = {ORIGINAL: "original", CERTIFIED: "certified_copy", PHOTO: "photocopy"}


def _buttons(dialog: QDialog, ok_text: str, cancel_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                           QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _check_item(checked: bool) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def _checked(item: QTableWidgetItem | None) -> bool:
    return item is not None and item.checkState() == Qt.CheckState.Checked


class CardConflictDialog(QDialog):
    """"Thay bằng dữ liệu trên thẻ?": what was typed and what the card says, side by side.
    Accepted → replace with the card; rejected → keep what was typed, change nothing."""

    def __init__(self, differences: list[tuple[str, str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dữ liệu trên thẻ khác dữ liệu đã nhập"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.table = QTableWidget(len(differences), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Trường"), self.tr("Đã nhập"),
                                              self.tr("Trên thẻ")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, (key, mine, card) in enumerate(differences):
            for column, text in enumerate((field_label(key), mine, card)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + 4 +
                                  sum(self.table.rowHeight(r) for r in range(len(differences))))
        self.table.setMinimumWidth(600)
        self.buttons = _buttons(self, self.tr("Thay bằng dữ liệu trên thẻ"),
                                self.tr("Giữ dữ liệu đã nhập"))
        self.replace_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.keep_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.keep_button.setDefault(True)   # Enter from a second scan must not replace
        question = QLabel(self.tr("Thay bằng dữ liệu trên thẻ?"))
        question.setObjectName("stepHeading")
        box = QVBoxLayout(self)
        box.addWidget(question)
        box.addWidget(muted(self.tr(
            "Thẻ vừa quét có dữ liệu khác với dữ liệu đã nhập ở các trường dưới đây. Chọn "
            "“Giữ dữ liệu đã nhập” thì không trường nào bị thay đổi.")))
        box.addWidget(self.table)
        box.addWidget(self.buttons)


class IncompleteDialog(QDialog):
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
        self.buttons = _buttons(self, self.tr("Lập phiếu 02"), self.tr("Hủy"))
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

    def _update_ok(self, *_args) -> None:
        self.ok_button.setEnabled(bool(self.missing()) and bool(self.reason()))

    def accept(self) -> None:
        missing, reason = self.missing(), self.reason()
        if not missing or not reason:
            return
        super().accept()
        self.chosen.emit(missing, reason)


class RefuseDialog(QDialog):
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
        self.buttons = _buttons(self, self.tr("Lập phiếu 03"), self.tr("Hủy"))
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

    def accept(self) -> None:
        reason = self.reason()
        if not reason:
            return
        super().accept()
        self.chosen.emit(reason)
