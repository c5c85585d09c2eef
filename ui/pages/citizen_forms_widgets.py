"""Pieces of the "Công dân không viết" page: the list of sets, the requester bar, the
problem list and the panel shown once a set is completed."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain import limits
from counter_app.domain.clock import to_local
from counter_app.domain.form_templates import Problem
from ui.input_limits import limit
from ui.pages.common import muted
from ui.pages.intake_widgets import step_heading
from ui.qt import (QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                   QMessageBox, QPushButton, QRegularExpression, QRegularExpressionValidator, Qt,
                   QVBoxLayout, QWidget, Signal)

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 2

FORMS_STYLE = """
QLabel#requesterName { font-size: 13pt; font-weight: 600; color: #123d6b; }
QFrame#requester { background: #e8f1fb; border: 1px solid #a9c4e4; border-radius: 4px; }
QListWidget#problems { background: #fff7f6; border: 1px solid #e2b4b0; border-radius: 4px; }
QListWidget#problems::item { padding: 2px 4px; color: #8c1d18; }
QListWidget#sets::item { padding: 5px 2px; border-bottom: 1px solid #e4e9f0; }
QListWidget#sets::item:selected { background: #1a5490; color: white; }
QLabel#doneTitle { font-size: 16pt; font-weight: 600; color: #2e7d32; }
QLabel#doneName { font-size: 14pt; font-weight: 600; color: #123d6b; }
QLabel#saved { color: #52606d; }
"""


def local_time_text(utc: str, fmt: str = "%H:%M %d/%m") -> str:
    """Stored UTC text → "10:32 18/11" in local time (Asia/Ho_Chi_Minh)."""
    try:
        moment = to_local(datetime.fromisoformat(utc.replace("Z", "+00:00")))
    except (ValueError, AttributeError):
        return ""
    return moment.strftime(fmt)


class SetList(QListWidget):
    """Drafts on this machine and completed sets waiting for intake; ``opened(kind, id)``
    with kind "draft" or "set" on double click or Enter."""

    opened = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sets")
        self.setWordWrap(True)
        self.itemActivated.connect(self._activated)

    def show_sets(self, drafts: list[dict], ready: list[dict]) -> None:
        self.clear()
        for d in drafts:
            name = d["applicant_name"] or self.tr("(chưa có tên)")
            text = self.tr("✎ {name}\n{procedure} · nháp, {officer}, {at}").format(
                name=name, procedure=d["procedure_name"] or d["procedure_code"],
                officer=d["officer_name"], at=local_time_text(d["updated_at"]))
            self._add(text, "draft", d["id"])
        for s in ready:
            text = self.tr("✔ {name}\n{procedure} · chờ tiếp nhận, {at}").format(
                name=s["applicant_name"], procedure=s["procedure_name"],
                at=local_time_text(s["completed_at"]))
            self._add(text, "set", s["id"])
        if not drafts and not ready:
            item = QListWidgetItem(self.tr("Chưa có bộ tờ khai nào đang soạn."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)

    def _add(self, text: str, kind: str, item_id: str) -> None:
        item = QListWidgetItem(text)
        item.setData(KIND_ROLE, kind)
        item.setData(ID_ROLE, item_id)
        self.addItem(item)

    def ids(self, kind: str) -> list[str]:
        return [self.item(i).data(ID_ROLE) for i in range(self.count())
                if self.item(i).data(KIND_ROLE) == kind]

    def _activated(self, item: QListWidgetItem) -> None:
        if item.data(KIND_ROLE):
            self.opened.emit(item.data(KIND_ROLE), item.data(ID_ROLE))


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


class DonePanel(QWidget):
    """After "Hoàn tất": the set is recorded, printed for signature, waiting for intake."""

    def __init__(self, can_intake: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Đã hoàn tất bộ tờ khai"))
        title.setObjectName("doneTitle")
        self.name_label = QLabel("")
        self.name_label.setObjectName("doneName")
        self.detail_label = muted("")
        self.print_label = muted("")
        self.reprint_button = QPushButton(self.tr("In lại"))
        self.reopen_button = QPushButton(self.tr("Sửa lại"))
        self.reopen_button.setToolTip(self.tr(
            "Công dân đọc lại thấy sai: mở lại bộ tờ khai để sửa rồi in lại"))
        self.intake_button = QPushButton(self.tr("Tiếp nhận hồ sơ này"))
        self.intake_button.setProperty("primary", True)
        self.intake_button.setVisible(can_intake)
        self.next_button = QPushButton(self.tr("Công dân tiếp theo"))
        buttons = QHBoxLayout()
        for b in (self.intake_button, self.reprint_button, self.reopen_button, self.next_button):
            b.setObjectName("outcome")
            buttons.addWidget(b)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 24, 8, 8)
        box.setSpacing(10)
        for w in (title, self.name_label, self.detail_label, self.print_label):
            box.addWidget(w)
        box.addLayout(buttons)
        box.addStretch(1)
        self.can_intake = can_intake

    def show_set(self, s: dict) -> None:
        self.name_label.setText(s["applicant_name"])
        titles = ", ".join(f["title"].capitalize() for f in s["forms"])
        after = self.tr("Bấm “Tiếp nhận hồ sơ này” để tiếp nhận ngay, không phải nhập lại.") \
            if self.can_intake else self.tr(
                "Mời công dân sang quầy tiếp nhận: cán bộ tiếp nhận chọn “Từ tờ khai đã điền” "
                "hoặc quét thẻ căn cước của công dân để lấy bộ tờ khai này.")
        self.detail_label.setText(self.tr(
            "{procedure} — {count} tờ khai: {titles}.\nCông dân đọc lại và ký tên. {after}")
            .format(procedure=s["procedure_name"], count=len(s["forms"]), titles=titles,
                    after=after))
        self.print_label.setText(self.tr("Đang in…"))

    def show_print(self, ok: bool, message: str) -> None:
        self.print_label.setText(message if message else (
            self.tr("Đã in để công dân ký.") if ok else self.tr("Chưa in được.")))


def ask(parent: QWidget, text: str, on_yes, title: str, yes: str, no: str,
        icon=QMessageBox.Icon.Question) -> QMessageBox:
    """A yes/no question that does not block (the scanner and the autosave keep working
    meanwhile); ``on_yes()`` runs on the yes button. The box deletes itself when closed."""
    box = QMessageBox(icon, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    yes_button = box.button(QMessageBox.StandardButton.Yes)
    yes_button.setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(no)
    box.buttonClicked.connect(lambda b: b is yes_button and on_yes())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def section_heading(text: str) -> QLabel:
    return step_heading(text)
