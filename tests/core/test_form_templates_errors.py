"""Broken template files: each kind of fault is named with its line; nothing else escapes."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.domain.form_templates import TemplateError, parse_template
from counter_app.errors import UserInputError
from counter_app.services.form_templates import SHIPPED_DIR

BASE = """\
# Mẫu thử
id: mau-thu
title: TỜ KHAI THỬ
version: 1
source: Văn bản thử
fields:
  - id: ho_ten
    label: Họ, chữ đệm, tên
    type: text
    required: true
    bind: citizen.full_name
  - id: gioi_tinh
    label: Giới tính
    type: choice
    choices: [Nam, Nữ]
  - id: ngay_lam
    label: Ngày làm
    type: date
    bind: today
groups:
  - id: cha_me
    label: Cha, mẹ
    min: 0
    max: 2
    entries: [người mẹ, người cha]
    fields:
      - id: ho_ten
        label: Họ, chữ đệm, tên {entry}
        type: text
        required: true
        bind: person.full_name
layout:
  body:
    - row: [ho_ten, gioi_tinh]
    - group: cha_me
      rows:
        - [ho_ten]
  place_date: {date: ngay_lam}
  signatures:
    - title: Người yêu cầu
      name: ho_ten
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def problems(text, filename="mau-thu.yaml") -> list[tuple[int, str]]:
    with pytest.raises(TemplateError) as info:
        parse_template(text, filename)
    assert isinstance(info.value, UserInputError)  # the CLI exits 2
    return [(p.line, p.message) for p in info.value.problems]


def test_the_base_template_is_valid():
    t = parse_template(BASE, "mau-thu.yaml")
    assert t.id == "mau-thu" and [f.id for f in t.fields] == ["ho_ten", "gioi_tinh", "ngay_lam"]
    assert t.groups[0].entries == ("người mẹ", "người cha")


# (what is broken, how, the text on the line to blame (and which occurrence), the message)
CASES = [
    ("unknown top key", lambda s: s + "colour: red\n", ("colour:", 1),
     "khóa 'colour' không hợp lệ"),
    ("unknown field key", lambda s: s.replace("    required: true\n    bind: citizen",
                                              "    requird: true\n    bind: citizen"),
     ("requird", 1), "khóa 'requird' không hợp lệ"),
    ("missing key", lambda s: s.replace("    type: text\n    required: true\n    bind: c",
                                        "    required: true\n    bind: c"),
     ("- id: ho_ten", 1), "thiếu khóa bắt buộc 'type'"),
    ("duplicate field id", lambda s: s.replace("- id: gioi_tinh", "- id: ho_ten"),
     ("- id: ho_ten", 2), "mã 'ho_ten' bị trùng (đã dùng ở dòng 7)"),
    ("unknown type", lambda s: s.replace("type: choice", "type: ngày"), ("type: ngày", 1),
     "trường 'gioi_tinh' có kiểu 'ngày' không hợp lệ (dùng: text,"),
    ("unknown binding", lambda s: s.replace("bind: today", "bind: hom_nay"),
     ("hom_nay", 1), "gắn với dữ liệu 'hom_nay' không có"),
    ("choices missing", lambda s: s.replace("    choices: [Nam, Nữ]\n", ""),
     ("type: choice", 1), "kiểu choice phải có danh sách 'choices'"),
    ("bad regex", lambda s: s.replace("    bind: citizen.full_name\n",
                                      "    bind: citizen.full_name\n    pattern: '([0-9'\n"),
     ("pattern:", 1), "biểu thức 'pattern' sai"),
    ("layout names no field", lambda s: s.replace("[ho_ten, gioi_tinh]", "[ho_ten, gioitinh]"),
     ("gioitinh", 1), "bố cục nhắc tới trường 'gioitinh' không có"),
    ("field never placed", lambda s: s.replace("[ho_ten, gioi_tinh]", "[ho_ten]"),
     ("- id: gioi_tinh", 1), "trường 'gioi_tinh' chưa được đặt vào bố cục"),
    ("group min above max", lambda s: s.replace("min: 0", "min: 3"), ("min: 3", 1),
     "'min' (3) lớn hơn 'max' (2)"),
    ("group too large", lambda s: s.replace("max: 2", "max: 99"), ("max: 99", 1),
     "'max' phải từ 1 đến 50"),
    ("more slot names than max", lambda s: s.replace("max: 2", "max: 1"), ("entries:", 1),
     "có 2 tên trong 'entries' nhưng 'max' chỉ là 1"),
    ("group field never placed", lambda s: s.replace("        - [ho_ten]\n",
                                                    "        - [ho_ten, ho_ten]\n").replace(
        "        bind: person.full_name\n", "        bind: person.full_name\n"
        "      - id: nam_sinh\n        label: Năm sinh\n        type: text\n"),
     ("- id: nam_sinh", 1), "trường 'nam_sinh' của nhóm 'cha_me' chưa được đặt"),
    ("mark without note", lambda s: s.replace("    bind: citizen.full_name\n",
                                              "    bind: citizen.full_name\n    mark: '(1)'\n"),
     ("- id: ho_ten", 1), "có dấu chú thích '(1)'"),
    ("signature beyond the group", lambda s: s.replace("name: ho_ten", "name: cha_me.3.ho_ten"),
     ("cha_me.3", 1), "người thứ 3 của nhóm 'cha_me'"),
    ("place date not a date", lambda s: s.replace("{date: ngay_lam}", "{date: ho_ten}"),
     ("place_date", 1), "trường 'ho_ten' phải có kiểu date"),
    ("default outside choices", lambda s: s.replace("    choices: [Nam, Nữ]\n",
                                                    "    choices: [Nam, Nữ]\n    default: Khác\n"),
     ("default: Khác", 1), "giá trị mặc định 'Khác' không có trong 'choices'"),
    ("bad template id", lambda s: s.replace("id: mau-thu", "id: Mẫu Thử"), ("id: Mẫu", 1),
     "mã mẫu 'Mẫu Thử' không hợp lệ"),
    ("bad field id", lambda s: s.replace("- id: gioi_tinh", "- id: Giới-tính").replace(
        "[ho_ten, gioi_tinh]", "[ho_ten, Giới-tính]"), ("- id: Giới", 1),
     "mã trường 'Giới-tính' không hợp lệ"),
    ("alias", lambda s: s.replace("source: Văn bản thử", "source: &s Văn bản thử\n"
                                                         "description: *s"),
     ("description: *s", 1), "không dùng neo/bí danh YAML"),
    ("python tag", lambda s: s.replace("source: Văn bản thử", "source: !!python/name:os.system"),
     ("source:", 1), "không dùng thẻ YAML đặc biệt"),
    ("row item without field", lambda s: s.replace("[ho_ten, gioi_tinh]",
                                                   "[ho_ten, {label: x}, gioi_tinh]"),
     ("{label: x}", 1), "thiếu khóa bắt buộc 'field'"),
    ("two kinds in one layout item", lambda s: s.replace("    - row: [ho_ten, gioi_tinh]",
                                                         "    - row: [ho_ten, gioi_tinh]\n"
                                                         "      text: Thêm"),
     ("- row: [ho_ten", 1), "đúng một trong các khóa 'row', 'text', 'group'"),
    ("words of a field that is not a date",
     lambda s: s.replace("    choices: [Nam, Nữ]\n", "    choices: [Nam, Nữ]\n  - id: bang_chu\n"
                         "    label: Bằng chữ\n    type: text\n    words_of: ho_ten\n"),
     ("- id: bang_chu", 1), "'words_of' phải là mã một trường kiểu date"),
    ("version not a number", lambda s: s.replace("version: 1", "version: một"),
     ("version:", 1), "'version' phải là số nguyên"),
]


