"""Queue rules: ticket states, numbers, and which waiting ticket a counter calls next.

Pure functions over plain values, so the policy is easy to test and to explain.
Priority (shared/domain.md §8) is local practice, so it is configuration:
``strict`` serves priority tickets first; ``every_n`` serves one priority
ticket after every N normal ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter_app.errors import UserInputError


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return TICKET_LABELS[self]


TICKET_LABELS = {
    TicketStatus.WAITING: "Đang chờ",
    TicketStatus.CALLED: "Đã gọi",
    TicketStatus.SERVING: "Đang phục vụ",
    TicketStatus.DONE: "Đã xong",
    TicketStatus.NO_SHOW: "Vắng mặt",
    TicketStatus.CANCELLED: "Đã hủy",
}

_T = TicketStatus
# Transfer moves a called or serving ticket back to WAITING in another service
# or for another counter, keeping its number (the citizen keeps the paper).
ACTIONS: dict[str, tuple[frozenset[TicketStatus], TicketStatus]] = {
    "call": (frozenset({_T.WAITING, _T.NO_SHOW}), _T.CALLED),  # a no-show who came back
    "recall": (frozenset({_T.CALLED}), _T.CALLED),
    "start": (frozenset({_T.CALLED}), _T.SERVING),
    "finish": (frozenset({_T.CALLED, _T.SERVING}), _T.DONE),
    "no_show": (frozenset({_T.CALLED}), _T.NO_SHOW),
    "transfer": (frozenset({_T.CALLED, _T.SERVING}), _T.WAITING),
    "cancel": (frozenset({_T.WAITING, _T.CALLED}), _T.CANCELLED),
    "requeue": (frozenset({_T.NO_SHOW}), _T.WAITING),
}
ACTION_LABELS = {"call": "gọi", "recall": "gọi lại", "start": "bắt đầu phục vụ",
                 "finish": "kết thúc", "no_show": "đánh dấu vắng mặt",
                 "transfer": "chuyển", "cancel": "hủy", "requeue": "đưa lại vào hàng chờ"}


def check_action(action: str, number: str, status: TicketStatus) -> TicketStatus:
    allowed, result = ACTIONS[action]
    if status not in allowed:
        raise UserInputError(
            f"Không thể {ACTION_LABELS[action]} số {number}: phiếu đang ở trạng thái "
            f"“{status.label}”.")
    return result


def format_number(prefix: str, seq: int, width: int = 3) -> str:
    """"A" + 25 → "A025"."""
    return f"{prefix}{seq:0{width}d}"


def next_seq(last: int | None, start: int, end: int, issued_today: int,
             daily_cap: int | None, service_name: str) -> int:
    """The next number of a service today, or a refusal the kiosk can show."""
    if daily_cap is not None and issued_today >= daily_cap:
        raise UserInputError(
            f"Dịch vụ “{service_name}” đã cấp đủ {daily_cap} số trong hôm nay. "
            "Mời ông/bà quay lại vào ngày làm việc tiếp theo hoặc hỏi cán bộ hướng dẫn.")
    seq = start if last is None else last + 1
    if seq > end:
        raise UserInputError(
            f"Dịch vụ “{service_name}” đã hết dãy số trong ngày ({start}–{end}). "
            "Hãy báo cán bộ để được hướng dẫn.")
    return seq


@dataclass(frozen=True)
class Waiting:
    """What the policy needs to know of a waiting ticket."""

    id: str
    number: str
    priority: bool
    order: str          # issue order (sortable), e.g. the issue HLC
    for_counter: int | None = None


@dataclass(frozen=True)
class Policy:
    mode: str = "strict"      # "strict" or "every_n"
    every: int = 3            # with every_n: one priority ticket after this many normal

    def __post_init__(self) -> None:
        if self.mode not in ("strict", "every_n"):
            raise UserInputError("Chính sách ưu tiên phải là “strict” hoặc “every_n”.")
        if self.every < 1:
            raise UserInputError("Số lượt thường giữa hai lượt ưu tiên phải từ 1 trở lên.")

    def priority_turn(self, normal_since_priority: int) -> bool:
        """Whether a priority ticket goes next when both lines wait."""
        return self.mode == "strict" or normal_since_priority >= self.every


def choose_next(waiting: list[Waiting], policy: Policy, normal_since_priority: int,
                counter: int) -> Waiting | None:
    """Which ticket a counter calls next.

    Tickets sent to this very counter (a transfer) go first; then the policy
    decides between the oldest priority ticket and the oldest normal one.
    """
    mine = sorted((w for w in waiting if w.for_counter == counter), key=lambda w: w.order)
    if mine:
        return mine[0]
    open_ = [w for w in waiting if w.for_counter is None]
    prio = min((w for w in open_ if w.priority), key=lambda w: w.order, default=None)
    normal = min((w for w in open_ if not w.priority), key=lambda w: w.order, default=None)
    if prio is None or normal is None:
        return prio or normal
    return prio if policy.priority_turn(normal_since_priority) else normal


def served_before(ticket: Waiting, waiting: list[Waiting], policy: Policy,
                  normal_since_priority: int) -> int:
    """How many of ``waiting`` will be called before ``ticket``, as ``choose_next``
    orders them, if nobody else arrives: tickets sent to a counter first, then the
    priority and normal lines merged by the policy. A priority ticket under ``strict``
    waits only for the priority tickets (and transfers) ahead of it."""
    others = [w for w in waiting if w.id != ticket.id]
    ahead = sum(1 for w in others if w.for_counter is not None)
    if ticket.for_counter is not None:
        return sum(1 for w in others if w.for_counter == ticket.for_counter
                   and w.order < ticket.order)
    open_ = sorted((w for w in others if w.for_counter is None), key=lambda w: w.order)
    prio = [w for w in open_ if w.priority]
    normal = [w for w in open_ if not w.priority]
    mine = prio if ticket.priority else normal
    own_ahead = sum(1 for w in mine if w.order < ticket.order)
    other = normal if ticket.priority else prio
    n = normal_since_priority
    i = 0                                   # how many of the other line go first
    for _ in range(own_ahead + 1):          # until our own line reaches the ticket
        while i < len(other) and policy.priority_turn(n) != ticket.priority:
            i += 1
            n = 0 if not ticket.priority else n + 1
        n = 0 if ticket.priority else n + 1
    return ahead + own_ahead + i
