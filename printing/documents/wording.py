"""The words of the one-stop forms as data: a set of forms an office can correct.

Each form module keeps its wording in a ``WORDING`` dict (the TT 01/2018 text we have
always printed): the title, the labels, the sentences, the column headings. A *form
set* (a YAML file, see docs/bieu-mau-mot-cua.md) gives, for each form, the number and
legal-basis line printed above it ("Mẫu số 01 — Ban hành kèm theo …") and any wording
to print instead. The set is checked against the code's keys when it is read: an
unknown form or key, a value of the wrong shape, or a sentence that lost (or gained)
one of its ``{placeholders}`` is refused with the file's line, so a typo never prints.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from counter_app.domain.form_templates.yamlnodes import (TemplateError, TemplateProblem,
                                                         compose, line_of)

Value = str | tuple[str, ...]
HEAD_KEYS = ("form_number", "basis")     # printed above the header, not part of the wording


@dataclass(frozen=True)
class FormWording:
    """One form of a set: ``number`` ("Mẫu số 01"), ``basis`` (the legal-basis line)
    and ``texts``, the wording keys that replace the code's defaults."""

    number: str = ""
    basis: str = ""
    texts: Mapping[str, Value] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class FormSet:
    id: str
    name: str
    source: str = ""
    unverified: tuple[str, ...] = ()
    forms: Mapping[str, FormWording] = field(default_factory=lambda: MappingProxyType({}))

    def wording(self, kind: str) -> FormWording:
        return self.forms.get(kind, FormWording())


def merged(defaults: Mapping[str, Value], wording: FormWording | None) -> dict[str, Value]:
    """The code's wording with the set's replacements laid over it."""
    return {**defaults, **(dict(wording.texts) if wording else {})}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def parse_set(data: bytes | str, filename: str, defaults: Mapping[str, Mapping[str, Value]]
              ) -> FormSet:
    """The form set in ``data``; ``TemplateError`` naming every fault (with its line).
    ``defaults``: form kind → that form's ``WORDING``."""
    root = compose(data, filename)
    problems: list[TemplateProblem] = []

    def problem(node: Node | None, message: str) -> None:
        problems.append(TemplateProblem(filename, line_of(node), message))

    top = _mapping(root, problem, "tệp bộ mẫu")
    for key in sorted(set(top) - {"id", "name", "source", "unverified", "forms"}):
        problem(top[key][0], f"khóa {key!r} không dùng trong bộ mẫu")
    set_id = _scalar(top.get("id"), problem, "id", required=True)
    name = _scalar(top.get("name"), problem, "name", required=True)
    source = _scalar(top.get("source"), problem, "source")
    unverified = _list(top.get("unverified"), problem, "unverified")
    forms: dict[str, FormWording] = {}
    entry = top.get("forms")
    for kind, (knode, fnode) in _mapping(entry[1] if entry else None, problem, "forms").items():
        if kind not in defaults:
            problem(knode, f"không có mẫu {kind!r}; các mẫu: {', '.join(defaults)}")
            continue
        forms[kind] = _form(kind, fnode, defaults[kind], problem)
    if problems:
        raise TemplateError(problems)
    return FormSet(set_id, name, source, tuple(unverified), MappingProxyType(forms))


def _form(kind: str, node: Node, defaults: Mapping[str, Value], problem) -> FormWording:
    items = _mapping(node, problem, f"mẫu {kind}")
    texts: dict[str, Value] = {}
    for key, (knode, vnode) in items.items():
        if key in HEAD_KEYS:
            continue
        if key not in defaults:
            problem(knode, f"mẫu {kind}: không có mục {key!r}")
            continue
        default = defaults[key]
        if isinstance(default, tuple):
            value = tuple(_list((knode, vnode), problem, f"{kind}.{key}"))
            if len(value) != len(default):
                problem(vnode, f"{kind}.{key} cần đúng {len(default)} mục, có {len(value)}")
                continue
            pairs = zip(default, value)
        else:
            value = _scalar((knode, vnode), problem, f"{kind}.{key}")
            pairs = [(default, value)]
        for old, new in pairs:
            if placeholders(old) != placeholders(new):
                want = ", ".join(f"{{{p}}}" for p in sorted(placeholders(old))) or "không có"
                problem(vnode, f"{kind}.{key}: chỗ điền phải là {want}, như mẫu gốc")
        texts[key] = value
    return FormWording(_scalar(items.get("form_number"), problem, f"{kind}.form_number"),
                       _scalar(items.get("basis"), problem, f"{kind}.basis"),
                       MappingProxyType(texts))


def _mapping(node: Node | None, problem, what: str) -> dict[str, tuple[Node, Node]]:
    if node is None:
        return {}
    if not isinstance(node, MappingNode):
        problem(node, f"{what} phải là các dòng 'khóa: giá trị'")
        return {}
    out = {}
    for k, v in node.value:
        if k.value in out:
            problem(k, f"khóa {k.value!r} ghi hai lần")
        out[k.value] = (k, v)
    return out


def _scalar(entry: tuple[Node, Node] | None, problem, what: str, required: bool = False) -> str:
    if entry is None:
        if required:
            problem(None, f"thiếu {what}")
        return ""
    node = entry[1]
    if not isinstance(node, ScalarNode):
        problem(node, f"{what} phải là một dòng chữ")
        return ""
    return " ".join(str(node.value).split())


def _list(entry: tuple[Node, Node] | None, problem, what: str) -> list[str]:
    if entry is None:
        return []
    node = entry[1]
    if not isinstance(node, SequenceNode):
        problem(node, f"{what} phải là danh sách (các dòng bắt đầu bằng '- ')")
        return []
    out = []
    for item in node.value:
        if not isinstance(item, ScalarNode):
            problem(item, f"mỗi mục của {what} phải là một dòng chữ")
            continue
        out.append(" ".join(str(item.value).split()))
    return out
