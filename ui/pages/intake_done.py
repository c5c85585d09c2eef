"""The panel shown once the dossier is recorded: the code and the due date in large type,
the form's PDF, whether it printed, and the way on (reprint, open the PDF, next dossier)."""

from __future__ import annotations

from datetime import datetime

from ui.pages.common import muted
from ui.pages.intake_data import IntakeResult
from ui.pages.intake_form import due_text
from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget


class DonePanel(QFrame):
    """After the outcome: the dossier code and due date in large type, the form's PDF,
    printing status, and the way on (reprint, open the PDF, next dossier)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title_label = self._label("doneTitle")
        self.code_caption = muted(self.tr("Mã hồ sơ"))
        self.code_label = self._label("doneCode", selectable=True, wrap=False)
        self.due_label = self._label("doneDue")
        self.summary_label = self._label()
        self.hint_label = self._label()
        self.pdf_label = muted("")
        self.pdf_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_label = self._label()
        self.files_label = muted("")
        box = QVBoxLayout(self)
        box.setContentsMargins(28, 20, 28, 20)
        box.setSpacing(8)
        for widget in (self.title_label, self.code_caption, self.code_label, self.due_label,
                       self.summary_label, self.hint_label, self.pdf_label, self.print_label,
                       self.files_label):
            box.addWidget(widget)
        box.addSpacing(16)
        box.addLayout(self._buttons())
        box.addStretch(1)

    @staticmethod
    def _label(name: str = "", selectable: bool = False, wrap: bool = True) -> QLabel:
        label = QLabel("")
        label.setObjectName(name)
        label.setWordWrap(wrap)
        if selectable:
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _buttons(self) -> QHBoxLayout:
        self.reprint_button = QPushButton(self.tr("In lại"))
        self.open_button = QPushButton(self.tr("Mở tệp PDF"))
        self.new_button = QPushButton(self.tr("Hồ sơ mới"))
        self.new_button.setProperty("primary", True)
        row = QHBoxLayout()
        for button in (self.reprint_button, self.open_button, self.new_button):
            button.setObjectName("outcome")
            row.addWidget(button)
            if button is self.open_button:
                row.addStretch(1)
        return row

    def show_result(self, result: IntakeResult) -> None:
        d = result.dossier
        outcome = d["outcome"]
        self.title_label.setText(self._title(outcome))
        self.title_label.setProperty("outcome", outcome)
        self.title_label.style().unpolish(self.title_label)
        self.title_label.style().polish(self.title_label)
        self.code_label.setText(d["code"])
        self.due_label.setText(self._due_line(d))
        self.summary_label.setText(self.tr("{name} — {procedure}").format(
            name=d["applicant_name"], procedure=d["procedure_name"]))
        self.hint_label.setText(self._hint(outcome))
        if result.pdf_path is not None:
            self.pdf_label.setText(self.tr("Tệp PDF: {path}").format(path=result.pdf_path))
        else:
            self.pdf_label.setText(result.pdf_error)
        self.reprint_button.setEnabled(result.pdf_path is not None)
        self.open_button.setEnabled(result.pdf_path is not None)
        self.print_label.setText("")
        self.files_label.setText(self._files_line(result))
        self.files_label.setVisible(bool(self.files_label.text()))

    def _title(self, outcome: str) -> str:
        if outcome == "incomplete":
            return self.tr("Hồ sơ chưa đầy đủ — đã lập phiếu yêu cầu bổ sung (mẫu 02)")
        if outcome == "refused":
            return self.tr("Từ chối tiếp nhận — đã lập phiếu từ chối (mẫu 03)")
        return self.tr("✔ Đã tiếp nhận hồ sơ — giấy tiếp nhận, hẹn trả kết quả (mẫu 01)")

    def _hint(self, outcome: str) -> str:
        if outcome == "incomplete":
            return self.tr("Giao phiếu 02 cho người nộp để bổ sung, hoàn thiện hồ sơ một lần.")
        if outcome == "refused":
            return self.tr("Giao phiếu 03 cho người nộp; hồ sơ được ghi là không tiếp nhận.")
        return self.tr("Giao Liên 2 của giấy tiếp nhận cho người nộp; Liên 1 lưu cùng hồ sơ.")

    def _due_line(self, d: dict) -> str:
        if d["outcome"] == "received" and d["due_at_local"]:
            due = datetime.fromisoformat(d["due_at_local"])
            return self.tr("Hẹn trả kết quả: {due}").format(due=due_text(due))
        return self.tr("Trạng thái: {status}. Lý do: {reason}").format(
            status=d["status_label"], reason=d["reason"])

    def _files_line(self, result: IntakeResult) -> str:
        lines = []
        if result.attached:
            lines.append(self.tr("Đã đính kèm {n} tệp quét vào hồ sơ.").format(
                n=result.attached))
        lines.extend(result.attach_errors)
        return "\n".join(lines)

    def show_print(self, ok: bool, message: str) -> None:
        self.print_label.setText(message)
        self.print_label.setStyleSheet("" if ok else "color: #8c1d18;")
