"""Sửa thủ tục: the parts of one procedure an office corrects by hand — name, term,
same-day, deciding agency, legal basis, in use or not. The change is an import of
that one procedure (catalogue.import_records), so it passes the same rules and is
recorded the same way as a catalogue file's row."""

from __future__ import annotations

from functools import partial

from counter_app.catalogue_io.records import CatalogueFile, RawRecord
from counter_app.domain.catalogue import Procedure
from counter_app.services import catalogue
from ui.qt import QCheckBox, QLineEdit, QPlainTextEdit, QWidget
from ui.widgets.form_dialog import FormDialog
from ui.worker import DbWorker

EDITED_SOURCE = "Sửa trên màn hình Quản trị"


class ProcedureDialog(FormDialog):
    def __init__(self, worker: DbWorker, procedure: Procedure,
                 parent: QWidget | None = None) -> None:
        super().__init__(worker, self.tr("Sửa thủ tục {code}").format(code=procedure.code),
                         self.tr("Lưu"), parent)
        self.setMinimumWidth(640)
        self.procedure = procedure
        self.name_edit = QLineEdit(procedure.name)
        self.days_edit = QLineEdit(f"{procedure.processing_days:g}")
        self.same_day_box = QCheckBox(self.tr("Giải quyết trong ngày"))
        self.same_day_box.setChecked(procedure.same_day)
        self.agency_edit = QLineEdit(procedure.deciding_agency_name)
        self.agency_edit.setPlaceholderText(self.tr("ví dụ: Ủy ban nhân dân phường Hoàn Kiếm"))
        self.basis_edit = QPlainTextEdit(procedure.legal_basis)
        self.basis_edit.setFixedHeight(70)
        self.active_box = QCheckBox(self.tr("Đang áp dụng"))
        self.active_box.setChecked(procedure.active)
        self.form.addRow(self.tr("Tên thủ tục"), self.name_edit)
        self.form.addRow(self.tr("Thời hạn giải quyết (ngày làm việc)"), self.days_edit)
        self.form.addRow("", self.same_day_box)
        self.form.addRow(self.tr("Cơ quan có thẩm quyền"), self.agency_edit)
        self.form.addRow(self.tr("Căn cứ pháp lý"), self.basis_edit)
        self.form.addRow("", self.active_box)

    def operation(self):
        text = self.days_edit.text().strip().replace(",", ".")
        try:
            days = float(text)
        except ValueError:
            self.refuse(self.tr("Thời hạn phải là số ngày, ví dụ 3 hoặc 0,5."))
            return None
        values = self.procedure.to_dict() | {
            "name": self.name_edit.text(), "processing_days": days,
            "same_day": self.same_day_box.isChecked(),
            "deciding_agency_name": self.agency_edit.text().strip(),
            "legal_basis": self.basis_edit.toPlainText().strip(),
            "active": self.active_box.isChecked()}
        record = RawRecord(self.tr("Thủ tục {code}").format(code=self.procedure.code), values)
        return partial(_save, CatalogueFile(EDITED_SOURCE, procedures=[record]))


def _save(data: CatalogueFile, core):
    return catalogue.import_records(core, data)
