"""The dialogs of the dossier steps: transfer, supplement, return, withdraw, stop,
apology and confirmations (reprinting a form: reprint.py).

Each opens window-modal with ``open()`` (never a nested event loop) and, when
the officer confirms, emits ``submitted(args, print_form)``: the keyword
arguments of the core step (counter_app.services.dossiers) and whether to
print the form the step issues. The page runs the step through the worker.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from counter_app.domain import limits
from counter_app.domain.clock import LOCAL_TZ
from ui.input_limits import limit
from ui.pages.dossiers.ops import DossierView, StepResult, local_text, local_time
from ui.qt import (QT_TRANSLATE_NOOP, QCheckBox, QCoreApplication, QDateTime, QDateTimeEdit,
                   QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
                   QListWidgetItem, QPlainTextEdit, Qt, QVBoxLayout, QWidget, Signal)
from ui.widgets.dialogs import ok_cancel
from ui.widgets.drafts import DraftDialog

QT_FORMAT = "yyyy-MM-dd HH:mm"
PY_FORMAT = "%Y-%m-%d %H:%M"
class StepDialog(DraftDialog):
    """A title, an intro line, a form of fields, an optional "print the form" box. What is
    typed is kept as a draft per dossier and step (``keep_drafts``, ui.widgets.drafts)."""

    submitted = Signal(dict, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        self.intro = QLabel("")
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.print_box = QCheckBox("")
        self.print_box.setChecked(True)
        self.buttons = ok_cancel(self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addLayout(self.form)
        box.addWidget(self.print_box)
        box.addWidget(self.buttons)
        self.required: list[QLineEdit] = []

    def set_texts(self, title: str, intro: str, ok_text: str, print_text: str = "") -> None:
        self.setWindowTitle(title)
        self.intro.setText(intro)
        self.ok_button.setText(ok_text)
        self.print_box.setText(print_text)
        self.print_box.setVisible(bool(print_text))
        self.print_box.setChecked(bool(print_text))

    def line(self, label: str, text: str = "", required: bool = False,
             length: int = limits.NAME) -> QLineEdit:
        edit = limit(QLineEdit(text), length)
        self.form.addRow(label, edit)
        if required:
            self.required.append(edit)
            edit.textChanged.connect(self.update_ok)
        return edit

    def update_ok(self, *_args) -> None:
        self.ok_button.setEnabled(self.ready())

    def draft_fields(self) -> dict[str, QWidget]:
        """Every text field of the form, by its label (and the dialog's own extras)."""
        fields = {}
        for row in range(self.form.rowCount()):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None and field.widget() is not None:
                fields[label.widget().text()] = field.widget()
        return fields

    def ready(self) -> bool:
        return all(edit.text().strip() for edit in self.required)

    def values(self) -> dict:
        raise NotImplementedError

    def accept(self) -> None:
        if not self.ready():
            return
        super().accept()
        self.submitted.emit(self.values(), self.print_box.isChecked())


class TransferDialog(StepDialog):
    def __init__(self, d: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_texts(self.tr("Chuyển xử lý hồ sơ {code}").format(code=d["code"]),
                       self.tr("Chuyển hồ sơ của {name} đến cơ quan, bộ phận giải quyết. "
                               "Phiếu kiểm soát (mẫu 05) đi kèm hồ sơ.").format(
                           name=d["applicant_name"]),
                       self.tr("Chuyển"),
                       self.tr("In phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 05)"))
        self.agency_edit = self.line(self.tr("Chuyển đến:"), d["deciding_agency"], True,
                                      limits.AGENCY)
        self.receiver_edit = self.line(self.tr("Người nhận:"))
        self.note_edit = self.line(self.tr("Ghi chú:"), length=limits.NOTE)
        self.update_ok()

    def values(self) -> dict:
        return {"to_agency": self.agency_edit.text(), "receiver": self.receiver_edit.text(),
                "note": self.note_edit.text()}


class SupplementDialog(StepDialog):
    """Everything missing, once (form 02): tick documents, add others one per line."""

    def __init__(self, d: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_texts(self.tr("Yêu cầu bổ sung hồ sơ {code}").format(code=d["code"]),
                       self.tr("Yêu cầu bổ sung phải nêu đủ mọi giấy tờ còn thiếu trong một "
                               "lần. Thời hạn giải quyết tính lại từ khi nhận đủ."),
                       self.tr("Yêu cầu bổ sung"),
                       self.tr("In phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)"))
        self.reason_edit = self.line(self.tr("Lý do:"), required=True, length=limits.REASON)
        self.documents = QListWidget()
        self.documents.setMaximumHeight(130)
        for doc in d["documents"]:
            item = QListWidgetItem(doc["name"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, doc)
            self.documents.addItem(item)
        self.documents.itemChanged.connect(self.update_ok)
        self.form.addRow(self.tr("Giấy tờ cần bổ sung:"), self.documents)
        self.other_edit = limit(QPlainTextEdit(), limits.REASON)
        self.other_edit.setPlaceholderText(self.tr("Giấy tờ khác, mỗi dòng một giấy tờ"))
        self.other_edit.setMaximumHeight(70)
        self.other_edit.textChanged.connect(self.update_ok)
        self.form.addRow(self.tr("Giấy tờ khác:"), self.other_edit)
        self.update_ok()

    def check(self, row: int) -> None:
        self.documents.item(row).setCheckState(Qt.CheckState.Checked)

    def missing(self) -> list[dict]:
        out = []
        for row in range(self.documents.count()):
            item = self.documents.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                doc = item.data(Qt.ItemDataRole.UserRole)
                out.append({"name": doc["name"], "original": bool(doc.get("originals")),
                            "photocopy": bool(doc.get("copies"))})
        out += [{"name": line.strip()} for line in self.other_edit.toPlainText().splitlines()
                if line.strip()]
        return out

    def ready(self) -> bool:
        return super().ready() and bool(self.missing())

    def values(self) -> dict:
        return {"reason": self.reason_edit.text(), "missing": self.missing()}


class ReasonDialog(StepDialog):
    """Withdraw or stop: one reason (stop offers to print its notice)."""

    def __init__(self, title: str, intro: str, ok_text: str,
                 parent: QWidget | None = None, print_text: str = "") -> None:
        super().__init__(parent)
        self.set_texts(title, intro, ok_text, print_text)
        self.reason_edit = self.line(self.tr("Lý do:"), required=True, length=limits.REASON)
        self.update_ok()

    def values(self) -> dict:
        return {"reason": self.reason_edit.text()}


class ConfirmDialog(StepDialog):
    """A step with nothing to fill in, confirmed once (it cannot be undone)."""

    def __init__(self, title: str, text: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_texts(title, text, ok_text)
        self.update_ok()

    def values(self) -> dict:
        return {}


class ReturnDialog(StepDialog):
    def __init__(self, d: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_texts(self.tr("Trả kết quả hồ sơ {code}").format(code=d["code"]),
                       self.tr("Giao kết quả “{procedure}”. Nếu người đến nhận không phải "
                               "người nộp, ghi rõ họ tên (và giấy ủy quyền nếu có).").format(
                           procedure=d["procedure_name"]),
                       self.tr("Đã trả kết quả"))
        self.collector_edit = self.line(self.tr("Người nhận kết quả:"), d["applicant_name"],
                                        True)
        self.update_ok()

    def values(self) -> dict:
        return {"collected_by": self.collector_edit.text()}


class ApologyDialog(StepDialog):
    """Form 04: the reason and the new return date — once per dossier."""

    def __init__(self, d: dict, now: datetime, suggested: datetime | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_texts(self.tr("Xin lỗi và hẹn lại ngày trả — {code}").format(code=d["code"]),
                       self.tr("Hẹn trả hiện tại: {due}. Mỗi hồ sơ chỉ được xin lỗi, hẹn lại "
                               "một lần.").format(
                           due=local_time(d["due_at"]).strftime("%d/%m/%Y %H:%M")),
                       self.tr("Xin lỗi, hẹn lại"),
                       self.tr("In phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)"))
        self.reason_edit = self.line(self.tr("Lý do chậm:"), required=True, length=limits.REASON)
        old_due = local_time(d["due_at"])
        start = suggested or max(old_due, now.astimezone(LOCAL_TZ)) + timedelta(days=7)
        self.due_edit = QDateTimeEdit()
        self.due_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setMinimumDateTime(qt_moment(old_due + timedelta(minutes=1)))
        self.set_new_due(start)
        self.due_edit.dateTimeChanged.connect(self.update_ok)
        self.form.addRow(self.tr("Hẹn trả mới:"), self.due_edit)
        self.update_ok()

    def set_new_due(self, moment: datetime) -> None:
        self.due_edit.setDateTime(qt_moment(moment))

    def new_due(self) -> datetime:
        return wall_time(self.due_edit)

    def values(self) -> dict:
        return {"reason": self.reason_edit.text(), "new_due": self.new_due()}


def wall_time(edit: QDateTimeEdit) -> datetime:
    """The moment chosen in ``edit`` as wall time in Hà Nội (whatever the PC's own zone)."""
    text = edit.dateTime().toString(QT_FORMAT)
    return datetime.strptime(text, PY_FORMAT).replace(tzinfo=LOCAL_TZ)


def qt_moment(moment: datetime) -> QDateTime:
    return QDateTime.fromString(moment.astimezone(LOCAL_TZ).strftime(PY_FORMAT), QT_FORMAT)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DossiersPage", text)


def step_dialog(key: str, view: DossierView, page: QWidget) -> StepDialog:
    """The dialog of step ``key`` for the dossier shown, parented to ``page``."""
    d = view.dossier
    code = d["code"]
    if key == "transfer":
        return TransferDialog(d, page)
    if key == "supplement":
        return SupplementDialog(d, page)
    if key == "return":
        return ReturnDialog(d, page)
    if key == "apology":
        return ApologyDialog(d, view.now, view.apology_due, page)
    if key == "competent":
        from ui.pages.dossiers.competent import CompetentDialog   # it builds on StepDialog
        return CompetentDialog(d, view.now, page)
    if key == "supplement_received":
        return ConfirmDialog(
            _tr("Đã nhận đủ bổ sung — {code}").format(code=code),
            _tr("Công dân đã nộp đủ giấy tờ còn thiếu. Hồ sơ chuyển sang “Đang xử lý” và "
                "thời hạn giải quyết được tính lại từ bây giờ."),
            _tr("Xác nhận"), page)
    if key == "resolve":
        return ConfirmDialog(
            _tr("Đã giải quyết xong — {code}").format(code=code),
            _tr("Cơ quan giải quyết đã gửi kết quả về Bộ phận Một cửa; hồ sơ chờ trả cho "
                "công dân. Bước này không hoàn tác được."),
            _tr("Xác nhận"), page)
    if key == "withdraw":
        return ReasonDialog(_tr("Rút hồ sơ {code}").format(code=code),
                            _tr("Công dân yêu cầu rút hồ sơ: hồ sơ kết thúc, không xử lý "
                                "tiếp."), _tr("Rút hồ sơ"), page)
    return ReasonDialog(_tr("Dừng xử lý hồ sơ {code}").format(code=code),
                        _tr("Dừng xử lý hồ sơ: hồ sơ kết thúc, không xử lý tiếp."),
                        _tr("Dừng xử lý"), page,
                        _tr("In thông báo dừng giải quyết hồ sơ"))


STEP_NOTES = {
    "transfer": QT_TRANSLATE_NOOP("DossiersPage", "Đã chuyển hồ sơ {code} đến {agency}."),
    "supplement": QT_TRANSLATE_NOOP("DossiersPage", "Đã ghi yêu cầu bổ sung hồ sơ {code}."),
    "supplement_received": QT_TRANSLATE_NOOP(
        "DossiersPage", "Đã nhận đủ bổ sung hồ sơ {code}: hẹn trả mới {due}."),
    "resolve": QT_TRANSLATE_NOOP("DossiersPage",
                                 "Hồ sơ {code} đã giải quyết xong, chờ trả kết quả."),
    "return": QT_TRANSLATE_NOOP("DossiersPage", "Đã trả kết quả hồ sơ {code} cho {who}."),
    "withdraw": QT_TRANSLATE_NOOP("DossiersPage",
                                  "Hồ sơ {code} đã rút theo yêu cầu của công dân."),
    "stop": QT_TRANSLATE_NOOP("DossiersPage", "Đã dừng xử lý hồ sơ {code}."),
    "apology": QT_TRANSLATE_NOOP(
        "DossiersPage", "Đã ghi phiếu xin lỗi số {number} cho hồ sơ {code}, hẹn trả mới {due}."),
    "competent": QT_TRANSLATE_NOOP(
        "DossiersPage", "Hồ sơ {code}: đã ghi thời điểm cơ quan có thẩm quyền tiếp nhận; hẹn "
                        "trả {due}."),
    "pay": QT_TRANSLATE_NOOP("DossiersPage",
                             "Hồ sơ {code}: đã nộp {paid} trên {total} đồng phí, lệ phí."),
    "fees": QT_TRANSLATE_NOOP("DossiersPage", "Đã điều chỉnh phí, lệ phí hồ sơ {code}: phải "
                                              "nộp {total} đồng, đã nộp {paid} đồng."),
    "refund": QT_TRANSLATE_NOOP("DossiersPage", "Hồ sơ {code}: đã ghi hoàn trả; còn giữ "
                                                "{paid} trên {total} đồng phí, lệ phí."),
}


def step_note(result: StepResult) -> str:
    """What a step did, for the message bar."""
    d = result.view.dossier
    agency = d["handovers"][-1]["to_agency"] if d["handovers"] else ""
    return _tr(STEP_NOTES[result.action]).format(
        code=d["code"], agency=agency, due=local_text(d["due_at"]), who=d["returned_to"],
        number=d["apology_number"], paid=f"{d['fee_paid']:,}".replace(",", "."),
        total=f"{d['fee_total']:,}".replace(",", "."))
