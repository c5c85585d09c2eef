"""Filling a form: prefill from what is known, merge what the officer typed, check it.

``fill(template, context, typed)`` gives the form data; ``validate_data`` lists what
is missing or malformed in Vietnamese ("Họ, chữ đệm, tên người cha: bắt buộc"). A
person can be anything with the attributes of a card (``CccdData``) or of an
``Applicant`` (``full_name``, ``id_number``, ``birth_date`` as date or ISO text, …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from counter_app.domain import limits
from counter_app.domain.form_templates.model import Field, FormData, Group, Problem, Template
from counter_app.domain.number_words import date_words
from counter_app.domain.text import ascii_digits, clean

_DATE = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*")
_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})\s*")
TIME = re.compile(r"\s*(\d{1,2})\s*(?::|giờ|h)\s*(\d{1,2})\s*(?:phút)?\s*", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s.\-]")
TRUE_WORDS = {"true", "có", "co", "x", "yes", "1"}
FALSE_WORDS = {"false", "không", "khong", "no", "0", ""}
NEW_CARD_FROM = date(2024, 7, 1)    # thẻ căn cước replaced the CCCD card (Luật Căn cước 2023)
# Who issued a 12-digit card, by issue date, newest first: (from, kind, authority).
# "" = not known here: the line then names no authority and the officer adds it.
# Sources and what could not be verified: docs/RULES.md, "Tờ khai công dân và lịch nghỉ".
CARD_ISSUERS: tuple[tuple[date, str, str], ...] = (
    (NEW_CARD_FROM, "Thẻ căn cước", "Bộ Công an"),
    # Cục Cảnh sát quản lý hành chính về trật tự xã hội, shortened as the Ministry's own
    # example in footnote (3) of the civil-status forms writes it (keeps khai sinh on a page).
    (date(2021, 1, 1), "Căn cước công dân", "Cục Cảnh sát QLHC về TTXH"),
    (date.min, "Căn cước công dân", ""),
)
DIGIT_TYPES = ("date", "time", "id_number", "phone", "number")


@dataclass(frozen=True)
class FormContext:
    """What is known before anyone types: the requester, the dossier, the office,
    today, and for each group the people whose cards were read, in entry order."""

    today: date
    citizen: Any = None
    procedure_name: str = ""
    dossier_code: str = ""
    office_name: str = ""
    office_place: str = ""
    people: dict[str, list[Any]] = field(default_factory=dict)


def parse_date(text: Any) -> date | None:
    """``05/01/2027``, ``5-1-2027`` or ``2027-01-05`` → a date; anything else → None."""
    if isinstance(text, date):
        return text
    if not isinstance(text, str):
        return None
    m = _DATE.fullmatch(text)
    parts = (m.group(3), m.group(2), m.group(1)) if m else None
    if parts is None and (iso := _ISO.fullmatch(text)):
        parts = iso.groups()
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])) if parts else None
    except ValueError:
        return None


def show_date(d: date | None) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d else ""


def person_values(person: Any) -> dict[str, str]:
    """The ``person.*`` / ``citizen.*`` values of one card or applicant record."""
    if person is None:
        return {}
    def get(name: str) -> Any:
        return getattr(person, name, None) or ""

    birth = parse_date(get("birth_date"))
    issue = parse_date(get("issue_date"))
    number = str(get("id_number"))
    values = {"full_name": clean(str(get("full_name"))), "birth_date": show_date(birth),
              "birth_year": str(birth.year) if birth else "", "gender": str(get("gender")),
              "id_number": number, "old_id_number": str(get("old_id_number")),
              "issue_date": show_date(issue), "address": clean(str(get("address"))),
              "phone": str(get("phone")), "email": str(get("email")),
              "id_document": id_document(number, issue)}
    return {k: v for k, v in values.items() if v}


def id_document(number: str, issued: date | None) -> str:
    """The "Giấy tờ tùy thân" line the civil-status forms ask for (footnote (3) of
    TT 04/2024/TT-BTP: kind, number, issuing authority, date of issue), e.g.
    "Căn cước công dân số 025188001010 do Cục Cảnh sát QLHC về TTXH cấp ngày
    20/11/2021"."""
    if not number:
        return ""
    kind, authority = card_issuer(issued)
    if len(number) == 9:
        kind, authority = "Chứng minh nhân dân", ""   # issued by each province's police
    by = f" do {authority} cấp" if authority else ", cấp"
    return f"{kind} số {number}" + (f"{by} ngày {show_date(issued)}" if issued else "")


def card_issuer(issued: date | None) -> tuple[str, str]:
    """(kind, issuing authority) of a 12-digit card issued on ``issued``; the
    authority is "" when the date is unknown or the table does not know it."""
    if issued is None:
        return "Căn cước công dân", ""
    return next((kind, who) for start, kind, who in CARD_ISSUERS if issued >= start)


