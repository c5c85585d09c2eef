"""The applicant: the form, and filling it from a scanned ID card or from an earlier visit.

A card never silently replaces what is on the form: when a field already has
text that differs from the card, the officer is asked ("Thay bằng dữ liệu trên
thẻ?", ``CardConflictDialog``) and choosing to keep changes nothing. A 12-digit ID
number (typed or scanned) looks up the earlier visit: its phone and email fill the
empty fields, and the rest is offered with a button.
"""

from __future__ import annotations

from ui.input_limits import APPLICANT as INPUT_LIMITS
from ui.input_limits import limit
from functools import partial

from counter_app.domain.text import clean
from counter_app.errors import UserInputError
from counter_app.services.citizens import Applicant
from ui.pages.intake.ops import card_values, citizen_values, lookup_citizen, parse_birth_date
from ui.qt import (QT_TRANSLATE_NOOP, QAbstractItemView, QComboBox, QCoreApplication, QDialog,
                   QDialogButtonBox, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                   QLineEdit, QObject, QPushButton, QRegularExpression,
                   QRegularExpressionValidator, Qt, QTableWidget, QTableWidgetItem, QVBoxLayout,
                   QWidget, Signal)
from ui.widgets.basics import muted
from ui.widgets.dialogs import ok_cancel, open_kept
from ui.widgets.panel import step_heading
from ui.worker import DbWorker

# key, label; the order of the form.
APPLICANT_FIELDS = (
    ("full_name", QT_TRANSLATE_NOOP("ApplicantForm", "Họ và tên")),
    ("id_number", QT_TRANSLATE_NOOP("ApplicantForm", "Số định danh")),
    ("birth_date", QT_TRANSLATE_NOOP("ApplicantForm", "Ngày sinh")),
    ("gender", QT_TRANSLATE_NOOP("ApplicantForm", "Giới tính")),
    ("address", QT_TRANSLATE_NOOP("ApplicantForm", "Địa chỉ")),
    ("phone", QT_TRANSLATE_NOOP("ApplicantForm", "Điện thoại")),
    ("email", QT_TRANSLATE_NOOP("ApplicantForm", "Email")),
)
FIELD_KEYS = tuple(k for k, _ in APPLICANT_FIELDS)
CARD_ONLY = ("old_id_number", "issue_date")     # kept with the ID number, not shown


def field_label(key: str) -> str:
    return QCoreApplication.translate("ApplicantForm", dict(APPLICANT_FIELDS)[key])


