"""The forms being filled: who they are for, one tab per form, what is still wrong.

``WorkPanel`` shows an opened draft (``show_opened``), copies what was typed back into
the draft (``collect``) and checks it as the officer types (``validate``: the template
rules, run here on the GUI thread because they touch no database and take well under
a millisecond per form).
"""

from __future__ import annotations

import logging
from datetime import date
from functools import partial

from counter_app.domain import limits
from counter_app.domain.form_templates import Problem, Template, validate_data
from counter_app.services.citizen_forms import Draft
from ui.input_limits import limit
from ui.pages.citizen_forms.addresses import AddressOffers
from ui.pages.citizen_forms.editor import FormEditor
from ui.pages.citizen_forms.ops import Opened, address_offers
from ui.qt import (QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu,
                   QPushButton, QRegularExpression, QRegularExpressionValidator, Qt, QTabWidget,
                   QToolButton, QVBoxLayout, QWidget, Signal)
from ui.widgets.basics import delay_timer, muted
from ui.worker import BackgroundJob

log = logging.getLogger(__name__)
PROBLEM_MARK = " ⚠"
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 2


class WorkPanel(QWidget):
    """``changed()`` on every edit; ``add_form(template_id)`` / ``remove_form(template_id)``
    from the tab bar; ``scan_armed(bool)`` when a person's "Quét thẻ CCCD" waits."""

    changed = Signal()
    add_form = Signal(str)
    remove_form = Signal(str)
    scan_armed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, FormEditor] = {}
        self.templates: dict[str, Template] = {}
        self.today = date.today()
        self.requester = RequesterBar()
        self.procedure_label = QLabel("")
        self.procedure_label.setObjectName("stepHeading")
        self.missing_label = QLabel("")
        self.missing_label.setObjectName("cardWarnings")
        self.missing_label.setWordWrap(True)
        self.missing_label.hide()
        self.addresses = AddressOffers()
        self.addresses.chosen.connect(self._use_address)
        self.address_timer = delay_timer(self, 600, self.refresh_addresses)
        self.changed.connect(self.address_timer.start)
        self._address_round = 0
        self._draft_id = ""
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._close_requested)
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("+ Thêm mẫu"))
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The style draws its menu arrow over the text of a corner button: none, room kept.
        self.add_button.setStyleSheet("QToolButton::menu-indicator { image: none; }"
                                      "QToolButton { padding: 2px 8px; }")
        self.add_menu = QMenu(self.add_button)
        self.add_button.setMenu(self.add_menu)
        self.tabs.setCornerWidget(self.add_button)
        self.problems = ProblemList()
        self.problems.chosen.connect(self.focus_problem)
        self.problems.hide()
        self.preview_button = QPushButton(self.tr("Xem trước"))
        self.complete_button = QPushButton(self.tr("Hoàn tất và in để ký"))
        self.complete_button.setProperty("primary", True)
        self.complete_button.setToolTip(self.tr("Ctrl+Enter"))
        self.discard_button = QPushButton(self.tr("Hủy bản nháp…"))
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("saved")
        self._layout()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for b in (self.complete_button, self.preview_button, self.discard_button):
            b.setObjectName("outcome")
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.saved_label)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        box.addWidget(self.requester)
        box.addWidget(self.procedure_label)
        box.addWidget(self.missing_label)
        box.addWidget(self.addresses)
        box.addWidget(self.tabs, 1)
        box.addWidget(self.problems)
        box.addLayout(buttons)

    def set_template_menu(self, templates: list[tuple[str, str]]) -> None:
        self.add_menu.clear()
        for tid, title in templates:
            action = self.add_menu.addAction(title.capitalize())
            action.triggered.connect(lambda _=False, t=tid: self.add_form.emit(t))

    def show_opened(self, opened: Opened) -> None:
        """Rebuild the tabs for ``opened`` (its forms, in order), keeping the tab shown."""
        current = self.current_template_id()
        self.templates = dict(opened.templates)
        self.today = opened.today
        draft = opened.draft
        self.tabs.clear()
        for editor in self.editors.values():
            editor.deleteLater()
        self.editors = {}
        for tid in draft.templates:
            editor = FormEditor(self.templates[tid])
            editor.set_data(draft.forms.get(tid, {}))
            editor.changed.connect(self.changed)
            editor.scan_requested.connect(lambda *_: self.scan_armed.emit(True))
            editor.scan_cancelled.connect(lambda: self.scan_armed.emit(False))
            self.editors[tid] = editor
            self.tabs.addTab(editor, self.templates[tid].title.capitalize())
        if current in self.editors:
            self.tabs.setCurrentWidget(self.editors[current])
        self.tabs.setTabsClosable(len(self.editors) > 1)   # a set keeps at least one form
        self.requester.show_requester(_shown_person(draft.requester))
        self.procedure_label.setText(self.tr("Thủ tục: {name}").format(
            name=draft.procedure_name or draft.procedure_code))
        self.missing_label.setText(self.tr(
            "Chưa có mẫu điện tử cho: {names}. Dùng “+ Thêm mẫu” (ví dụ Đơn đề nghị) hoặc "
            "để công dân viết tay tờ khai này.").format(names="; ".join(draft.missing_forms)))
        self.missing_label.setVisible(bool(draft.missing_forms))
        if draft.id != self._draft_id:
            self._draft_id = draft.id
            self.addresses.forget_kept()
            self.addresses.show_offers([])
        self.validate()
        self.refresh_addresses()

    # --- pre-2025 addresses: offered, written only when the officer chooses -------------

    def refresh_addresses(self) -> None:
        """Look for old three-level card addresses in the forms as on screen (off the GUI
        thread); only the latest round's answer is shown."""
        self.address_timer.stop()
        self._address_round += 1
        forms = [(self.templates[tid], editor.data()) for tid, editor in self.editors.items()]
        BackgroundJob(partial(address_offers, forms),
                      partial(self._offers_found, self._address_round), self._offers_failed,
                      self, name="address-offers").start()

    def _offers_found(self, round_: int, offers: list) -> None:
        if round_ == self._address_round:
            self.addresses.show_offers(offers)

    def _offers_failed(self, exc: BaseException) -> None:
        log.warning("address offers unavailable: %s", exc)     # an aid: the form still works
        self.addresses.show_offers([])

    def _use_address(self, template_id: str, path: str, address: str) -> None:
        """The officer's choice, into the field as if typed (saved, checked, printed)."""
        editor = self.editors.get(template_id)
        widget = editor.widget_for(path) if editor is not None else None
        if widget is not None:
            widget.set_value(address)
            self.addresses.show_offers([o for o in self.addresses.offers
                                        if (o.template_id, o.path) != (template_id, path)])

    def collect(self, draft: Draft) -> Draft:
        """What is on screen, into ``draft.forms``."""
        for tid, editor in self.editors.items():
            draft.forms[tid] = editor.data()
        return draft

    def validate(self) -> dict[str, list[Problem]]:
        found = {tid: validate_data(self.templates[tid], editor.data(), self.today)
                 for tid, editor in self.editors.items()}
        for index, (tid, editor) in enumerate(self.editors.items()):
            editor.show_problems(found[tid])
            title = self.templates[tid].title.capitalize()
            self.tabs.setTabText(index, title + (PROBLEM_MARK if found[tid] else ""))
        self.problems.show_problems(found, {t: x.title.capitalize()
                                            for t, x in self.templates.items()})
        return found

    def focus_problem(self, template_id: str, path: str) -> None:
        editor = self.editors.get(template_id)
        if editor is not None:
            self.tabs.setCurrentWidget(editor)
            editor.focus_problem(path)

    def current_template_id(self) -> str | None:
        widget = self.tabs.currentWidget()
        return next((t for t, e in self.editors.items() if e is widget), None)

    def current_editor(self) -> FormEditor | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, FormEditor) else None

    def armed_editor(self) -> FormEditor | None:
        return next((e for e in self.editors.values() if e.armed_entry() is not None), None)

    def _close_requested(self, index: int) -> None:
        tid = list(self.editors)[index]
        self.remove_form.emit(tid)