def context_values(context: FormContext) -> dict[str, str]:
    values = {f"citizen.{k}": v for k, v in person_values(context.citizen).items()}
    values.update({"dossier.procedure_name": context.procedure_name,
                   "dossier.code": context.dossier_code, "office.name": context.office_name,
                   "office.place": context.office_place, "today": show_date(context.today)})
    return {k: v for k, v in values.items() if v}


def prefill(template: Template, context: FormContext) -> FormData:
    """Every bound field that the context knows, and the defaults."""
    return fill(template, context, {})


def fill(template: Template, context: FormContext, typed: FormData | None) -> FormData:
    """Prefilled values, overridden by ``typed`` (what the officer entered), with
    defaults for what is still empty. Group entries merge position by position."""
    known = context_values(context)
    data: FormData = {f.id: known[f.bind] for f in template.fields if f.bind in known}
    for group in template.groups:
        people = context.people.get(group.id) or []
        data[group.id] = [_bound_entry(group, person, known) for person in people]
    for key, value in (typed or {}).items():
        group = template.group(key)
        if group is not None and isinstance(value, list):
            data[key] = _merge_entries(data.get(key, []), value)
        else:
            data[key] = value
    return _with_defaults(template, data)


def _bound_entry(group: Group, person: Any, known: dict[str, str]) -> dict:
    own = {f"person.{k}": v for k, v in person_values(person).items()}
    if not own:
        return {}
    return {f.id: (own | known)[f.bind] for f in group.fields if f.bind in own | known}


def _merge_entries(prefilled: list, typed: list) -> list:
    out = list(prefilled) + [{}] * max(0, len(typed) - len(prefilled))
    for i, entry in enumerate(typed):
        out[i] = {**out[i], **entry} if isinstance(entry, dict) else entry
    return out


def _with_defaults(template: Template, data: FormData) -> FormData:
    for f in template.fields:
        if is_blank(data.get(f.id)) and f.default is not None:
            data[f.id] = f.default
    for group in template.groups:
        entries = data.get(group.id)
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, dict) and not entry_is_blank(entry):
                for f in group.fields:
                    if is_blank(entry.get(f.id)) and f.default is not None:
                        entry[f.id] = f.default
    return data


def words_of_date(source: Any) -> str:
    """The words a ``words_of`` field holds for its date field's value ("" if no date)."""
    d = parse_date(source)
    return date_words(d) if d else ""


def words_value(current: Any, last_generated: str, source: Any) -> str | None:
    """The new value of a ``words_of`` field when its date changed, or None to keep it:
    a blank field or one still holding what was generated last time follows the date;
    words the officer typed over are theirs."""
    if not (is_blank(current) or current == last_generated):
        return None
    new = words_of_date(source)
    return new if new != (current or "") else None


def with_words(template: Template, data: FormData) -> FormData:
    """``data`` with every blank ``words_of`` field written from its date (the birth
    date in words on the khai sinh form)."""
    for f in template.fields:
        if f.words_of and is_blank(data.get(f.id)) and words_of_date(data.get(f.words_of)):
            data[f.id] = words_of_date(data.get(f.words_of))
    return data


def clean_value(f: Field, value: Any) -> Any:
    """A typed value as it is recorded and printed: control, bidi and other invisible
    characters removed (``text.clean``; a multi-line answer keeps its line breaks),
    digits of numbers, dates and times in ASCII. Non-text values are kept as they are."""
    if not isinstance(value, str):
        return value
    if f.type == "multiline":
        return "\n".join(clean(line) for line in value.splitlines()).strip("\n")
    text = clean(value)
    return ascii_digits(text) if f.type in DIGIT_TYPES else text


def clean_data(template: Template, data: FormData) -> FormData:
    """``data`` with every field's value passed through ``clean_value``."""
    out = dict(data)
    for f in template.fields:
        if f.id in out:
            out[f.id] = clean_value(f, out[f.id])
    for group in template.groups:
        entries = out.get(group.id)
        if isinstance(entries, list):
            out[group.id] = [{k: clean_value(group.field(k), v) if group.field(k) else v
                              for k, v in e.items()} if isinstance(e, dict) else e
                             for e in entries]
    return out


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def put_value(data: dict, key: str, new: str, overwrite: bool = False) -> bool:
    """Write a card's value ``new`` unless the officer typed something else there
    (then it is kept and False returned; ``overwrite`` writes anyway)."""
    old = data.get(key)
    if is_blank(old) or overwrite or clean(str(old)) == new:
        data[key] = new
        return True
    return False


def entry_is_blank(entry: Any) -> bool:
    return not isinstance(entry, dict) or all(is_blank(v) or v is False for v in entry.values())


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    return None


