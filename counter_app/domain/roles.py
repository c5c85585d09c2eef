"""Officer roles and what each may do."""

from __future__ import annotations

from enum import StrEnum

from counter_app.errors import UserInputError


class Role(StrEnum):
    COUNTER = "counter"    # công chức tiếp nhận và trả kết quả
    SUPPORT = "support"    # hỗ trợ "Công dân không viết"
    LEADER = "leader"      # lãnh đạo: xem báo cáo
    ADMIN = "admin"        # quản trị hệ thống

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.COUNTER: "Công chức tiếp nhận",
    Role.SUPPORT: "Cán bộ hỗ trợ (Công dân không viết)",
    Role.LEADER: "Lãnh đạo",
    Role.ADMIN: "Quản trị hệ thống",
}

# What each role may do, and so which sections of the main window it sees, is in
# counter_app.domain.permissions.


def parse_role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise UserInputError(f"Vai trò không hợp lệ: {text!r}. Chọn một trong: {names}.") from None