@pytest.mark.parametrize("what, change, blame, message", CASES, ids=[c[0] for c in CASES])
def test_each_fault_names_its_line(what, change, blame, message):
    text = change(BASE)
    expected_line = line_of(text, *blame)
    found = problems(text)
    assert any(line == expected_line and message in msg for line, msg in found), found
    with pytest.raises(TemplateError) as info:  # as the CLI prints it, folder left out
        parse_template(text, "/srv/forms/mau-thu.yaml")
    assert f"Tệp mau-thu.yaml, dòng {expected_line}: " in str(info.value)


def test_all_problems_are_reported_at_once_in_line_order():
    text = BASE.replace("type: choice", "type: ngày").replace("bind: today", "bind: x")
    lines = [line for line, _ in problems(text)]
    assert len(lines) >= 2 and lines == sorted(lines)


def test_the_file_name_must_match_the_id():
    found = problems(BASE, "khac.yaml")
    assert (2, "mã mẫu 'mau-thu' phải trùng tên tệp (đặt tên tệp là mau-thu.yaml)") in found


def test_yaml_syntax_error_gives_a_line():
    text = BASE.replace("title: TỜ KHAI THỬ", "title: [TỜ KHAI THỬ")
    found = problems(text)
    assert len(found) == 1 and found[0][0] >= 3 and "cú pháp YAML sai" in found[0][1]


@pytest.mark.parametrize("data, message", [
    (b"", "tệp trống"),
    (b"# only a comment\n", "tệp trống"),
    (b"\xff\xfe\x00bad", "không phải văn bản UTF-8"),
    (b"- a\n- b\n", "Mẫu phải là một bảng khóa"),
    (b"x" * (300 * 1024), "tệp quá lớn"),
    (b"[" * 20000, "lồng nhau quá 32 mức"),
])
def test_unreadable_files(data, message):
    found = problems(data)
    assert any(message in msg for _, msg in found), found


def test_a_billion_laughs_is_refused_not_expanded():
    text = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n"
    assert any("neo/bí danh" in m for _, m in problems(text))


def test_keys_must_be_text_and_unique():
    found = problems(BASE.replace("version: 1", "version: 1\nversion: 2\n1: x"))
    assert any("khóa 'version' bị lặp lại" in m for _, m in found)
    assert any("khóa phải là chữ" in m for _, m in found)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_only_ever_raise_template_error(data):
    try:
        parse_template(data, "fuzz.yaml")
    except TemplateError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


SHIPPED = {p.name: p.read_text(encoding="utf-8") for p in sorted(SHIPPED_DIR.glob("*.yaml"))}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SHIPPED)), st.data())
def test_truncated_or_mangled_shipped_templates_only_raise_template_error(name, data):
    text = SHIPPED[name]
    cut = data.draw(st.integers(0, len(text)))
    lines = text.splitlines(keepends=True)
    drop = data.draw(st.integers(0, len(lines) - 1))
    for broken in (text[:cut], "".join(lines[:drop] + lines[drop + 1:]),
                   "".join(lines[:drop] + [lines[drop]] * 2 + lines[drop + 1:])):
        try:
            parse_template(broken, name)
        except TemplateError as exc:
            assert all(0 <= p.line <= max(1, len(broken.splitlines())) for p in exc.problems)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\" \n#ýệ0")), max_size=300))
def test_random_yaml_shaped_text_only_raises_template_error(text):
    try:
        parse_template(text, "fuzz.yaml")
    except TemplateError:
        pass
