"""The pieces of the intake page: ticket link, procedure picker and summary, applicant form."""

from __future__ import annotations

from counter_app.domain import limits
from counter_app.domain.catalogue import Procedure
from counter_app.domain.text import clean
from counter_app.errors import UserInputError
from counter_app.services.citizens import Applicant
from ui.input_limits import APPLICANT as INPUT_LIMITS
from ui.input_limits import limit
from ui.pages.common import muted
from ui.pages.intake_data import ProcedureItem, parse_birth_date
from ui.pages.queue_widgets import PANEL_STYLE
from ui.qt import (QT_TRANSLATE_NOOP, QComboBox, QCoreApplication, QFrame, QGridLayout,
                   QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                   QRegularExpression, QRegularExpressionValidator, Qt, QVBoxLayout, QWidget,
                   Signal)

CODE_ROLE = Qt.ItemDataRole.UserRole
PICKER_WIDTH = 300

INTAKE_STYLE = PANEL_STYLE + """
QLabel#ticketLink { background: #e8f1fb; border: 1px solid #a9c4e4; border-radius: 4px;
                    padding: 4px 12px; font-weight: 600; color: #123d6b; }
QLabel#ticketLink[linked="false"] { background: #f1f3f5; border-color: #d5dce6;
                                    color: #52606d; font-weight: 400; }
QListWidget#procedures::item { padding: 4px 2px; border-bottom: 1px solid #e4e9f0; }
QListWidget#procedures::item:selected { background: #1a5490; color: white; }
QLabel#stepHeading { font-weight: 600; font-size: 11pt; color: #123d6b; }
QLabel#procedureName { font-weight: 600; font-size: 11pt; }
QLabel#sameDay { background: #2e7d32; color: white; border-radius: 4px; padding: 1px 8px; }
QLabel#cardWarnings { background: #fff7dc; border: 1px solid #e8c95a; border-radius: 4px;
                      padding: 6px 10px; }
QFrame#earlierVisit { background: #e8f1fb; border: 1px solid #a9c4e4; border-radius: 4px; }
QLabel#dueDate { font-size: 12pt; font-weight: 600; color: #1a5490; }
QLabel#doneTitle { font-size: 16pt; font-weight: 600; color: #2e7d32; }
QLabel#doneTitle[outcome="incomplete"] { color: #9a6700; }
QLabel#doneTitle[outcome="refused"] { color: #8c1d18; }
QLabel#doneCode { font-size: 26pt; font-weight: 700; color: #123d6b; }
QLabel#doneDue { font-size: 15pt; font-weight: 600; color: #1a5490; }
QPushButton#outcome { min-height: 40px; padding: 0 16px; font-size: 11pt; }
QPushButton#outcome[primary="true"] { background: #1a5490; color: white;
    border: 1px solid #123d6b; border-radius: 4px; font-weight: 600; }
QPushButton#outcome[primary="true"]:disabled { background: #9fb3c8; border-color: #9fb3c8; }
"""

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


def step_heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("stepHeading")
    return label


def days_text(days: float, same_day: bool) -> str:
    tr = QCoreApplication.translate
    if same_day or days == 0:
        return tr("intake", "Giải quyết trong ngày")
    return tr("intake", "{days} ngày làm việc").format(days=f"{days:g}".replace(".", ","))


