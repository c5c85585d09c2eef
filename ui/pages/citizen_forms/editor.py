"""Công dân không viết: the officer fills a citizen's form (tờ khai, đơn) on screen.

``FormEditor(template)`` shows one labelled input per field and, for each group, one
card per person; it reads and writes the plain form data of
``counter_app.domain.form_templates`` and knows nothing of databases or printing.
A widget is found by its path (``kinh_gui``, ``cha_me[2].ho_ten``, N from 1, as in
``Problem.path``); its object name is ``field:<path>``, a group's section ``group:<id>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from counter_app.domain.form_templates.model import Field, FormData, Group, Problem, Template
from counter_app.domain.form_templates.values import is_blank, words_of_date, words_value
from ui.pages.citizen_forms.fields import (EDITOR_STYLE, EntryCard, field_label, fields_grid,
                                           group_places, make_input, screen_label, set_problem,
                                           write_person)
from ui.pages.citizen_forms.groups import GroupSection
from ui.qt import QFrame, QLabel, QScrollArea, Qt, QVBoxLayout, QWidget, Signal, is_valid
from ui.widgets.basics import card


class FormEditor(QWidget):
    """The form on screen. ``changed()`` on every edit by the officer (typing, choosing,
    adding or removing an entry, ``apply_person``), never for ``set_data``;
    ``scan_requested(group_id, index)`` when an entry's "Quét thẻ CCCD" is pressed
    (index from 0); ``scan_cancelled()`` when it is pressed again while waiting."""

    changed = Signal()
    scan_requested = Signal(str, int)
    scan_cancelled = Signal()

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.inputs: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.sections: dict[str, GroupSection] = {}
        self._armed: tuple[str, int] | None = None
        self._quiet = 0
        self._marked: dict[QWidget, str] = {}       # marked widget → its own tooltip
        self._words: dict[str, tuple[str, str]] = {}   # words_of field → (date, its words)
        self.setStyleSheet(EDITOR_STYLE)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("formScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self._body())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    def _body(self) -> QWidget:
        body = QWidget()
        body.setObjectName("formBody")
        box = QVBoxLayout(body)
        box.setContentsMargins(4, 4, 12, 4)
        box.setSpacing(12)
        places = group_places(self.template)
        fields = list(self.template.fields)
        start = 0
        for group in sorted(self.template.groups, key=lambda g: places[g.id]):
            box.addWidget(self._fields_card(fields[start:places[group.id]]))
            box.addWidget(self._section(group))
            start = max(start, places[group.id])
        box.addWidget(self._fields_card(fields[start:]))
        box.addStretch(1)
        return body

    def _fields_card(self, fields: list[Field]) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        if not fields:
            frame.hide()
        grid = fields_grid()
        grid.setContentsMargins(14, 12, 14, 12)
        for row, f in enumerate(fields):
            widget = make_input(f)
            widget.setObjectName(f"field:{f.id}")
            widget.setAccessibleName(f.label)
            widget.edited.connect(self._edited)
            self.inputs[f.id] = widget
            self.labels[f.id] = field_label(screen_label(f), f, widget)
            grid.addWidget(self.labels[f.id], row, 0)
            grid.addWidget(widget, row, 1)
        frame.setLayout(grid)
        return frame

    def _section(self, group: Group) -> QFrame:
        section = GroupSection(group)
        section.edited.connect(self._edited)
        section.entries_removed.connect(lambda: self._entries_removed(group.id))
        section.scan_clicked.connect(lambda index: self._scan_clicked(group.id, index))
        self.sections[group.id] = section
        return card(section)

    # --- data -------------------------------------------------------------------------

    @contextmanager
    def _batch(self) -> Iterator[None]:
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _edited(self) -> None:
        if not self._quiet:
            self._follow_dates()
            self.changed.emit()

    def _follow_dates(self) -> None:
        """When a date changes, its ``words_of`` field follows unless the officer typed
        over it (clearing the words alone does not bring them back while typing)."""
        for f in self.template.fields:
            if f.words_of not in self.inputs or f.id not in self.inputs:
                continue
            widget, source = self.inputs[f.id], self.inputs[f.words_of].value()
            seen, generated = self._words.get(f.id, ("", ""))
            if source == seen:
                continue
            new = words_value(widget.value(), generated, source)
            if new is not None:
                with self._batch():
                    widget.set_value(new)
            self._words[f.id] = (source, generated if new is None else new)

    def set_data(self, data: FormData) -> None:
        """Show ``data`` (every widget; groups grow to its entries). Keys the template
        does not have are not kept. Emits no ``changed``."""
        data = data if isinstance(data, dict) else {}
        with self._batch():
            for fid, widget in self.inputs.items():
                widget.set_value(data.get(fid))
            for gid, section in self.sections.items():
                section.set_data(data.get(gid))
        self._words = {f.id: (str(data.get(f.words_of) or ""), words_of_date(data.get(f.words_of)))
                       for f in self.template.fields if f.words_of}

    def data(self) -> FormData:
        """The form data: blank text and choices left out, checkboxes as booleans, every
        group as a list (blank entries dropped from the end only: positions matter)."""
        out: FormData = {}
        for fid, widget in self.inputs.items():
            value = widget.value()
            if not is_blank(value):
                out[fid] = value
        for gid, section in self.sections.items():
            out[gid] = section.data()
        return out

    # --- finding widgets, problems ----------------------------------------------------

    def widget_for(self, path: str) -> QWidget | None:
        """The input at ``path`` (``ho_ten``, ``cha_me[2].ho_ten``), a group's section
        for a group id, None for a path the form does not show."""
        if path in self.inputs:
            return self.inputs[path]
        if path in self.sections:
            return self.sections[path]
        card, fid = self._entry_of(path)
        return card.inputs.get(fid) if card is not None else None

    def _entry_of(self, path: str) -> tuple[EntryCard | None, str]:
        gid, _, rest = path.partition("[")
        number, _, fid = rest.partition("].")
        section = self.sections.get(gid)
        if section is None or not number.isdigit():
            return None, ""
        index = int(number) - 1
        return (section.cards[index], fid) if 0 <= index < len(section.cards) else (None, "")

    def _label_of(self, path: str) -> QLabel | None:
        if path in self.labels:
            return self.labels[path]
        card, fid = self._entry_of(path)
        return card.labels.get(fid) if card is not None else None

    def show_problems(self, problems: list[Problem]) -> None:
        """Mark (red border, message as tooltip) every widget with a problem; unmark the
        others. Paths the form does not show are ignored."""
        self._clear_marks()
        messages: dict[str, list[str]] = {}
        for problem in problems:
            messages.setdefault(problem.path, []).append(problem.message)
        for path, texts in messages.items():
            for widget in (self.widget_for(path), self._label_of(path)):
                if widget is not None:
                    self._mark(widget, "\n".join(texts))

    def _mark(self, widget: QWidget, message: str) -> None:
        self._marked.setdefault(widget, widget.toolTip())
        widget.setToolTip(message)
        set_problem(widget, True)
        if isinstance(widget, GroupSection):
            widget.show_problem(message)

    def _unmark(self, widget: QWidget) -> None:
        tooltip = self._marked.pop(widget)
        if is_valid(widget):
            widget.setToolTip(tooltip)
            set_problem(widget, False)
            if isinstance(widget, GroupSection):
                widget.show_problem(None)

    def _clear_marks(self) -> None:
        for widget in list(self._marked):
            self._unmark(widget)

    def problem_paths(self) -> list[str]:
        """Paths of the widgets marked now (inputs and sections, not their labels)."""
        paths = [*self.inputs, *self.sections] + [
            f"{gid}[{i + 1}].{f.id}" for gid, section in self.sections.items()
            for i in range(len(section.cards)) for f in section.group.fields]
        return [path for path in paths if self.widget_for(path).property("problem") == "true"]

    def focus_problem(self, path: str) -> None:
        """Scroll to the widget at ``path`` and put the cursor in it."""
        widget = self.widget_for(path)
        if widget is None:
            return
        if isinstance(widget, GroupSection):
            widget = widget.cards[0] if widget.cards else widget.add_button
        self.scroll.ensureWidgetVisible(widget, 40, 60)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- card scans -------------------------------------------------------------------

    def armed_entry(self) -> tuple[str, int] | None:
        """(group id, index) of the entry waiting for a card scan, if any."""
        return self._armed

    def disarm(self) -> None:
        if self._armed is not None:
            gid, index = self._armed
            self._armed = None
            cards = self.sections[gid].cards
            if index < len(cards):
                cards[index].set_armed(False)

    def _scan_clicked(self, group_id: str, index: int) -> None:
        if self._armed == (group_id, index):
            self.disarm()
            self.scan_cancelled.emit()
            return
        self.disarm()
        self._armed = (group_id, index)
        self.sections[group_id].cards[index].set_armed(True)
        self.scan_requested.emit(group_id, index)

    def _entries_removed(self, group_id: str) -> None:
        """Later entries moved up: marks and an armed scan no longer point where they did."""
        section = self.sections[group_id]
        for widget in [w for w in self._marked if is_valid(w) and section.isAncestorOf(w)]:
            self._unmark(widget)
        if self._armed and self._armed[0] == group_id:
            self.disarm()
            self.scan_cancelled.emit()

    def apply_person(self, group_id: str, index: int, values: dict[str, str],
                     overwrite: bool = False) -> list[str]:
        """Fill entry ``index`` (from 0) of ``group_id`` from a card's values, keyed by
        ``Field.bind`` ("person.full_name"). A field the officer already filled with
        something else is kept unless ``overwrite``; returns those fields' labels
        ("Họ, chữ đệm, tên người mẹ"). Disarms the scan; one ``changed`` if anything
        was written. KeyError for an unknown group, IndexError past its maximum."""
        section = self.sections[group_id]
        if not 0 <= index < section.group.maximum:
            raise IndexError(f"{group_id}: no entry {index}")
        self.disarm()
        kept: list[str] = []
        with self._batch():
            grown = index >= len(section.cards)
            if grown:
                section.set_count(index + 1)
            written = write_person(section.cards[index], values, overwrite, kept)
        if grown or written:
            self.changed.emit()
        return kept

