"""The citizen's card on the "Công dân không viết" page: scans, earlier visits, the requester.

A part of ``CitizenFormsPage`` (it uses the page's widgets and its ``_run``/``_draft_op``):
a card scanned while a form set is open fills the person the officer armed ("Quét thẻ
CCCD" on that person), else the person whose role the card fits (the mother's card →
"người mẹ"), else the requester; before a set is open the card waits for it.
"""

from __future__ import annotations

from functools import partial

from counter_app.domain.form_templates.roles import route_card
from counter_app.domain.scans import Scan
from counter_app.services.citizens import Applicant
from ui.pages.citizen_forms.ops import earlier_visit, person_from_card, set_requester
from ui.qt import QMessageBox
from ui.widgets.dialogs import ask


class CardScans:
    """Scans and the requester; mixed into ``CitizenFormsPage``."""

    def handle_scan(self, scan: Scan):
        """A scan routed here by the main window; False for what this page does not use."""
        if scan.kind != "cccd":
            if scan.kind == "unknown":
                self.message_bar.show_error(scan.message)
                return None
            return False
        card = scan.card
        if scan.message:
            self.message_bar.show_info(scan.message)
        if self.draft is None or self.stack.currentWidget() is not self.work:
            self.pending_card = card
            self.message_bar.show_info(self.tr(
                "Đã đọc thẻ của {name}. Chọn thủ tục rồi bấm “Điền tờ khai cho thủ tục này”.")
                .format(name=card.full_name))
            return None
        editor = self.work.armed_editor()
        if editor is not None:
            self._apply_person(editor, card, *editor.armed_entry())
        elif not self._route_by_role(card):
            self._draft_op(set_requester, applicant=Applicant.from_cccd(card))
        return None

    def _route_by_role(self, card) -> bool:
        """Someone else's card goes to their role's section (mother → "người mẹ")."""
        requester = str(self.draft.requester.get("id_number") or "")
        routed = [(editor, target) for editor in self.work.editors.values()
                  if (target := route_card(editor.template, editor.data(), requester,
                                           card.id_number, card.gender or "")) is not None]
        for editor, (group_id, index) in routed:
            self._apply_person(editor, card, group_id, index)
        return bool(routed)

    def _apply_person(self, editor, card, group_id: str, index: int) -> None:
        values = person_from_card(card)
        kept = editor.apply_person(group_id, index, values)
        self.message_bar.show_info(self.tr("Đã điền thông tin của {name}.").format(
            name=card.full_name))
        if kept:
            self._confirm(self.tr("Thông tin trên thẻ khác với những gì đã nhập ở: {fields}. "
                                  "Thay bằng thông tin trên thẻ?").format(fields=", ".join(kept)),
                          lambda: editor.apply_person(group_id, index, values, overwrite=True))

    def look_up(self, id_number: str) -> None:
        self._run(partial(earlier_visit, id_number=id_number), self._earlier_found)

    def _earlier_found(self, applicant: Applicant | None) -> None:
        if applicant is None:
            self.message_bar.show_info(self.tr(
                "Chưa có thông tin của số định danh này từ lần trước: hãy quét thẻ hoặc nhập "
                "trên tờ khai."))
            return
        self._draft_op(set_requester, applicant=applicant)

    def _ask_overwrite(self, kept) -> None:
        lines = "\n".join(f"• {label}: “{typed}” → “{card}”" for _t, label, typed, card in kept)
        applicant = Applicant(**self.draft.requester)
        self._confirm(self.tr("Thông tin trên thẻ khác với những gì đã nhập:\n{lines}\n"
                              "Thay bằng thông tin trên thẻ?").format(lines=lines),
                      lambda: self._draft_op(set_requester, applicant=applicant,
                                             overwrite=True))

    def _confirm(self, text: str, on_yes, title: str = "", yes: str = "", no: str = "",
                 icon=QMessageBox.Icon.Question) -> None:
        ask(self, text, on_yes, title or self.tr("Thông tin khác nhau"),
            yes or self.tr("Dùng thông tin trên thẻ"), no or self.tr("Giữ như đã nhập"), icon)
