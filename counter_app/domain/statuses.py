"""Dossier statuses and channels (national portal vocabulary, shared/domain.md §3)."""

from __future__ import annotations

from enum import IntEnum

from counter_app.domain.text import fold
from counter_app.errors import UserInputError


class Status(IntEnum):
    NEW = 1                  # Mới đăng ký (nộp trực tuyến, chưa tiếp nhận)
    RECEIVED = 2             # Được tiếp nhận
    NOT_RECEIVED = 3         # Không được tiếp nhận
    PROCESSING = 4           # Đang xử lý
    SUPPLEMENT = 5           # Yêu cầu bổ sung giấy tờ
    FINANCIAL = 6            # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7            # Công dân yêu cầu rút hồ sơ
    STOPPED = 8              # Dừng xử lý
    RESOLVED = 9             # Đã xử lý xong
    RETURNED = 10            # Đã trả kết quả

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.NEW: "Mới đăng ký",
    Status.RECEIVED: "Được tiếp nhận",
    Status.NOT_RECEIVED: "Không được tiếp nhận",
    Status.PROCESSING: "Đang xử lý",
    Status.SUPPLEMENT: "Yêu cầu bổ sung giấy tờ",
    Status.FINANCIAL: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.RESOLVED: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}

_S = Status
# Where a dossier may go from each status. A same-day dossier can be resolved
# straight after intake (2 → 9); a supplement or payment brings it back to 4.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    _S.NEW: frozenset({_S.RECEIVED, _S.NOT_RECEIVED, _S.SUPPLEMENT, _S.WITHDRAWN}),
    _S.RECEIVED: frozenset({_S.PROCESSING, _S.SUPPLEMENT, _S.FINANCIAL, _S.WITHDRAWN,
                            _S.STOPPED, _S.RESOLVED}),
    _S.PROCESSING: frozenset({_S.SUPPLEMENT, _S.FINANCIAL, _S.WITHDRAWN, _S.STOPPED,
                              _S.RESOLVED}),
    _S.SUPPLEMENT: frozenset({_S.PROCESSING, _S.RECEIVED, _S.WITHDRAWN, _S.STOPPED,
                              _S.NOT_RECEIVED}),
    _S.FINANCIAL: frozenset({_S.PROCESSING, _S.WITHDRAWN, _S.STOPPED, _S.RESOLVED}),
    _S.RESOLVED: frozenset({_S.RETURNED}),
    _S.NOT_RECEIVED: frozenset(),
    _S.WITHDRAWN: frozenset(),
    _S.STOPPED: frozenset(),
    _S.RETURNED: frozenset(),
}
FINAL = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)


def can_move(old: Status, new: Status) -> bool:
    return new in TRANSITIONS[old]


def check_transition(old: Status | int, new: Status | int) -> Status:
    """Return ``new`` as a Status, or refuse with a Vietnamese message."""
    old, new = Status(old), Status(new)
    if not can_move(old, new):
        allowed = ", ".join(f"“{s.label}”" for s in sorted(TRANSITIONS[old]))
        hint = f" Từ trạng thái này chỉ có thể chuyển sang: {allowed}." if allowed else \
            " Hồ sơ đã kết thúc, không thể thay đổi trạng thái."
        raise UserInputError(
            f"Không thể chuyển hồ sơ từ “{old.label}” sang “{new.label}”.{hint}")
    return new


class Channel(IntEnum):
    DIRECT = 1   # trực tiếp tại Bộ phận một cửa
    ONLINE = 2   # trực tuyến (Cổng dịch vụ công)
    POST = 3     # qua dịch vụ bưu chính công ích

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]

    @property
    def key(self) -> str:
        return self.name.lower()


CHANNEL_LABELS = {
    Channel.DIRECT: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POST: "Bưu chính công ích",
}


def parse_channel(text: str | int) -> Channel:
    """Accept 1/2/3, direct/online/post, or the Vietnamese label."""
    if isinstance(text, int) or str(text).isdigit():
        try:
            return Channel(int(text))
        except ValueError:
            pass
    key = fold(str(text))
    for c in Channel:
        if key in (c.key, fold(c.label)):
            return c
    raise UserInputError(
        f"Kênh tiếp nhận không hợp lệ: {text!r}. Chọn: direct (trực tiếp), online (trực tuyến), "
        "post (bưu chính).")
