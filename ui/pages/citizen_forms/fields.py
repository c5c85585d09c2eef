"""The inputs of the citizen form editor and the card of one group entry.

Every input has ``value()``, ``set_value(value)`` and an ``edited`` signal (fired for
programmatic changes too: the editor decides whether an edit counts). Values are the
form data's: text as typed, a choice's label, a checkbox's bool.
"""

from __future__ import annotations

from counter_app.domain import limits
from counter_app.domain.form_templates.model import Field, Group, GroupBlock, Row, Template
from counter_app.domain.form_templates.values import as_bool, is_blank, label_for
from ui.input_limits import limit
from ui.qt import (QButtonGroup, QCheckBox, QComboBox, QCoreApplication, QFrame, QGridLayout,
                   QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                   QRadioButton, QRegularExpression, QRegularExpressionValidator, QSizePolicy, Qt,
                   QWidget, Signal)
from ui.widgets.panel import PANEL_STYLE

LABEL_WIDTH = 220
SHORT_WIDTH = 220
SHORT_TYPES = ("date", "time", "number", "id_number", "phone")
RADIO_LIMIT = 4          # more choices than this → a drop-down list
VALIDATORS = {"id_number": r"[0-9 ]{0,15}", "phone": r"[0-9 +.\-]{0,16}",
              "number": r"[0-9]{0,6}", "date": r"[0-9/.\- ]{0,12}"}
ERROR = "#b3261e"