def _shown_person(requester: dict) -> dict:
    birth = requester.get("birth_date") or ""
    if len(birth) == 10 and birth[4] == "-":
        birth = f"{birth[8:10]}/{birth[5:7]}/{birth[:4]}"
    return {**requester, "birth_date": birth}


class RequesterBar(QFrame):
    """Who the forms are for: from a scanned card, or looked up by ID number from an
    earlier visit (``look_up(id_number)``)."""

    look_up = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requester")
        self.name_label = QLabel("")
        self.name_label.setObjectName("requesterName")
        self.detail_label = muted("")
        self.id_edit = limit(QLineEdit(), limits.ID_NUMBER)
        self.id_edit.setPlaceholderText(self.tr("Số định danh (12 số)"))
        self.id_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}")))
        self.id_edit.setMaximumWidth(170)
        self.id_edit.returnPressed.connect(self._look_up)
        self.find_button = QPushButton(self.tr("Tìm lần trước"))
        self.find_button.clicked.connect(self._look_up)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.name_label)
        text.addWidget(self.detail_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addLayout(text, 1)
        row.addWidget(self.id_edit)
        row.addWidget(self.find_button)
        self.show_requester({})

    def show_requester(self, person: dict) -> None:
        if not person.get("full_name"):
            self.name_label.setText(self.tr("Người yêu cầu: chưa có"))
            self.detail_label.setText(self.tr(
                "Quét mã QR trên thẻ căn cước của công dân (hoặc nhập số định danh và bấm "
                "“Tìm lần trước”): thông tin sẽ được điền vào mọi tờ khai."))
            return
        self.name_label.setText(self.tr("Người yêu cầu: {name}").format(
            name=person["full_name"]))
        parts = [person.get("id_number") or "", person.get("birth_date") or "",
                 person.get("address") or ""]
        self.detail_label.setText(" · ".join(p for p in parts if p))

    def _look_up(self) -> None:
        text = self.id_edit.text().strip()
        if len(text) == 12:
            self.look_up.emit(text)


class ProblemList(QListWidget):
    """What still blocks completing, one line per problem; ``chosen(template_id, path)``."""

    chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.setMaximumHeight(110)
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)

    def show_problems(self, problems: dict[str, list[Problem]], titles: dict[str, str]) -> None:
        self.clear()
        several = len([t for t, ps in problems.items() if ps]) > 1
        for tid, items in problems.items():
            for p in items:
                prefix = f"{titles.get(tid, tid)}: " if several else ""
                item = QListWidgetItem(f"• {prefix}{p.message}")
                item.setData(PROBLEM_ROLE, (tid, p.path))
                self.addItem(item)
        self.setVisible(self.count() > 0)

    def _chosen(self, item: QListWidgetItem) -> None:
        tid, path = item.data(PROBLEM_ROLE)
        self.chosen.emit(tid, path)
