"""Công dân không viết: the repeated persons of a form (the parents, the two spouses…).

``GroupSection`` shows a group's heading, one ``EntryCard`` per person and "Thêm …";
``FormEditor`` owns one per group of its template.
"""

from __future__ import annotations

from counter_app.domain.form_templates.model import MAX_GROUP_SIZE, Group
from counter_app.domain.form_templates.values import is_blank
from ui.pages.citizen_forms.fields import EntryCard, initial_count
from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget, Signal


class GroupSection(QFrame):
    """A group's heading, its entry cards and "Thêm …". Removing an entry shifts the
    later entries' values up and drops the last card, so a card's position, title and
    widget names never change; a named slot followed by others is cleared instead, so
    the father never becomes the mother."""

    edited = Signal()
    scan_clicked = Signal(int)
    entries_removed = Signal()

    def __init__(self, group: Group, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"group:{group.id}")
        self.setAccessibleName(group.label)
        self.group = group
        self.cards: list[EntryCard] = []
        self._moving = False
        self.heading = QLabel(group.label)
        self.heading.setObjectName("groupHeading")
        self.problem_label = QLabel()
        self.problem_label.setObjectName("groupProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        self.add_button = QPushButton()
        self.add_button.setObjectName(f"add:{group.id}")
        self.add_button.clicked.connect(self._add_clicked)
        self.box = QVBoxLayout()
        self.box.setSpacing(10)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem_label)
        layout.addLayout(self.box)
        layout.addLayout(bottom)
        self.set_count(initial_count(group))

    # --- entries ----------------------------------------------------------------------

    def set_count(self, count: int) -> None:
        count = max(0, min(count, MAX_GROUP_SIZE))
        removed = len(self.cards) > count
        while len(self.cards) > count:
            card = self.cards.pop()
            card.hide()
            card.deleteLater()
        while len(self.cards) < count:
            self._append_card()
        self._update_buttons()
        if removed:
            self.entries_removed.emit()

    def _append_card(self) -> None:
        index = len(self.cards)
        card = EntryCard(self.group, index)
        for widget in card.inputs.values():
            widget.edited.connect(self._entry_edited)
        card.scan_button.clicked.connect(lambda: self.scan_clicked.emit(index))
        card.remove_button.clicked.connect(lambda: self.remove_entry(index))
        self.cards.append(card)
        self.box.addWidget(card)

    def can_remove(self, index: int) -> bool:
        last = index == len(self.cards) - 1
        return len(self.cards) > self.group.minimum and \
            (last or index >= len(self.group.entries))

    def remove_entry(self, index: int) -> None:
        """Drop entry ``index`` (later ones move up), or clear it when it must stay."""
        self._moving = True             # one ``edited`` for the whole move
        try:
            if not self.can_remove(index):
                self.cards[index].set_values({})
            else:
                values = [card.values() for card in self.cards]
                del values[index]
                self.set_count(len(self.cards) - 1)
                for card, entry in zip(self.cards[index:], values[index:]):
                    card.set_values(entry)
        finally:
            self._moving = False
        self._update_buttons()
        self.edited.emit()

    def _add_clicked(self) -> None:
        self.set_count(len(self.cards) + 1)
        self.cards[-1].inputs[self.group.fields[0].id].setFocus()
        self.edited.emit()

    def _entry_edited(self) -> None:
        if self._moving:
            return
        self._update_buttons()
        self.edited.emit()

    def _update_buttons(self) -> None:
        count, group = len(self.cards), self.group
        self.add_button.setEnabled(count < group.maximum)
        self.add_button.setVisible(count < group.maximum or group.maximum > max(group.minimum, 1))
        name = self.group.entry_name(count)
        self.add_button.setText(self.tr("Thêm {what}").format(
            what=name if count < len(self.group.entries) else self.group.label.lower()))
        for i, card in enumerate(self.cards):
            removes = self.can_remove(i)
            card.remove_button.setEnabled(removes or not card.is_blank())
            card.remove_button.setText(self.tr("Xóa") if removes else self.tr("Xóa trắng"))
            who = self.group.entry_name(i)
            card.remove_button.setToolTip(
                self.tr("Bỏ {who} khỏi tờ khai").format(who=who) if removes else
                self.tr("Xóa trắng các ô của {who}").format(who=who))

    def show_problem(self, message: str | None) -> None:
        """A problem of the whole group ("cần ít nhất 2 người"), shown under its heading."""
        self.problem_label.setText(message or "")
        self.problem_label.setVisible(bool(message))

    # --- values -----------------------------------------------------------------------

    def data(self) -> list[dict]:
        """Entries in position order; entirely blank ones dropped from the end only."""
        entries = [{} if card.is_blank() else
                   {k: v for k, v in card.values().items() if not is_blank(v)}
                   for card in self.cards]
        while entries and not entries[-1]:
            entries.pop()
        return entries

    def set_data(self, entries: object) -> None:
        entries = entries if isinstance(entries, list) else []
        self.set_count(max(initial_count(self.group), len(entries)))
        for i, card in enumerate(self.cards):
            entry = entries[i] if i < len(entries) else {}
            card.set_values(entry if isinstance(entry, dict) else {})
        self._update_buttons()