EDITOR_STYLE = PANEL_STYLE + f"""
QScrollArea#formScroll, QWidget#formBody {{ background: transparent; }}
QLabel#fieldLabel {{ color: #1f2933; }}
QLabel#fieldLabel[problem="true"] {{ color: {ERROR}; font-weight: 600; }}
QLabel#groupHeading {{ font-weight: 600; font-size: 11pt; color: #123d6b; }}
QGroupBox#entry {{ background: #f5f8fc; border: 1px solid #d5dce6; border-radius: 6px;
                   margin-top: 12px; padding: 14px 10px 8px 10px; }}
QGroupBox#entry::title {{ subcontrol-origin: margin; left: 12px; padding: 0 6px;
                          color: #123d6b; font-weight: 600; }}
QLineEdit[problem="true"], QPlainTextEdit[problem="true"], QComboBox[problem="true"],
QCheckBox[problem="true"], QFrame#choices[problem="true"] {{
    border: 2px solid {ERROR}; border-radius: 4px; }}
QLabel#groupProblem {{ color: {ERROR}; font-weight: 600; }}
QPushButton#scanEntry[armed="true"] {{ background: #fff7dc; border: 1px solid #e8c95a;
                                       border-radius: 4px; font-weight: 600; }}
QPushButton#clearChoice {{ border: none; background: transparent; color: #52606d;
                           padding: 0 6px; }}
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("FormEditor", text)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def entry_title(group: Group, index: int) -> str:
    """"Người mẹ" for a named slot; "Giấy tờ kèm theo thứ 3" past the named ones."""
    if index < len(group.entries):
        return capitalised(group.entry_name(index))
    return f"{group.label} {group.entry_name(index)}"


def screen_label(f: Field, group: Group | None = None, index: int = 0) -> str:
    """The label beside the input: inside an entry's card the card names the person,
    so only ``{entry}`` is filled in ("Họ, chữ đệm, tên người mẹ", "Dân tộc")."""
    if group is None:
        return f.label
    return f.label.replace("{entry}", group.entry_name(index)).strip()


def same_text(a: object, b: object) -> bool:
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


class TextInput(QLineEdit):
    """text, date, time, id_number, phone, number."""

    edited = Signal()

    def __init__(self, f: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if f.type in VALIDATORS:
            self.setValidator(QRegularExpressionValidator(
                QRegularExpression(VALIDATORS[f.type]), self))
        placeholder = {"date": tr("ngày/tháng/năm"), "time": tr("giờ:phút"),
                       "id_number": tr("12 chữ số")}.get(f.type, f.help)
        self.setPlaceholderText(placeholder)
        if f.type in SHORT_TYPES:
            self.setMaximumWidth(SHORT_WIDTH)
        limit(self, limits.FORM_FIELD.get(f.type, limits.FORM_TEXT))
        self.textChanged.connect(self._emit)

    def _emit(self, *_args) -> None:
        self.edited.emit()

    def value(self) -> str:
        return self.text()

    def set_value(self, value: object) -> None:
        self.setText("" if is_blank(value) else str(value))
        self.setCursorPosition(0)


class MultilineInput(QPlainTextEdit):
    edited = Signal()

    def __init__(self, f: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(f.help)
        limit(self, limits.FORM_MULTILINE)
        lines = max(2, f.lines)
        margins = 2 * (self.frameWidth() + int(self.document().documentMargin())) + 6
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + margins)
        self.textChanged.connect(self.edited)

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: object) -> None:
        self.setPlainText("" if is_blank(value) else str(value))


class CheckInput(QCheckBox):
    edited = Signal()

    def __init__(self, f: Field, parent: QWidget | None = None) -> None:
        super().__init__(tr("Có"), parent)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.toggled.connect(self._emit)

    def _emit(self, *_args) -> None:
        self.edited.emit()

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: object) -> None:
        self.setChecked(bool(as_bool(value)))


def canonical_choice(f: Field, value: object) -> str:
    """The choice ``value`` means ("nam" → "Nam"), or the text itself if none."""
    text = "" if is_blank(value) else str(value)
    return next((c for c in f.choices if same_text(c, text)), text)


class ChoiceButtons(QFrame):
    """Few choices: one radio button each and "Bỏ chọn" to leave the field blank. A value
    that is not one of the choices (an old draft) gets its own button, so it is not lost."""

    edited = Signal()

    def __init__(self, f: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choices")
        self.field = f
        self.options: list[str] = []
        self.group = QButtonGroup(self)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(4, 2, 4, 2)
        self.row.setSpacing(18)
        for choice in f.choices:
            self._add_option(choice)
        self.clear_button = QPushButton(tr("Bỏ chọn"))
        self.clear_button.setObjectName("clearChoice")
        self.clear_button.setToolTip(tr("Để trống ô này"))
        self.clear_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_button.clicked.connect(self.clear)
        self.row.addWidget(self.clear_button)
        self.row.addStretch(1)
        self.setFocusProxy(self.group.buttons()[0])
        self.group.buttonToggled.connect(self._toggled)
        self._update_clear()

    def _add_option(self, text: str) -> QRadioButton:
        button = QRadioButton(text.replace("&", "&&"))
        self.group.addButton(button, len(self.options))
        self.options.append(text)
        self.row.insertWidget(len(self.options) - 1, button)
        return button

    def _toggled(self, _button, checked: bool) -> None:
        self._update_clear()
        if checked:
            self.edited.emit()

    def _update_clear(self) -> None:
        self.clear_button.setVisible(self.group.checkedId() >= 0)

    def value(self) -> str:
        chosen = self.group.checkedId()
        return self.options[chosen] if chosen >= 0 else ""

    def set_value(self, value: object) -> None:
        text = canonical_choice(self.field, value)
        self.clear()
        if text not in self.options[len(self.field.choices):]:
            self._drop_foreign()
        if text and text not in self.options:
            self._add_option(text)
        if text:
            self.group.button(self.options.index(text)).setChecked(True)

    def _drop_foreign(self) -> None:
        while len(self.options) > len(self.field.choices):
            button = self.group.button(len(self.options) - 1)
            self.group.removeButton(button)
            button.deleteLater()
            self.options.pop()

    def clear(self) -> None:
        if self.group.checkedId() < 0:
            return
        self.group.setExclusive(False)
        self.group.checkedButton().setChecked(False)
        self.group.setExclusive(True)
        self._update_clear()
        self.edited.emit()


class ChoiceCombo(QComboBox):
    """Many choices: a drop-down list whose first, empty item leaves the field blank."""

    edited = Signal()

    def __init__(self, f: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = f
        self.addItems(["", *f.choices])
        self.currentIndexChanged.connect(self._emit)

    def _emit(self, *_args) -> None:
        self.edited.emit()

    def value(self) -> str:
        return self.currentText()

    def set_value(self, value: object) -> None:
        text = canonical_choice(self.field, value)
        while self.count() > len(self.field.choices) + 1 and self.itemText(self.count() - 1) \
                != text:
            self.removeItem(self.count() - 1)     # an earlier value that is not a choice
        index = self.findText(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive)
        if index < 0:
            self.addItem(text)
            index = self.count() - 1
        self.setCurrentIndex(index)


def make_input(f: Field) -> QWidget:
    """The input for one field; tooltip = the field's help."""
    if f.type == "multiline":
        widget = MultilineInput(f)
    elif f.type == "checkbox":
        widget = CheckInput(f)
    elif f.type == "choice":
        few = f.display == "boxes" or len(f.choices) <= RADIO_LIMIT
        widget = ChoiceButtons(f) if few else ChoiceCombo(f)
    else:
        widget = TextInput(f)
    widget.setToolTip(f.help)
    return widget


def field_label(text: str, f: Field, widget: QWidget) -> QLabel:
    label = QLabel(text + ("\u00a0*" if f.required else ""))
    label.setObjectName("fieldLabel")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setFixedWidth(LABEL_WIDTH)
    top = Qt.AlignmentFlag.AlignTop if f.type == "multiline" else Qt.AlignmentFlag.AlignVCenter
    label.setAlignment(Qt.AlignmentFlag.AlignRight | top)
    label.setBuddy(widget)
    if f.required:
        label.setToolTip(tr("Bắt buộc điền"))
    return label


