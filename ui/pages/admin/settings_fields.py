"""The settings form's fields: one widget per configuration key, each able to show
the value from the file and to give back the text ``office_config.set_values`` takes.

Values are compared with what was loaded, so Save writes only what was changed (a
key the administrator did not touch keeps its value, wrong or not)."""

from __future__ import annotations

from typing import Any

from ui.qt import QComboBox, QLineEdit, QSpinBox, QWidget


class Field:
    """A key of the config file and the widget that edits it."""

    def __init__(self, key: str, widget: QWidget) -> None:
        self.key = key
        self.widget = widget
        self.loaded: str | None = None

    def show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        self.loaded = text
        w = self.widget
        if isinstance(w, QSpinBox):
            w.setValue(int(value or 0))
            self.loaded = self.text()
        elif isinstance(w, QComboBox):
            index = w.findData(text)
            if index < 0:
                w.addItem(text, text)        # a value the list does not know: kept as is
                w.setCurrentIndex(w.count() - 1)
            else:
                w.setCurrentIndex(index)
        else:
            w.setText(text)

    def text(self) -> str:
        w = self.widget
        if isinstance(w, QSpinBox):
            # 0 means "none" (a PC that is not a counter): the file holds null
            return "" if w.value() == 0 and w.minimum() == 0 else str(w.value())
        if isinstance(w, QComboBox):
            data = w.currentData()
            return "" if data is None else str(data)
        return w.text().strip()

    def changed(self) -> bool:
        return self.loaded is not None and self.text() != self.loaded


def line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def choice(items: list[tuple[str, str]]) -> QComboBox:
    """(value, label) pairs."""
    box = QComboBox()
    for value, label in items:
        box.addItem(label, value)
    return box


def number(low: int, high: int, none_text: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    if none_text:
        box.setSpecialValueText(none_text)
    return box
