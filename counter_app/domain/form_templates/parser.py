"""Template files → ``Template``, or ``TemplateError`` naming each faulty line.

The file format is documented for administrators in docs/form-templates.md. Every
problem found is reported at once (not only the first), each as "Tệp X, dòng N: …".
"""

from __future__ import annotations

import re
from pathlib import PurePath

from yaml.nodes import Node

from counter_app.domain.form_templates import layout_parser
from counter_app.domain.form_templates.model import (CHOICE_DISPLAYS, CONTEXT_BINDINGS,
                                                     DATE_FORMATS, FIELD_TYPES, GROUP_BINDINGS,
                                                     MAX_GROUP_SIZE, Field, Group, Template)
from counter_app.domain.form_templates.yamlnodes import (Reader, TemplateError, compose,
                                                         line_of)

TOP_KEYS = ("id", "title", "version", "source", "unverified", "description", "fields",
            "groups", "layout")
FIELD_KEYS = ("id", "label", "type", "required", "pattern", "choices", "bind", "help", "mark",
              "default", "display", "format", "no_future", "lines", "min", "max", "words_of")
GROUP_KEYS = ("id", "label", "min", "max", "entries", "fields")
TEMPLATE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
FIELD_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
PATTERN_TYPES = ("text", "multiline")


def parse_template(data: str | bytes, filename: str = "mẫu") -> Template:
    """The template in ``data`` (the text of file ``filename``)."""
    shown = PurePath(filename).name or filename
    root = compose(data, shown)
    r = Reader(shown)
    top = r.mapping(root, "Mẫu", TOP_KEYS, ("id", "title", "version", "source", "fields",
                                          "layout"))
    if top is None:
        raise TemplateError(r.problems)
    template_id = _template_id(r, top.get("id"), shown)
    fields = tuple(_field(r, n, CONTEXT_BINDINGS, "") for n in
                   r.sequence(top.get("fields"), "Danh sách 'fields'"))
    groups = tuple(_group(r, n) for n in r.sequence(top.get("groups"), "Danh sách 'groups'"))
    fields = tuple(f for f in fields if f is not None)
    groups = tuple(g for g in groups if g is not None)
    _unique(r, [(f.id, f.line) for f in fields] + [(g.id, g.line) for g in groups], "")
    _check_words_of(r, fields, "")
    version = r.integer(top.get("version"), "'version'", 1)
    if version is not None and version < 1:
        r.error(top.get("version"), "'version' phải từ 1 trở lên")
    layout = layout_parser.parse_layout(r, top.get("layout"), fields, groups)
    if r.problems or layout is None:
        raise TemplateError(sorted(r.problems, key=lambda p: p.line))
    return Template(
        id=template_id, title=r.text(top.get("title"), "'title'", ""),
        source=r.text(top.get("source"), "'source'", ""), version=version or 1,
        fields=fields, groups=groups, layout=layout,
        unverified=r.texts(top.get("unverified"), "'unverified'"),
        description=r.text(top.get("description"), "'description'", ""), file=str(filename))


def _template_id(r: Reader, node: Node | None, filename: str) -> str:
    value = r.text(node, "'id'", "") or ""
    if node is not None and value and not TEMPLATE_ID.fullmatch(value):
        r.error(node, f"mã mẫu '{value}' không hợp lệ (chỉ dùng chữ thường không dấu, số và "
                      "dấu gạch ngang, ví dụ to-khai-khai-sinh)")
    stem, suffix = PurePath(filename).stem, PurePath(filename).suffix.lower()
    if value and suffix in (".yaml", ".yml") and stem != value:
        r.error(node, f"mã mẫu '{value}' phải trùng tên tệp (đặt tên tệp là {value}{suffix})")
    return value


def _unique(r: Reader, ids: list[tuple[str, int]], where: str) -> None:
    first: dict[str, int] = {}
    for name, line in ids:
        if name in first:
            r.error_at(line, f"{where}mã '{name}' bị trùng (đã dùng ở dòng {first[name]})")
        else:
            first[name] = line


