"""The dossier detail's history in plain words, and the read-only tables of the detail."""

from __future__ import annotations

from counter_app.domain.fees import METHODS, total_due
from counter_app.domain.statuses import Status
from ui.pages.dossiers.documents import document_name, size_text
from ui.pages.dossiers.ops import local_text
from ui.qt import QCoreApplication, QHeaderView, QTableWidget, QTableWidgetItem


def _tr(text: str) -> str:
    return QCoreApplication.translate("DossierHistory", text)


def _missing_names(missing: list[dict]) -> str:
    return "; ".join(m.get("name", "") for m in missing if m.get("name"))


def _received(p: dict) -> tuple[str, str]:
    if p.get("outcome") == "incomplete":
        return (_tr("Tiếp nhận: hồ sơ chưa đầy đủ (mẫu 02)"),
                _tr("Lý do: {reason}. Cần bổ sung: {missing}").format(
                    reason=p.get("reason", ""), missing=_missing_names(p.get("missing", []))))
    if p.get("outcome") == "refused":
        return (_tr("Từ chối tiếp nhận (mẫu 03)"),
                _tr("Lý do: {reason}").format(reason=p.get("reason", "")))
    due = local_text(p.get("due_at")) or (
        _tr("chờ {agency} tiếp nhận").format(agency=p["competent_agency"])
        if p.get("competent_agency") else "")
    parts = [_tr("Hẹn trả: {due}").format(due=due)]
    if p.get("book_line"):
        parts.append(_tr("Sổ theo dõi quyển số {book}, số thứ tự {line}").format(
            book=p.get("book_number"), line=p["book_line"]))
    return _tr("Tiếp nhận"), "; ".join(parts)


def _status_changed(p: dict) -> tuple[str, str]:
    title = _tr("Chuyển trạng thái: {label}").format(label=Status(p["status"]).label)
    changed = p.get("set", {})
    parts = []
    handover = p.get("handover")
    if handover:
        parts.append(_tr("Chuyển đến {to}").format(to=handover.get("to_agency", "")))
        if handover.get("receiver"):
            parts.append(_tr("người nhận: {who}").format(who=handover["receiver"]))
        if handover.get("note"):
            parts.append(_tr("ghi chú: {note}").format(note=handover["note"]))
    if changed.get("reason"):
        parts.append(_tr("Lý do: {reason}").format(reason=changed["reason"]))
    if changed.get("missing"):
        parts.append(_tr("Cần bổ sung: {missing}").format(
            missing=_missing_names(changed["missing"])))
    if changed.get("due_at"):
        parts.append(_tr("Thời hạn tính lại, hẹn trả mới: {due}").format(
            due=local_text(changed["due_at"])))
    if changed.get("returned_to"):
        parts.append(_tr("Người nhận kết quả: {who}").format(who=changed["returned_to"]))
    return title, "; ".join(parts)


def describe_event(event: dict, d: dict) -> tuple[str, str]:
    """(what happened, details) in Vietnamese for one history event; a step that lost to
    another PC's earlier step on this dossier is marked as not recorded (docs/OFFICE.md)."""
    title, details = _describe(event, d)
    if event.get("rejected"):
        title = _tr("KHÔNG GHI NHẬN — máy khác đã thao tác trước: {what}").format(what=title)
    elif event.get("replaced"):
        title = _tr("{what} (đã được thay bằng lần điều chỉnh sau)").format(what=title)
    return title, details


def _describe(event: dict, d: dict) -> tuple[str, str]:
    p = event["payload"]
    kind = event["type"]
    if kind == "dossier.received":
        return _received(p)
    if kind == "dossier.status_changed":
        return _status_changed(p)
    if kind == "dossier.apologized":
        return (_tr("Xin lỗi, hẹn lại ngày trả (phiếu số {number})").format(number=p["number"]),
                _tr("Hẹn cũ: {old}; hẹn mới: {new}; lý do: {reason}").format(
                    old=local_text(p.get("old_due")), new=local_text(p.get("new_due")),
                    reason=p.get("reason", "")))
    if kind == "dossier.competent_received":
        return (_tr("Cơ quan có thẩm quyền tiếp nhận hồ sơ (nhận thay)"),
                _tr("{agency} tiếp nhận lúc {at}; thời hạn tính từ đó, hẹn trả: {due}").format(
                    agency=p.get("agency", ""), at=local_text(p.get("at")),
                    due=local_text(p.get("due_at"))))
    if kind == "dossier.book_line_assigned":
        return (_tr("Máy chủ điều phối cấp số thứ tự trong sổ theo dõi"),
                _tr("Quyển số {book}, số thứ tự {line}").format(book=p.get("book_number"),
                                                                  line=p.get("book_line")))
    if kind == "dossier.file_attached":
        return (_tr("Đính kèm tệp {kind} (số hóa)").format(kind=p.get("kind", "").upper()),
                _tr("Giấy tờ: {name}; {size}").format(
                    name=document_name(d, p.get("document_index")),
                    size=size_text(p.get("size", 0))))
    if kind == "dossier.paid":
        details = _tr("{method}").format(method=METHODS.get(p.get("method"), p.get("method")))
        if p.get("reference"):
            details += _tr("; số giao dịch {reference}").format(reference=p["reference"])
        return (_tr("Nộp phí, lệ phí: {amount} đồng").format(
            amount=f"{int(p.get('amount', 0)):,}".replace(",", ".")), details)
    if kind == "dossier.refunded":
        details = METHODS.get(p.get("method"), p.get("method"))
        if p.get("reference") or p.get("note"):
            details += "; " + "; ".join(t for t in (p.get("reference"), p.get("note")) if t)
        return (_tr("Hoàn trả tiền thu thừa: {amount} đồng").format(
            amount=f"{int(p.get('amount', 0)):,}".replace(",", ".")), details)
    if kind == "dossier.fees_corrected":
        return (_tr("Điều chỉnh phí, lệ phí: phải nộp {before} → {after} đồng").format(
            before=f"{total_due(p.get('before') or []):,}".replace(",", "."),
            after=f"{total_due(p.get('fees') or []):,}".replace(",", ".")),
            _tr("Lý do: {reason}; các khoản: {fees}").format(
                reason=p.get("reason", ""), fees=fee_list(p.get("fees") or [])))
    return kind, ""


def fee_list(fees: list[dict]) -> str:
    """"Lệ phí 8.000 đồng, Phí bản sao 2.000 đồng (miễn: Hộ nghèo)"."""
    parts = []
    for f in fees:
        amount = f.get("amount_vnd")
        text = f.get("name", "") + (f" {amount:,} đồng".replace(",", ".")
                                    if amount is not None else "")
        parts.append(text + (_tr(" (miễn: {reason})").format(reason=f.get("exempt_reason", ""))
                             if f.get("exempt") else ""))
    return ", ".join(parts) or _tr("không thu")


def fill_table(table: QTableWidget, rows: list[list[str]], stretch: int,
               widths: dict[int, int] | None = None) -> None:
    """Rows of text; column ``stretch`` takes the room left, ``widths`` are fixed."""
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text if len(text) > 40 else "")
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in (widths or {}).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(column, width)
    table.resizeRowsToContents()
