"""Receiving a linked group (liên thông) on the intake page.

NĐ 63/2024/NĐ-CP (as amended; the amending text could not be read here) links procedures
a citizen asks for together, e.g. birth registration + permanent residence + a health
insurance card for a child under 6. The officer picks the group (“Liên thông…” under the
procedure list), sees each member procedure with its time limit, due date and documents
checklist, enters the applicant once and receives them in one action: one dossier per
procedure, linked by one ``group_id``, all recorded or none
(``counter_app.services.group_intake``). The done panel lists the linked dossiers' codes
and prints each one's receipt (form 01).

Each member's fees show under its name in the fee card (5.), as at a single intake, and
may be paid now: each dossier that owes is paid all it owes.
Scanned files are not taken here: each dossier has its own, attached afterwards in
Tra cứu hồ sơ. The outcomes 02/03 are for one procedure, so they are off for a group.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from ui.pages.intake.details import due_text
from ui.pages.intake.documents import FILES, DocumentsTable
from ui.pages.intake.ops import (GroupInfo, GroupItem, GroupResult, GroupSubmission,
                                 IntakeResult, group_delivery, group_info, saved_form,
                                 submit_group)
from ui.qt import (QFrame, QGridLayout, QHBoxLayout, QLabel, QMenu, QPushButton, Qt,
                   QVBoxLayout, QWidget, Signal)
from ui.widgets.basics import muted
from ui.widgets.panel import step_heading
from ui.widgets.procedure import days_text


class GroupChooser(QPushButton):
    """“Liên thông…”: a menu of the catalogue's linked groups; ``chosen(code)``."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Liên thông (nhiều thủ tục)…"), parent)
        self.setObjectName("groupChooser")
        self.setToolTip(self.tr("Nhận cùng lúc các thủ tục liên thông (ví dụ khai sinh, "
                                "thường trú, thẻ BHYT cho trẻ dưới 6 tuổi) cho một người nộp"))
        self.setMenu(QMenu(self))
        self.set_groups(())

    def set_groups(self, groups: tuple[GroupItem, ...]) -> None:
        menu = self.menu()
        menu.clear()
        for group in groups:
            action = menu.addAction(group.name)
            action.triggered.connect(partial(self.chosen.emit, group.code))
        self.setEnabled(bool(groups))


class GroupCard(QFrame):
    """The chosen group: each member with its time limit, due date if received now and
    its checklist (ticks and counts). ``leave()`` on “Bỏ nhóm”, ``changed()`` on a tick."""

    leave = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.info: GroupInfo | None = None
        self.tables: dict[str, DocumentsTable] = {}
        self.name_label = QLabel("")
        self.name_label.setObjectName("procedureName")
        self.name_label.setWordWrap(True)
        self.basis_label = muted("")
        self.leave_button = QPushButton(self.tr("Bỏ nhóm liên thông"))
        self.leave_button.clicked.connect(self.leave)
        top = QHBoxLayout()
        top.addWidget(step_heading(self.tr("3. Thủ tục liên thông và thành phần hồ sơ")), 1)
        top.addWidget(self.leave_button)
        self.members = QVBoxLayout()
        self.members.setSpacing(4)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 8, 14, 10)
        box.addLayout(top)
        box.addWidget(self.name_label)
        box.addWidget(self.basis_label)
        box.addLayout(self.members)
        box.addWidget(muted(self.tr("Mỗi thủ tục thành một hồ sơ riêng (mã, hạn trả, giấy "
                                    "tiếp nhận riêng), liên kết với nhau. Tệp quét đính kèm "
                                    "sau cho từng hồ sơ ở mục Tra cứu hồ sơ.")))

    def show_group(self, info: GroupInfo) -> None:
        self.clear()
        self.info = info
        self.name_label.setText(info.name)
        self.basis_label.setText(self.tr("Căn cứ: {basis}").format(basis=info.legal_basis)
                                 if info.legal_basis else "")
        for n, member in enumerate(info.members, 1):
            proc = member.procedure
            title = QLabel(self.tr("Thủ tục {n}/{total}: {name}").format(
                n=n, total=len(info.members), name=proc.name))
            title.setWordWrap(True)
            title.setObjectName("stepHeading")
            note = muted(self.tr("{code} — {days} — hẹn trả nếu tiếp nhận bây giờ: {due}").format(
                code=proc.code, days=days_text(proc.processing_days, proc.same_day),
                due=due_text(member.due)))
            note.setWordWrap(True)
            table = DocumentsTable()
            table.setColumnHidden(FILES, True)
            table.set_documents(proc.documents)
            table.changed.connect(self.changed)
            self.tables[proc.code] = table
            for widget in (title, note, table):
                self.members.addWidget(widget)

    def clear(self) -> None:
        self.info = None
        self.tables = {}
        while self.members.count():
            widget = self.members.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()

    def documents(self) -> dict[str, list[dict]]:
        """Each member's checklist as ticked, by procedure code."""
        return {code: table.documents() for code, table in self.tables.items()}

    def state(self) -> dict[str, list]:
        return {code: table.state() for code, table in self.tables.items()}

    def restore_state(self, state: dict) -> None:
        for code, rows in state.items():
            if code in self.tables and isinstance(rows, list):
                self.tables[code].restore_state(rows)


