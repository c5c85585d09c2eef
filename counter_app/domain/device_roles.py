"""What a PC of an office is for, chosen when it is enrolled (docs/OFFICE.md, "Setting up").

The role decides which window the app opens on this PC (``ui/app.py``): the kiosk, the
display board, or the counter's login — the counter window of a support desk opens on the
"Công dân không viết" section. A counter's number goes with it: the hub calls tickets for
that counter, and the board shows it.
"""

from __future__ import annotations

from counter_app.errors import UserInputError

# "all-in-one": a PC alone in its office (the first-start demo), which does everything.
DEVICE_ROLES = ("counter", "kiosk", "display", "support", "all-in-one")
ROLE_LABELS = {
    "counter": "Quầy tiếp nhận và trả kết quả",
    "kiosk": "Ki-ốt lấy số",
    "display": "Màn hình gọi số",
    "support": "Bàn hỗ trợ \"Công dân không viết\"",
    "all-in-one": "Máy dùng chung (một máy làm tất cả)",
}
# What ``--role`` also accepts: the words people use for the board and the support desk.
ALIASES = {"board": "display", "support-desk": "support"}
MAX_COUNTER = 99


def parse_role(text: str) -> str:
    role = ALIASES.get(text.strip().lower(), text.strip().lower())
    if role not in DEVICE_ROLES:
        raise UserInputError(f"Vai trò máy không hợp lệ: {text!r}. Chọn một trong: "
                             f"{', '.join(DEVICE_ROLES)}.")
    return role


def check_counter(role: str, counter: int | None) -> int | None:
    """The counter number a PC of ``role`` keeps: a counter must have one (1–99); the
    other roles keep whatever they had (a support desk may also serve as a counter)."""
    if counter is not None and not 1 <= counter <= MAX_COUNTER:
        raise UserInputError(f"Số quầy phải từ 1 đến {MAX_COUNTER}, đang là {counter}.")
    if role == "counter" and counter is None:
        raise UserInputError("Máy quầy cần số quầy: ghi thêm --counter SỐ (ví dụ --counter 3).")
    return counter


def device_label(role: str, counter: int | None) -> str:
    """The PC's name on the server when the administrator gives none ("Quầy 3", "Ki-ốt lấy
    số"), so the server's device list says what each PC is."""
    if role in ("counter", "all-in-one") and counter:
        return f"Quầy {counter}"
    return ROLE_LABELS.get(role, role)


def role_text(role: str, counter: int | None) -> str:
    """The role as told to the administrator: "Quầy tiếp nhận và trả kết quả số 3"."""
    label = ROLE_LABELS.get(role, role)
    return f"{label} số {counter}" if role == "counter" and counter else label