def _field(r: Reader, node: Node, bindings: tuple[str, ...], where: str) -> Field | None:
    m = r.mapping(node, f"{where}Trường", FIELD_KEYS, ("id", "label", "type"))
    if m is None:
        return None
    fid = r.text(m.get("id"), "'id' của trường", "") or ""
    if "id" in m and not FIELD_ID.fullmatch(fid):
        r.error(m["id"], f"mã trường '{fid}' không hợp lệ (chữ thường không dấu, số, dấu gạch "
                         "dưới; bắt đầu bằng chữ; tối đa 40 ký tự)")
    what = f"{where}trường '{fid}'"
    ftype = r.text(m.get("type"), f"'type' của {what}", "text")
    if "type" in m and ftype not in FIELD_TYPES:
        r.error(m["type"], f"{what} có kiểu '{ftype}' không hợp lệ "
                           f"(dùng: {', '.join(FIELD_TYPES)})")
    choices = _choices(r, m, ftype, what)
    field = Field(
        id=fid, label=r.text(m.get("label"), f"'label' của {what}", "") or "", type=ftype,
        required=r.boolean(m.get("required"), f"'required' của {what}"),
        pattern=_pattern(r, m, ftype, what), choices=choices,
        bind=_binding(r, m.get("bind"), bindings, what),
        help=r.text(m.get("help"), f"'help' của {what}", ""),
        mark=r.text(m.get("mark"), f"'mark' của {what}", ""),
        default=_default(r, m.get("default"), ftype, choices, what),
        display=_only(r, m, "display", ftype, ("choice",), CHOICE_DISPLAYS, what, "text"),
        date_format=_only(r, m, "format", ftype, ("date",), DATE_FORMATS, what, "numeric"),
        no_future=_flag_for(r, m, "no_future", ftype, ("date",), what),
        lines=_lines(r, m, ftype, what),
        minimum=_bound(r, m, "min", ftype, what), maximum=_bound(r, m, "max", ftype, what),
        words_of=r.text(m.get("words_of"), f"'words_of' của {what}"), line=line_of(node))
    if field.words_of is not None and ftype != "text":
        r.error(m["words_of"], f"{what}: 'words_of' chỉ dùng cho kiểu text")
    return field


def _check_words_of(r: Reader, fields: tuple[Field, ...], where: str) -> None:
    """``words_of`` names a date field beside it (same list: the form or one group)."""
    dates = {f.id for f in fields if f.type == "date"}
    for f in fields:
        if f.words_of is not None and f.words_of not in dates:
            r.error_at(f.line, f"{where}trường '{f.id}': 'words_of' phải là mã một trường "
                               f"kiểu date ở cùng chỗ ('{f.words_of}' không phải)")


def _choices(r: Reader, m: dict, ftype: str, what: str) -> tuple[str, ...]:
    node = m.get("choices")
    if ftype != "choice":
        if node is not None:
            r.error(node, f"{what}: chỉ trường kiểu choice mới có 'choices'")
        return ()
    if node is None:
        r.error(m.get("type"), f"{what} kiểu choice phải có danh sách 'choices'")
        return ()
    values = r.texts(node, f"'choices' của {what}")
    if not values:
        r.error(node, f"{what}: danh sách 'choices' trống")
    if len(set(values)) != len(values):
        r.error(node, f"{what}: danh sách 'choices' có lựa chọn trùng nhau")
    return values


def _pattern(r: Reader, m: dict, ftype: str, what: str) -> str | None:
    node = m.get("pattern")
    if node is None:
        return None
    text = r.text(node, f"'pattern' của {what}")
    if ftype not in PATTERN_TYPES:
        r.error(node, f"{what}: 'pattern' chỉ dùng cho kiểu {', '.join(PATTERN_TYPES)}")
        return None
    try:
        re.compile(text or "")
    except (re.error, RecursionError, OverflowError) as exc:
        r.error(node, f"{what} có biểu thức 'pattern' sai ({exc})")
        return None
    return text


def _binding(r: Reader, node: Node | None, allowed: tuple[str, ...], what: str) -> str | None:
    value = r.text(node, f"'bind' của {what}")
    if value is not None and value not in allowed:
        roots = sorted({b.split(".")[0] for b in allowed})
        hint = ", ".join(b for b in allowed if b.startswith(value.split(".")[0] + ".")) \
            or ", ".join(roots)
        r.error(node, f"{what} gắn với dữ liệu '{value}' không có (dùng: {hint})")
        return None
    return value