class GroupDonePanel(QFrame):
    """After a group is received: the linked dossiers' codes and due dates, each with
    its receipt (form 01) to print; ``print_requested(index)``."""

    print_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title_label = QLabel("")
        self.title_label.setObjectName("doneTitle")
        self.title_label.setWordWrap(True)
        self.summary_label = QLabel("")
        self.summary_label.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(10)
        self.print_buttons: list[QPushButton] = []
        self.code_labels: list[QLabel] = []
        self.print_label = QLabel("")
        self.print_label.setWordWrap(True)
        self.new_button = QPushButton(self.tr("Hồ sơ mới"))
        self.new_button.setProperty("primary", True)
        self.new_button.setObjectName("outcome")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.new_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(28, 20, 28, 20)
        box.setSpacing(8)
        box.addWidget(self.title_label)
        box.addWidget(self.summary_label)
        box.addSpacing(8)
        box.addLayout(self.grid)
        box.addWidget(muted(self.tr("Giao Liên 2 của từng giấy tiếp nhận cho người nộp; "
                                    "Liên 1 lưu cùng hồ sơ.")))
        box.addWidget(self.print_label)
        box.addSpacing(12)
        box.addLayout(row)
        box.addStretch(1)

    def show_result(self, result: GroupResult) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.print_buttons, self.code_labels = [], []
        first = result.results[0].dossier
        self.title_label.setText(self.tr("✔ Đã tiếp nhận {n} hồ sơ liên thông — giấy tiếp "
                                         "nhận, hẹn trả kết quả (mẫu 01)").format(
            n=len(result.results)))
        self.summary_label.setText(self.tr("{name} — {group}").format(
            name=first["applicant_name"], group=result.name))
        for i, r in enumerate(result.results):
            d = r.dossier
            code = QLabel(d["code"])
            code.setObjectName("doneDue")
            code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            name = QLabel(d["procedure_name"])
            name.setWordWrap(True)
            due = QLabel(self.tr("Hẹn trả: {due}").format(
                due=due_text(datetime.fromisoformat(d["due_at_local"]))))
            fees = QLabel(self.fees_text(d))
            button = QPushButton(self.tr("In phiếu 01"))
            button.setToolTip(str(r.pdf_path) if r.pdf_path else r.pdf_error)
            button.clicked.connect(partial(self.print_requested.emit, i))
            for column, widget in enumerate((code, name, due, fees, button)):
                self.grid.addWidget(widget, i, column)
            self.print_buttons.append(button)
            self.code_labels.append(code)
        self.grid.setColumnStretch(1, 1)
        self.print_label.setText("")

    def fees_text(self, d: dict) -> str:
        """Each linked dossier's own fees, as the citizen pays them: "Phí 8.000 đ: đã nộp"."""
        total, paid = d.get("fee_total", 0), d.get("fee_paid", 0)
        if not total and not paid:       # a fee left without an amount at intake: not charged
            return self.tr("Không thu phí")
        amount = f"{total:,}".replace(",", ".")
        if paid >= total:
            return self.tr("Phí {amount} đ: đã nộp").format(amount=amount)
        return self.tr("Phí {amount} đ: chưa nộp").format(amount=amount) if not paid else \
            self.tr("Phí {amount} đ: đã nộp {paid} đ").format(
                amount=amount, paid=f"{paid:,}".replace(",", "."))

    def show_print(self, ok: bool, message: str) -> None:
        self.print_label.setText(message)
        self.print_label.setStyleSheet("" if ok else "color: #8c1d18;")