class TicketLink(QLabel):
    """"Liên kết số A025 — Hộ tịch" or "Tiếp nhận không qua số thứ tự"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketLink")
        self.ticket: dict | None = None
        self.show_ticket(None)

    def show_ticket(self, ticket: dict | None) -> None:
        self.ticket = ticket
        self.setProperty("linked", "true" if ticket else "false")
        self.style().unpolish(self)
        self.style().polish(self)
        if ticket is None:
            self.setText(self.tr("Tiếp nhận không qua số thứ tự"))
            self.setToolTip(self.tr("Quầy này không có số nào đang được gọi hoặc phục vụ."))
            return
        self.setText(self.tr("Liên kết số {number} — {service}").format(
            number=ticket["number"], service=ticket["service_name"]))
        self.setToolTip(self.tr("Hồ sơ sẽ được ghi kèm số thứ tự đang phục vụ tại quầy."))


class ProcedurePicker(QWidget):
    """A search box over the catalogue and the matching procedures; ``chosen(code)``."""

    search_changed = Signal(str)
    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = limit(QLineEdit(), limits.SEARCH)
        self.search_edit.setPlaceholderText(self.tr("Tìm theo tên hoặc mã (gõ không dấu được)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.search_changed)
        self.search_edit.returnPressed.connect(self._choose_first)
        self.list = QListWidget()
        self.list.setObjectName("procedures")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._current_changed)
        self.empty_label = muted("")
        self.items: list[ProcedureItem] = []
        self.selected_code: str | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(step_heading(self.tr("1. Thủ tục hành chính")))
        box.addWidget(self.search_edit)
        box.addWidget(self.list, 1)
        box.addWidget(self.empty_label)

    def set_items(self, items: list[ProcedureItem]) -> None:
        self.items = items
        self.list.blockSignals(True)
        self.list.clear()
        for p in items:
            days = days_text(p.processing_days, p.same_day)
            item = QListWidgetItem(f"{p.name}\n{p.code} · {days}")
            item.setData(CODE_ROLE, p.code)
            item.setToolTip(p.name)
            self.list.addItem(item)
            if p.code == self.selected_code:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.empty_label.setText("" if items else self.tr(
            "Không có thủ tục nào khớp. Thử gõ ít chữ hơn hoặc mã thủ tục."))
        self.empty_label.setVisible(not items)

    def codes(self) -> list[str]:
        return [p.code for p in self.items]

    def select(self, code: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(CODE_ROLE) == code:
                self.list.setCurrentRow(row)
                return
        raise KeyError(code)

    def clear_choice(self) -> None:
        self.selected_code = None
        self.list.setCurrentRow(-1)
        self.list.clearSelection()

    def _choose_first(self) -> None:
        if self.list.count() and self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def _current_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        code = item.data(CODE_ROLE)
        if code != self.selected_code:
            self.selected_code = code
            self.chosen.emit(code)


class ProcedureSummary(QFrame):
    """The chosen procedure: time limit, same-day flag, deciding agency, fees (read-only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.name_label = QLabel(self.tr("Chưa chọn thủ tục."))
        self.name_label.setObjectName("procedureName")
        self.name_label.setWordWrap(True)
        self.days_label = QLabel("")
        self.same_day_label = QLabel(self.tr("Trong ngày"))
        self.same_day_label.setObjectName("sameDay")
        self.agency_label = muted("")
        self.fees_label = QLabel("")
        self.fees_label.setWordWrap(True)
        self.fees_label.setTextFormat(Qt.TextFormat.PlainText)
        days = QHBoxLayout()
        days.addWidget(self.days_label)
        days.addWidget(self.same_day_label)
        days.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 12, 10)
        box.setSpacing(4)
        box.addWidget(self.name_label)
        box.addLayout(days)
        box.addWidget(self.agency_label)
        box.addWidget(self.fees_label)
        self.show_procedure(None)

    def show_procedure(self, proc: Procedure | None) -> None:
        has = proc is not None
        for widget in (self.days_label, self.agency_label, self.fees_label):
            widget.setVisible(has)
        self.same_day_label.setVisible(has and proc.same_day)
        if not has:
            self.name_label.setText(self.tr("Chưa chọn thủ tục."))
            return
        self.name_label.setText(proc.name)
        self.days_label.setText(self.tr("Thời hạn: {days}").format(
            days=days_text(proc.processing_days, proc.same_day)))
        self.agency_label.setText(self.tr("Cơ quan giải quyết: {agency}").format(
            agency=proc.agency or self.tr("(theo cơ quan)")))
        self.agency_label.setVisible(bool(proc.agency))
        self.fees_label.setText(self.fees_text(proc))

    def fees_text(self, proc: Procedure) -> str:
        if not proc.fees:
            return self.tr("Phí, lệ phí: không thu.")
        lines = [f"• {fee.name}: {fee.describe()}" for fee in proc.fees]
        return self.tr("Phí, lệ phí:") + "\n" + "\n".join(lines)


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
