"""What each kind of event means, in Vietnamese: the audit view's "action" column.

One table for every event type the projections handle (tests/core/test_audit.py checks
that none is missing), so a leader reads "Tiếp nhận hồ sơ", never ``dossier.received``.
A type from a newer app version that this one does not know yet shows as itself.
"""

from __future__ import annotations

EVENT_LABELS: dict[str, str] = {
    # dossiers
    "dossier.received": "Tiếp nhận hồ sơ",
    "dossier.status_changed": "Chuyển trạng thái hồ sơ",
    "dossier.apologized": "Xin lỗi, hẹn lại ngày trả",
    "dossier.competent_received": "Cơ quan có thẩm quyền tiếp nhận hồ sơ (nhận thay)",
    "dossier.file_attached": "Đính kèm tệp số hóa",
    "dossier.paid": "Nộp phí, lệ phí",
    "dossier.fees_corrected": "Điều chỉnh phí, lệ phí",
    "dossier.refunded": "Hoàn trả tiền phí thu thừa",
    "dossier.book_line_assigned": "Ghi số thứ tự sổ theo dõi hồ sơ",
    "code_lease.granted": "Cấp khối mã hồ sơ cho máy",
    "code.allocated": "Cấp mã hồ sơ",
    "slip.issued": "Lập phiếu hướng dẫn / từ chối",
    "citizen.registered": "Ghi nhận công dân mới",
    "citizen.updated": "Cập nhật thông tin công dân",
    "form_set.completed": "Hoàn thành bộ tờ khai (Công dân không viết)",
    "form_set.reopened": "Mở lại bộ tờ khai để sửa",
    "form_set.used": "Dùng bộ tờ khai khi tiếp nhận",
    # the queue
    "ticket.issued": "Phát số thứ tự",
    "ticket.printed": "In phiếu số thứ tự",
    "ticket.call": "Gọi số",
    "ticket.recall": "Gọi lại số",
    "ticket.start": "Bắt đầu phục vụ",
    "ticket.finish": "Phục vụ xong",
    "ticket.no_show": "Công dân vắng mặt khi gọi",
    "ticket.requeue": "Đưa số về hàng chờ",
    "ticket.cancel": "Hủy số thứ tự",
    "ticket.transfer": "Chuyển số sang quầy khác",
    "rating.recorded": "Ghi nhận đánh giá của người dân",
    # accounts
    "officer.created": "Tạo tài khoản cán bộ",
    "officer.updated": "Sửa tài khoản cán bộ",
    "login.failed": "Đăng nhập sai mật khẩu",
    "login.reset": "Mở khóa đăng nhập",
    "log.scrubbed": "Xóa mã băm mật khẩu khỏi nhật ký",
    # the office's set-up
    "counter.defined": "Thêm quầy",
    "counter.updated": "Sửa quầy",
    "service.defined": "Thêm lĩnh vực hàng đợi",
    "service.updated": "Sửa lĩnh vực hàng đợi",
    "priority.defined": "Khai báo đối tượng ưu tiên",
    "setting.set": "Đổi cài đặt",
    "calendar.day_set": "Đặt ngày nghỉ / ngày làm bù",
    "calendar.day_cleared": "Bỏ ngày nghỉ / ngày làm bù",
    # the catalogue of procedures
    "field.upserted": "Cập nhật lĩnh vực thủ tục",
    "procedure.upserted": "Cập nhật thủ tục hành chính",
    "procedure.version_upserted": "Cập nhật phiên bản thủ tục",
    "procedure_group.upserted": "Cập nhật nhóm thủ tục liên thông",
}


def event_label(event_type: str) -> str:
    """The Vietnamese name of ``event_type`` (the type itself when unknown)."""
    return EVENT_LABELS.get(event_type, event_type)