def label_for(f: Field, group: Group | None = None, index: int = 0) -> str:
    """The field's label as printed for entry ``index`` ("Họ, chữ đệm, tên người cha")."""
    if group is None:
        return f.label
    name = group.entry_name(index)
    if "{entry}" in f.label:
        return f.label.replace("{entry}", name).strip()
    if index < len(group.entries):
        return f"{f.label} ({name})"
    return f"{f.label} ({group.label.lower()} {name})" if group.maximum > 1 else f.label


def validate_data(template: Template, data: FormData, today: date) -> list[Problem]:
    """Every problem of ``data`` against ``template``; empty when the form can be printed."""
    problems: list[Problem] = []
    known = {f.id for f in template.fields} | {g.id for g in template.groups}
    for key in data:
        if key not in known:
            problems.append(Problem(key, f"Dữ liệu có trường '{key}' không có trong mẫu "
                                         f"{template.id}"))
    for f in template.fields:
        problems += _check(f, data.get(f.id), f.label, f.id, today)
    for group in template.groups:
        problems += _check_group(group, data.get(group.id), today)
    return problems


def _check_group(group: Group, entries: Any, today: date) -> list[Problem]:
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        return [Problem(group.id, f"{group.label}: phải là danh sách người")]
    problems = []
    filled = [i for i, e in enumerate(entries) if not entry_is_blank(e)]
    if len(filled) < group.minimum:
        problems.append(Problem(group.id, f"{group.label}: cần ít nhất {group.minimum} người "
                                          f"(mới có {len(filled)})"))
    if len(entries) > group.maximum:
        problems.append(Problem(group.id, f"{group.label}: tối đa {group.maximum} người "
                                          f"(có {len(entries)})"))
    fields = {f.id for f in group.fields}
    for i in filled:
        entry = entries[i]
        for key in entry:
            if key not in fields:
                problems.append(Problem(f"{group.id}[{i + 1}].{key}",
                                        f"{group.label}: trường '{key}' không có trong mẫu"))
        for f in group.fields:
            problems += _check(f, entry.get(f.id), label_for(f, group, i),
                               f"{group.id}[{i + 1}].{f.id}", today)
    return problems


def _check(f: Field, value: Any, label: str, path: str, today: date) -> list[Problem]:
    if is_blank(value) or (f.type == "checkbox" and value is False):
        return [Problem(path, f"{label}: bắt buộc")] if f.required else []
    message = _type_problem(f, value, today)
    return [Problem(path, f"{label}: {message}")] if message else []


def _type_problem(f: Field, value: Any, today: date) -> str | None:
    if f.type == "checkbox":
        return None if as_bool(value) is not None else "chỉ ghi có hoặc không"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return "giá trị không hợp lệ"
    text = str(value).strip()
    too_long = limits.excess(text, limits.FORM_FIELD.get(f.type, limits.FORM_TEXT))
    if too_long:
        return too_long
    check = _CHECKS.get(f.type)
    message = check(f, text, today) if check else None
    if message is None and f.pattern and not re.fullmatch(f.pattern, text):
        message = "không đúng dạng quy định" + (f" ({f.help})" if f.help else "")
    return message


def _date_problem(f: Field, text: str, today: date) -> str | None:
    d = parse_date(text)
    if d is None:
        return "không đúng dạng ngày (ngày/tháng/năm, ví dụ 05/01/2027)"
    if f.no_future and d > today:
        return f"ngày {show_date(d)} ở tương lai"
    return None


def _time_problem(f: Field, text: str, today: date) -> str | None:
    m = TIME.fullmatch(text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return "không đúng dạng giờ (giờ:phút, ví dụ 14:30)"
    return None


def _choice_problem(f: Field, text: str, today: date) -> str | None:
    return None if text in f.choices else f"chỉ chọn một trong: {', '.join(f.choices)}"


def _id_problem(f: Field, text: str, today: date) -> str | None:
    digits = _SEPARATORS.sub("", text)
    return None if digits.isdigit() and len(digits) == 12 else \
        "số định danh cá nhân phải gồm 12 chữ số"


def _phone_problem(f: Field, text: str, today: date) -> str | None:
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return None if digits.isdigit() and len(digits) == 10 and digits[0] == "0" else \
        "số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0"


def _number_problem(f: Field, text: str, today: date) -> str | None:
    if not text.isdigit():
        return "phải là số nguyên không âm"
    if f.minimum is not None and int(text) < f.minimum:
        return f"không được nhỏ hơn {f.minimum}"
    if f.maximum is not None and int(text) > f.maximum:
        return f"không được lớn hơn {f.maximum}"
    return None


_CHECKS = {"date": _date_problem, "time": _time_problem, "choice": _choice_problem,
           "id_number": _id_problem, "phone": _phone_problem, "number": _number_problem}