class ApplicantForm(QFrame):
    """Người nộp hồ sơ. ``id_number_ready(id)`` when 12 digits have been typed;
    ``use_earlier()`` when the officer takes an earlier visit's data."""

    id_number_ready = Signal(str)
    use_earlier = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.edits: dict[str, QWidget] = {}
        self.extra: dict[str, str] = {}
        self.extra_for = ""            # the ID number the card-only values belong to
        self.earlier: dict | None = None
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        places = {"full_name": (0, 0, 1), "id_number": (0, 2, 1), "birth_date": (1, 0, 1),
                  "gender": (1, 2, 1), "address": (2, 0, 3), "phone": (3, 0, 1),
                  "email": (3, 2, 1)}
        for key, _label in APPLICANT_FIELDS:
            row, col, span = places[key]
            self.edits[key] = self._make_edit(key)
            grid.addWidget(QLabel(field_label(key)), row, col)
            grid.addWidget(self.edits[key], row, col + 1, 1, span)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.warnings_label = QLabel("")
        self.warnings_label.setObjectName("cardWarnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 8, 14, 10)
        box.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(step_heading(self.tr("2. Người nộp hồ sơ")))
        top.addWidget(muted(self.tr("Quét mã QR trên thẻ căn cước để điền tự động, "
                                    "hoặc nhập tay.")), 1)
        box.addLayout(top)
        box.addLayout(grid)
        box.addWidget(self._earlier_frame())
        box.addWidget(self.warnings_label)

    def _make_edit(self, key: str) -> QWidget:
        if key == "gender":
            combo = QComboBox()
            combo.addItems(["", "Nam", "Nữ"])
            return combo
        edit = limit(QLineEdit(), INPUT_LIMITS[key])
        if key == "id_number":
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,12}")))
            edit.setPlaceholderText(self.tr("12 chữ số"))
            edit.textEdited.connect(self._id_edited)
        elif key == "birth_date":
            edit.setPlaceholderText(self.tr("ngày/tháng/năm"))
        elif key == "phone":
            edit.setPlaceholderText(self.tr("để báo khi có kết quả"))
        return edit

    def _earlier_frame(self) -> QFrame:
        self.earlier_frame = QFrame()
        self.earlier_frame.setObjectName("earlierVisit")
        self.earlier_label = QLabel("")
        self.earlier_label.setWordWrap(True)
        self.earlier_button = QPushButton(self.tr("Dùng dữ liệu này"))
        self.earlier_button.clicked.connect(self.use_earlier)
        row = QHBoxLayout(self.earlier_frame)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.earlier_label, 1)
        row.addWidget(self.earlier_button)
        self.earlier_frame.hide()
        return self.earlier_frame

    # --- values -----------------------------------------------------------------------------

    def value(self, key: str) -> str:
        if key in CARD_ONLY:
            return self.extra.get(key, "")
        edit = self.edits[key]
        return edit.currentText() if isinstance(edit, QComboBox) else edit.text()

    def set_value(self, key: str, text: str) -> None:
        """One visible field (not the card-only values: ``fill`` keeps those)."""
        edit = self.edits[key]
        if isinstance(edit, QComboBox):
            edit.setCurrentIndex(max(0, edit.findText(text)))
        else:
            edit.setText(text)
            edit.setCursorPosition(0)

    def values(self) -> dict[str, str]:
        return {key: self.value(key) for key in (*FIELD_KEYS, *CARD_ONLY)}

    def is_empty(self) -> bool:
        return not any(clean(self.value(k)) for k in FIELD_KEYS)

    def differences(self, values: dict[str, str]) -> list[tuple[str, str, str]]:
        """(field, on the form, new) where both have text and they differ."""
        out = []
        for key in FIELD_KEYS:
            mine, new = clean(self.value(key)), clean(values.get(key, ""))
            if mine and new and mine != new:
                out.append((key, mine, new))
        return out

    def fill(self, values: dict[str, str], overwrite: bool) -> list[str]:
        """Put ``values`` in; only empty fields unless ``overwrite``. Returns what changed."""
        changed = []
        for key in FIELD_KEYS:
            new = values.get(key, "")
            if new and (overwrite or not clean(self.value(key))) and self.value(key) != new:
                self.set_value(key, new)
                changed.append(key)
        if overwrite or "id_number" in changed or not self.extra:
            self.extra = {k: values[k] for k in CARD_ONLY if values.get(k)}
            self.extra_for = self.value("id_number")
        return changed

    def applicant(self) -> Applicant:
        """The applicant as typed; a birth date that is not a date is refused here."""
        try:
            birth = parse_birth_date(self.value("birth_date"))
        except ValueError:
            raise UserInputError(self.tr(
                "Ngày sinh “{text}” không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ "
                "01/01/1999.").format(text=self.value("birth_date"))) from None
        v = self.values()
        return Applicant(full_name=v["full_name"], id_number=v["id_number"],
                         old_id_number=v["old_id_number"], birth_date=birth,
                         gender=v["gender"] or None, address=v["address"], phone=v["phone"],
                         email=v["email"], issue_date=v["issue_date"] or None)

    def clear(self) -> None:
        for key in FIELD_KEYS:
            self.set_value(key, "")
        self.extra = {}
        self.show_warnings([])
        self.offer_earlier(None)

    # --- notes ------------------------------------------------------------------------------

    def show_warnings(self, messages: list[str]) -> None:
        self.warnings_label.setText("\n".join(f"⚠ {m}" for m in messages))
        self.warnings_label.setVisible(bool(messages))

    def offer_earlier(self, citizen: dict | None) -> None:
        self.earlier = citizen
        self.earlier_frame.setVisible(citizen is not None)
        if citizen is None:
            return
        parts = [citizen.get("full_name") or ""]
        for key, label in (("phone", self.tr("ĐT")), ("address", self.tr("địa chỉ"))):
            if citizen.get(key):
                parts.append(f"{label} {citizen[key]}")
        self.earlier_label.setText(self.tr("Đã đến trước đây: {who}").format(
            who=", ".join(p for p in parts if p)))

    def _id_edited(self, text: str) -> None:
        if self.extra and text != self.extra_for:
            self.extra = {}  # the card's old CMND number and issue date were someone else's
        if len(text) == 12:
            self.id_number_ready.emit(text)
        else:
            self.offer_earlier(None)


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
        self.buttons = ok_cancel(self, self.tr("Thay bằng dữ liệu trên thẻ"),
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


class ApplicantFiller(QObject):
    """``info(text)`` for the page's message bar; ``failed(exc)`` when a lookup fails."""

    info = Signal(str)
    failed = Signal(object)

    def __init__(self, form: ApplicantForm, worker: DbWorker, parent: QWidget) -> None:
        super().__init__(parent)
        self.form = form
        self._worker = worker
        self._page = parent
        self.conflict_dialog: CardConflictDialog | None = None
        form.id_number_ready.connect(self.look_up)
        form.use_earlier.connect(self.use_earlier)

    def apply_card(self, card) -> None:
        """Fill from a card (domain.cccd.CccdData); ask first if typed data differs."""
        self.close_conflict()
        values = card_values(card)
        warnings = [w.message for w in card.warnings]
        differences = self.form.differences(values)
        if not differences:
            self._fill_from_card(values, warnings, overwrite=False)
            return
        dialog = CardConflictDialog(differences, self._page)
        dialog.accepted.connect(lambda: self._fill_from_card(values, warnings, overwrite=True))
        dialog.rejected.connect(lambda: self.info.emit(self.tr(
            "Đã giữ dữ liệu đã nhập; dữ liệu trên thẻ không được dùng.")))
        open_kept(self, "conflict_dialog", dialog)

    def _fill_from_card(self, values: dict, warnings: list[str], overwrite: bool) -> None:
        if overwrite and values["id_number"] != self.form.value("id_number"):
            for key in ("phone", "email"):  # they were another person's
                self.form.set_value(key, "")
        self.form.fill(values, overwrite)
        self.form.show_warnings(warnings)
        self.info.emit(self.tr("Đã điền thông tin từ thẻ căn cước của {name}.").format(
            name=values["full_name"] or values["id_number"]))
        self.look_up(values["id_number"], offer=False)

    def close_conflict(self) -> None:
        """A newer scan or a new dossier: the open question no longer applies."""
        dialog, self.conflict_dialog = self.conflict_dialog, None
        if dialog is not None:
            dialog.blockSignals(True)
            dialog.close()
            dialog.deleteLater()

    def look_up(self, id_number: str, offer: bool = True) -> None:
        self._worker.run_op(partial(lookup_citizen, id_number=id_number),
                            lambda row: self._earlier_found(id_number, row, offer),
                            self.failed.emit, owner=self._page)

    def _earlier_found(self, id_number: str, row: dict | None, offer: bool) -> None:
        if row is None or self.form.value("id_number") != id_number:
            self.form.offer_earlier(None)
            return
        earlier = citizen_values(row)
        self.form.fill({k: earlier[k] for k in ("phone", "email")}, overwrite=False)
        self.form.offer_earlier(row if offer else None)

    def use_earlier(self) -> None:
        if self.form.earlier is not None:
            self.form.fill(citizen_values(self.form.earlier), overwrite=True)
            self.form.offer_earlier(None)