def _default(r: Reader, node: Node | None, ftype: str, choices, what: str):
    if node is None:
        return None
    if ftype == "checkbox":
        return r.boolean(node, f"'default' của {what}")
    value = r.text(node, f"'default' của {what}")
    if ftype == "choice" and value is not None and choices and value not in choices:
        r.error(node, f"{what}: giá trị mặc định '{value}' không có trong 'choices'")
    return value


def _only(r: Reader, m: dict, key: str, ftype: str, types: tuple[str, ...],
          values: tuple[str, ...], what: str, default: str) -> str:
    node = m.get(key)
    if node is None:
        return default
    value = r.text(node, f"'{key}' của {what}", default)
    if ftype not in types:
        r.error(node, f"{what}: '{key}' chỉ dùng cho kiểu {', '.join(types)}")
    elif value not in values:
        r.error(node, f"{what}: '{key}' là '{value}' không hợp lệ (dùng: {', '.join(values)})")
        return default
    return value


def _flag_for(r: Reader, m: dict, key: str, ftype: str, types: tuple[str, ...],
              what: str) -> bool:
    node = m.get(key)
    if node is not None and ftype not in types:
        r.error(node, f"{what}: '{key}' chỉ dùng cho kiểu {', '.join(types)}")
    return r.boolean(node, f"'{key}' của {what}")


def _lines(r: Reader, m: dict, ftype: str, what: str) -> int:
    node = m.get("lines")
    if node is None:
        return 2 if ftype == "multiline" else 1
    value = r.integer(node, f"'lines' của {what}", 1)
    if ftype != "multiline":
        r.error(node, f"{what}: 'lines' chỉ dùng cho kiểu multiline")
    elif value is None or not 1 <= value <= 12:
        r.error(node, f"{what}: 'lines' phải từ 1 đến 12")
        return 2
    return value or 1


def _bound(r: Reader, m: dict, key: str, ftype: str, what: str) -> int | None:
    node = m.get(key)
    if node is None:
        return None
    if ftype != "number":
        r.error(node, f"{what}: '{key}' chỉ dùng cho kiểu number")
        return None
    return r.integer(node, f"'{key}' của {what}")


def _group(r: Reader, node: Node) -> Group | None:
    m = r.mapping(node, "Nhóm", GROUP_KEYS, ("id", "label", "max", "fields"))
    if m is None:
        return None
    gid = r.text(m.get("id"), "'id' của nhóm", "") or ""
    if "id" in m and not FIELD_ID.fullmatch(gid):
        r.error(m["id"], f"mã nhóm '{gid}' không hợp lệ (chữ thường không dấu, số, dấu gạch "
                         "dưới; bắt đầu bằng chữ)")
    what = f"nhóm '{gid}'"
    low = r.integer(m.get("min"), f"'min' của {what}", 0)
    high = r.integer(m.get("max"), f"'max' của {what}", 1)
    low, high = _limits(r, m, low, high, what)
    entries = r.texts(m.get("entries"), f"'entries' của {what}")
    if len(entries) > high:
        r.error(m.get("entries"), f"{what}: có {len(entries)} tên trong 'entries' nhưng "
                                  f"'max' chỉ là {high}")
    fields = tuple(f for f in (_field(r, n, GROUP_BINDINGS, f"{what}, ") for n in
                               r.sequence(m.get("fields"), f"'fields' của {what}")) if f)
    if "fields" in m and not fields:
        r.error(m["fields"], f"{what} phải có ít nhất một trường")
    _unique(r, [(f.id, f.line) for f in fields], f"{what}: ")
    _check_words_of(r, fields, f"{what}, ")
    return Group(id=gid, label=r.text(m.get("label"), f"'label' của {what}", "") or "",
                 minimum=low, maximum=high, fields=fields, entries=entries, line=line_of(node))


def _limits(r: Reader, m: dict, low: int | None, high: int | None,
            what: str) -> tuple[int, int]:
    low = 0 if low is None else low
    high = 1 if high is None else high
    if low < 0:
        r.error(m.get("min"), f"{what}: 'min' không được âm ({low})")
        low = 0
    if not 1 <= high <= MAX_GROUP_SIZE:
        r.error(m.get("max"), f"{what}: 'max' phải từ 1 đến {MAX_GROUP_SIZE} ({high})")
        high = max(1, min(high, MAX_GROUP_SIZE))
    if low > high:
        r.error(m.get("min"), f"{what}: 'min' ({low}) lớn hơn 'max' ({high})")
        low = high
    return low, high