def fields_grid() -> QGridLayout:
    grid = QGridLayout()
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(8)
    grid.setColumnMinimumWidth(0, LABEL_WIDTH)
    grid.setColumnStretch(1, 1)
    return grid


class EntryCard(QGroupBox):
    """One person (or row) of a group: its fields, "Quét thẻ CCCD" when the group takes
    values from a card, and "Xóa". ``inputs`` and ``labels`` are keyed by field id."""

    def __init__(self, group: Group, index: int, parent: QWidget | None = None) -> None:
        super().__init__(entry_title(group, index), parent)
        self.setObjectName("entry")
        self.group, self.index = group, index
        self.inputs: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        grid = fields_grid()
        for row, f in enumerate(group.fields):
            widget = make_input(f)
            widget.setObjectName(f"field:{group.id}[{index + 1}].{f.id}")
            widget.setAccessibleName(label_for(f, group, index))
            self.inputs[f.id] = widget
            self.labels[f.id] = field_label(screen_label(f, group, index), f, widget)
            grid.addWidget(self.labels[f.id], row, 0)
            grid.addWidget(widget, row, 1, 1, 1 if row == 0 else 2)
        grid.addLayout(self._buttons(), 0, 2)       # beside the first field, after it on Tab
        self.setLayout(grid)

    def _buttons(self) -> QHBoxLayout:
        name = self.group.entry_name(self.index)
        self.scan_button = QPushButton(tr("Quét thẻ CCCD"))
        self.scan_button.setObjectName("scanEntry")
        self.scan_button.setToolTip(tr("Quét mã QR trên thẻ căn cước của {who} để điền các ô "
                                       "bên dưới").format(who=name))
        if not takes_card(self.group):
            self.scan_button.hide()     # not setVisible(True): no parent yet, it would open
        self.remove_button = QPushButton(tr("Xóa"))
        self.remove_button.setObjectName("removeEntry")
        for button, texts in ((self.scan_button, (tr("Quét thẻ CCCD"), tr("Đang chờ quét…"))),
                              (self.remove_button, (tr("Xóa"), tr("Xóa trắng")))):
            wide = max(button.fontMetrics().horizontalAdvance(t) for t in texts)
            button.setMinimumWidth(wide + 28)     # no jump when the text changes
        row = QHBoxLayout()
        row.addWidget(self.scan_button)
        row.addWidget(self.remove_button)
        return row

    def set_armed(self, armed: bool) -> None:
        self.scan_button.setText(tr("Đang chờ quét…") if armed else tr("Quét thẻ CCCD"))
        self.scan_button.setProperty("armed", "true" if armed else "false")
        self.scan_button.style().unpolish(self.scan_button)
        self.scan_button.style().polish(self.scan_button)

    def values(self) -> dict:
        return {fid: w.value() for fid, w in self.inputs.items()}

    def set_values(self, entry: dict) -> None:
        for fid, widget in self.inputs.items():
            widget.set_value(entry.get(fid))

    def is_blank(self) -> bool:
        return all(is_blank(v) or v is False for v in self.values().values())


def takes_card(group: Group) -> bool:
    """Whether a card scan can fill the group's entries (persons, not document lists)."""
    return any((f.bind or "").startswith("person.") for f in group.fields)


def set_problem(widget: QWidget, problem: bool) -> None:
    widget.setProperty("problem", "true" if problem else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def write_person(card: EntryCard, values: dict[str, str], overwrite: bool,
                 kept: list[str]) -> bool:
    """Put a card's values (keyed by ``Field.bind``) in the entry's empty fields, or in
    every field when ``overwrite``; the labels of fields that kept a different value
    go to ``kept``. True if anything was written."""
    written = False
    for f in card.group.fields:
        new = values.get(f.bind) if f.bind else None
        widget = card.inputs[f.id]
        current = widget.value()
        if is_blank(new) or same_text(current, new):
            continue
        if is_blank(current) or current is False or overwrite:
            widget.set_value(new)
            written = True
        else:
            kept.append(label_for(f, card.group, card.index))
    return written


def initial_count(group: Group) -> int:
    """At least one entry, and every named slot ("người mẹ", "người cha")."""
    return min(group.maximum, max(group.minimum, 1, len(group.entries)))


def group_places(template: Template) -> dict[str, int]:
    """Group id → how many top-level fields come before its section: after the last
    field that the paper prints above the group, so the screen follows the paper."""
    seen = {template.layout.recipient}
    places: dict[str, int] = {}
    order = [f.id for f in template.fields]
    for block in (*template.layout.body, *template.layout.after):
        if isinstance(block, Row):
            seen.update(item.field for item in block.items)
        elif isinstance(block, GroupBlock) and block.group not in places:
            before = [i for i, fid in enumerate(order) if fid in seen]
            places[block.group] = max(before) + 1 if before else 0
    return {g.id: places.get(g.id, len(order)) for g in template.groups}

