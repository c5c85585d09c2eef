"""How a field's value reads on paper: dates as "05/01/2027" or "ngày 05 tháng 01 năm
2027" (Nghị định 30/2020: a zero before days below 10 and months 1 and 2), times as
"14 giờ 30 phút". Values that do not parse are printed as typed, never dropped."""

from __future__ import annotations

from datetime import date
from typing import Any

from counter_app.domain.form_templates.model import Field
from counter_app.domain.form_templates.values import TIME, as_bool, is_blank, parse_date


def words_date(d: date) -> str:
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def display_text(f: Field, value: Any) -> str:
    """The printed text of ``value``; "" for an empty value (the renderer draws dots)."""
    if is_blank(value) or value is False:
        return ""
    if f.type == "checkbox":
        return "Có" if as_bool(value) else ""
    text = str(value).strip()
    if f.type == "date":
        d = parse_date(text)
        if d is not None:
            return words_date(d) if f.date_format == "words" else \
                f"{d.day:02d}/{d.month:02d}/{d.year}"
    if f.type == "time":
        m = TIME.fullmatch(text)
        if m:
            return f"{int(m.group(1)):02d} giờ {int(m.group(2)):02d} phút"
    return text


def blank_text(f: Field) -> str | None:
    """The printed shape of an empty date or time, or None for plain dots."""
    if f.type == "date":
        return "ngày …… tháng …… năm ………" if f.date_format == "words" else "……/……/………"
    if f.type == "time":
        return "…… giờ …… phút"
    return None