class LinkedGroups:
    """The intake page's side of a linked group: choosing and leaving it, receiving it,
    printing each receipt. A part of ``IntakePage`` (it uses the page's widgets)."""

    group: GroupInfo | None = None
    group_result: GroupResult | None = None

    def _build_groups(self) -> None:
        self.group_chooser = GroupChooser()
        self.group_chooser.chosen.connect(self.choose_group)
        self.group_card = GroupCard()
        self.group_card.hide()
        self.group_card.leave.connect(self.leave_group)
        self.group_done = GroupDonePanel()
        self.group_done.print_requested.connect(self.print_group_receipt)
        self.group_done.new_button.clicked.connect(self.new_dossier)

    def choose_group(self, code: str) -> None:
        self._run(partial(group_info, code=code), self._group_loaded)

    def _group_loaded(self, info: GroupInfo) -> None:
        self.group = info
        self.info = None
        self.picker.clear_choice()
        self.summary.hide()
        self.documents_card.hide()
        # each linked dossier charges its own fees, shown under its procedure's name
        self.fees_card.set_sections([
            (m.procedure.code, self.tr("Thủ tục {n}: {name}").format(n=n, name=m.procedure.name),
             m.procedure.fees) for n, m in enumerate(info.members, 1)])
        self.group_card.show_group(info)
        self.group_card.show()
        self.details.override_check.setChecked(False)
        self.details.override_check.hide()
        self.details.competent.set_available(False)
        self.details.set_delivery_options(group_delivery(info))
        self.details.show_due(None, self.tr("Mỗi thủ tục có hạn trả riêng (xem ở phần 3)."))
        self._show_mode()
        self.drafts.changed()

    def leave_group(self) -> None:
        """Back to one procedure (the officer left the group or chose a procedure)."""
        if self.group is None:
            return
        self.group = None
        self.group_card.clear()
        self.group_card.hide()
        self.fees_card.set_fees(())
        self.documents_card.show()
        self.summary.show()
        self.details.override_check.show()
        self.details.competent.set_available(True)
        self.details.show_due(None, self.tr("Chọn thủ tục để tính ngày hẹn trả."))
        self._show_mode()
        self.drafts.changed()

    def _show_mode(self) -> None:
        grouped = self.group is not None
        self.receive_button.setText(self.tr("Tiếp nhận liên thông (in phiếu 01)") if grouped
                                    else self.tr("Tiếp nhận (in phiếu 01)"))
        self._set_busy(self.busy)

    def receive_group(self) -> None:
        applicant = self._checked_applicant()
        if applicant is None:
            return
        d, ticket = self.details, self.ticket_link.ticket
        submission = GroupSubmission(
            self.group.code, applicant, channel=d.channel(), portal_code=d.portal_code(),
            sets=d.sets_spin.value(), result_delivery=d.delivery(),
            ticket_id=ticket["id"] if ticket else None, documents=self.group_card.documents(),
            fees=self.fees_card.fees_by_procedure(),
            payment_method=self.fees_card.payment_method(),
            payment_reference=self.fees_card.payment_reference())
        self.drafts.pause()
        self._set_busy(True)
        self._worker.run_op(partial(submit_group, submission=submission), self._group_received,
                            self._submit_failed, owner=self)

    def _group_received(self, result: GroupResult) -> None:
        self._set_busy(False)
        self.group_result = result
        self.message_bar.clear()
        self.draft_note.hide()
        self.saved_label.setText("")
        self.group_done.show_result(result)
        self.stack.setCurrentWidget(self.group_done)
        self.group_done.new_button.setFocus()
        problems = [r.pdf_error for r in result.results if r.pdf_error]
        if problems:
            self.message_bar.show_error("\n".join(problems))

    def print_group_receipt(self, index: int) -> None:
        """Form 01 of the group's dossier ``index`` (written anew if its PDF is gone)."""
        if self.group_result is None or self.printer.busy:
            return
        r = self.group_result.results[index]
        self._run(partial(saved_form, form="form01", code=r.number, path=r.pdf_path),
                  lambda path: self._print(IntakeResult(r.dossier, "form01", path)))
