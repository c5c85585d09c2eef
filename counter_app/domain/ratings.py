"""Citizens' ratings of a service (issue 14, item 1; QĐ 766's satisfaction group).

The scale is configuration (office setting ``rating.scale``): a list of levels, best
first, each with a code, a label and whether it counts as satisfied. The default is
the four levels most one-stop rating devices show. The reasons a citizen may tick are
configuration too (``rating.reasons``). No decree fixes the wording; offices change it.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.errors import UserInputError

SOURCES = ("screen", "paper")
MAX_REASONS = 10


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    satisfied: bool


DEFAULT_SCALE = (Level("very_satisfied", "Rất hài lòng", True),
                 Level("satisfied", "Hài lòng", True),
                 Level("neutral", "Bình thường", False),
                 Level("unsatisfied", "Không hài lòng", False))
DEFAULT_REASONS = ("Thái độ phục vụ", "Thời gian chờ đợi", "Hướng dẫn rõ ràng",
                   "Thời gian giải quyết", "Cơ sở vật chất")


def scale_from(value) -> tuple[Level, ...]:
    """The scale stored in the setting (a list of {code, label, satisfied}), checked."""
    if not value:
        return DEFAULT_SCALE
    try:
        levels = tuple(Level(str(v["code"]), str(v["label"]), bool(v["satisfied"]))
                       for v in value)
    except (TypeError, KeyError):
        raise UserInputError("Thang đánh giá phải là danh sách {code, label, satisfied}.") \
            from None
    codes = [lv.code for lv in levels]
    if not 2 <= len(levels) <= 6 or len(set(codes)) != len(codes):
        raise UserInputError("Thang đánh giá cần từ 2 đến 6 mức, mỗi mức một mã riêng.")
    return levels


def check(scale: tuple[Level, ...], level: str, reasons: list[str], source: str,
          allowed_reasons: tuple[str, ...]) -> None:
    if level not in {lv.code for lv in scale}:
        names = ", ".join(f"{lv.code} ({lv.label})" for lv in scale)
        raise UserInputError(f"Mức đánh giá không có trong thang: {level!r}. Chọn: {names}.")
    if source not in SOURCES:
        raise UserInputError("Nguồn đánh giá phải là screen (màn hình) hoặc paper (phiếu giấy).")
    unknown = [r for r in reasons if r not in allowed_reasons]
    if unknown or len(reasons) > MAX_REASONS:
        raise UserInputError(f"Lý do không có trong danh sách: {', '.join(unknown[:3])}.")
