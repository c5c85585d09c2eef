"""What an intake takes from a form set filled under "Công dân không viết".

``prepare`` checks the set before the intake's transaction and renders its forms
(the PDFs are kept in the dossier's storage, named by their hash); inside the
transaction ``events`` checks again that no other intake took the set meanwhile and
returns ``form_set.used`` and one ``dossier.file_attached`` per form. A dossier that
used a set records that it was served under the model, and by whom (the officer who
filled the forms), for the reports.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from counter_app.domain.events import NewEvent
from counter_app.domain.text import fold
from counter_app.errors import UserInputError
from counter_app.services import attachments, citizen_forms
from counter_app.services.core import Core, guarded


@dataclass
class IntakeForms:
    form_set: dict | None = None
    dossier_id: str = ""
    files: list[dict] = field(default_factory=list)
    manual: bool = False

    def dossier_columns(self, core: Core) -> dict:
        if self.form_set is None:
            return {"citizen_not_write_by": core.officer_id} if self.manual else {}
        return {"citizen_not_write": True, "citizen_not_write_by": self.form_set["officer_id"],
                "form_set_id": self.form_set["id"]}

    def events(self, conn: sqlite3.Connection, dossier_code: str) -> list[NewEvent]:
        if self.form_set is None:
            return []
        row = conn.execute("SELECT status, dossier_code FROM form_sets WHERE id = ?",
                           (self.form_set["id"],)).fetchone()
        if row is None or row["status"] != "completed":
            raise UserInputError(not_ready_message(row))
        used = NewEvent("form_set", self.form_set["id"], "form_set.used",
                        {"dossier_id": self.dossier_id, "dossier_code": dossier_code})
        return [used, *(NewEvent("dossier", self.dossier_id, "dossier.file_attached", f)
                        for f in self.files)]


def not_ready_message(row) -> str:
    if row is not None and row["status"] == "used":
        return f"Bộ tờ khai này đã dùng cho hồ sơ {row['dossier_code']}."
    if row is not None and row["status"] == "reopened":
        return "Bộ tờ khai đang được sửa lại: hãy hoàn tất nó trước khi tiếp nhận."
    return "Không tìm thấy bộ tờ khai đã hoàn tất này."


@guarded
def prepare(core: Core, form_set_id: str | None, proc, dossier_id: str, year: str,
            documents: list[dict], manual: bool = False) -> IntakeForms:
    if not form_set_id:
        return IntakeForms(manual=manual)
    s = _completed_set(core, form_set_id, proc)
    files = [attachments.store_generated_pdf(core, pdf, year, dossier_id, form["title"],
                                             document_index(documents, form["title"]))
             for form, pdf in citizen_forms.set_pdfs(core, s)]
    return IntakeForms(s, dossier_id, files)


@guarded
def slip_columns(core: Core, form_set_id: str | None, proc, manual: bool = False) -> dict:
    """What a guidance or refusal slip records of "Công dân không viết", as a dossier does
    (for the reports): served under it when the forms were filled from a set (by the
    officer who filled them) or when marked by hand (by this officer). The set is only
    read: it was not used up (nothing was received), so the citizen can come back with
    the missing papers and the same forms."""
    if not form_set_id:
        return {"citizen_not_write": True, "citizen_not_write_by": core.officer_id} \
            if manual else {}
    s = _completed_set(core, form_set_id, proc)
    return {"citizen_not_write": True, "citizen_not_write_by": s["officer_id"],
            "form_set_id": s["id"]}


def _completed_set(core: Core, form_set_id: str, proc) -> dict:
    """The form set, completed (not used, not reopened) and filled for ``proc``."""
    s = citizen_forms.get_set(core, form_set_id)
    if s["status"] != "completed":
        raise UserInputError(not_ready_message(s))
    if s["procedure_code"] != proc.code:
        raise UserInputError(f"Bộ tờ khai được điền cho thủ tục “{s['procedure_name']}”, "
                             f"không phải “{proc.name}”.")
    return s


def document_index(documents: list[dict], title: str) -> int | None:
    """The checklist line a form stands for ("Tờ khai đăng ký khai sinh theo mẫu" for
    the template "TỜ KHAI ĐĂNG KÝ KHAI SINH"), if any."""
    wanted = fold(title)
    for i, doc in enumerate(documents):
        name = fold(doc.get("name", ""))
        if name == wanted or name.startswith(wanted) or (len(name) > 8 and name in wanted):
            return i
    return None
