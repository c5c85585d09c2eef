"""Reading a template file as YAML nodes that keep their line numbers.

``yaml.compose`` (safe loader) gives a tree of nodes, each with ``start_mark.line``,
so every problem can name the line an administrator has to fix. Only plain YAML is
accepted: no anchors or aliases (``&a``/``*a`` would let a small file expand to a
huge or endless tree), no tags, no non-text keys. Whatever the bytes, the outcome
is a node tree or ``TemplateError`` — never another exception.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from counter_app.errors import UserInputError

MAX_BYTES = 64 * 1024
MAX_FLOW_DEPTH = 32     # "[[[[…": deep flow nesting makes the YAML parser crawl
# libyaml when installed (the wheels ship it): same nodes and marks, ~15× faster.
LOADER = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
LOADER = LOADER or yaml.SafeLoader
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
               "tag:yaml.org,2002:null", "tag:yaml.org,2002:float",
               "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass(frozen=True)
class TemplateProblem:
    file: str
    line: int          # 1-based; 0 when the whole file is at fault
    message: str

    def __str__(self) -> str:
        where = f"Tệp {self.file}, dòng {self.line}" if self.line else f"Tệp {self.file}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message}


class TemplateError(UserInputError):
    """A template file that cannot be used; ``problems`` lists every fault found."""

    def __init__(self, problems: list[TemplateProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


_NO_ALIASES = "không dùng neo/bí danh YAML (& và *) trong mẫu"


def line_of(node: Node | None) -> int:
    return node.start_mark.line + 1 if node is not None and node.start_mark else 0


def compose(data: str | bytes, filename: str) -> Node:
    """The root node of ``data``; raises ``TemplateError`` for anything unreadable."""
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_BYTES:
            raise _whole(filename, f"tệp quá lớn ({len(data)} byte, tối đa {MAX_BYTES})")
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _whole(filename, f"tệp không phải văn bản UTF-8 (byte thứ {exc.start + 1})")
    if len(data) > MAX_BYTES:
        raise _whole(filename, f"tệp quá lớn (tối đa {MAX_BYTES} ký tự)")
    _refuse_deep_nesting(data, filename)
    try:
        _refuse_aliases(data, filename)
        root = yaml.compose(data, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An error at the very end is marked past the last line: name the last one.
        line = min(mark.line + 1, max(1, len(data.splitlines()))) if mark else 0
        raise TemplateError([TemplateProblem(filename, line, _yaml_reason(exc))]) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise _whole(filename, f"không đọc được nội dung YAML ({type(exc).__name__})") from None
    if root is None:
        raise _whole(filename, "tệp trống")
    _check_plain(root, filename)
    return root


def _refuse_deep_nesting(data: str, filename: str) -> None:
    depth = 0
    for n, ch in enumerate(data):
        depth += (ch in "[{") - (ch in "]}")
        if depth > MAX_FLOW_DEPTH:
            line = data.count("\n", 0, n) + 1
            raise TemplateError([TemplateProblem(filename, line, "ngoặc [ ] hoặc { } lồng nhau "
                                                 f"quá {MAX_FLOW_DEPTH} mức")])


def _refuse_aliases(data: str, filename: str) -> None:
    """Name the line of the first ``*alias`` (the composed tree would only show the
    anchor's line, since an alias is the anchored node itself)."""
    for event in yaml.parse(data, Loader=LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise TemplateError([TemplateProblem(filename, line_of(event), _NO_ALIASES)])


def _whole(filename: str, message: str) -> TemplateError:
    return TemplateError([TemplateProblem(filename, 0, message)])


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    detail = (exc.problem or exc.context or "cú pháp sai").strip()
    return f"cú pháp YAML sai ({detail}); kiểm tra thụt lề, dấu hai chấm và dấu ngoặc"


def _check_plain(root: Node, filename: str) -> None:
    """Refuse aliases (a node seen twice) and explicit tags, walking without recursion."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise TemplateError([TemplateProblem(filename, line_of(node), _NO_ALIASES)])
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise TemplateError([TemplateProblem(
                filename, line_of(node), f"không dùng thẻ YAML đặc biệt ({node.tag})")])
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


class Reader:
    """Typed access to nodes; every misuse becomes a problem with its line."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[TemplateProblem] = []

    def error(self, node: Node | None, message: str) -> None:
        self.error_at(line_of(node), message)

    def error_at(self, line: int, message: str) -> None:
        self.problems.append(TemplateProblem(self.filename, line, message))

    def mapping(self, node: Node, what: str, allowed: tuple[str, ...],
                required: tuple[str, ...] = ()) -> dict[str, Node] | None:
        """``{key: value node}`` of a mapping with only ``allowed`` keys, or None."""
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} phải là một bảng khóa: giá trị")
            return None
        out: dict[str, Node] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag != "tag:yaml.org,2002:str":
                self.error(key, f"{what}: khóa phải là chữ")
                continue
            name = key.value
            if name in out:
                self.error(key, f"{what}: khóa '{name}' bị lặp lại")
            elif name not in allowed:
                self.error(key, f"{what}: khóa '{name}' không hợp lệ (dùng: {', '.join(allowed)})")
            else:
                out[name] = value
        for name in required:
            if name not in out:
                self.error(node, f"{what}: thiếu khóa bắt buộc '{name}'")
        return out

    def text(self, node: Node | None, what: str, default: str | None = None) -> str | None:
        if node is None:
            return default
        if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            self.error(node, f"{what} phải là một dòng chữ")
            return default
        return node.value

    def integer(self, node: Node | None, what: str, default: int | None = None) -> int | None:
        if node is None:
            return default
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:int":
            try:
                return int(node.value.replace("_", ""), 0)
            except ValueError:
                pass
        self.error(node, f"{what} phải là số nguyên")
        return default

    def boolean(self, node: Node | None, what: str, default: bool = False) -> bool:
        if node is None:
            return default
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on", "y")
        self.error(node, f"{what} phải là true hoặc false")
        return default

    def sequence(self, node: Node | None, what: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} phải là một danh sách (mỗi mục một dòng bắt đầu bằng '-')")
            return []
        return list(node.value)

    def texts(self, node: Node | None, what: str) -> tuple[str, ...]:
        """A list of lines, or a single line given as one text."""
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            return (node.value,)
        items = (self.text(n, f"{what} (mục {i})") for i, n in
                 enumerate(self.sequence(node, what), start=1))
        return tuple(t for t in items if t is not None)

    def scalar(self, node: Node | None) -> object:
        """A plain value (text, number, true/false) as YAML reads it."""
        if node is None or not isinstance(node, ScalarNode):
            return None
        return yaml.SafeLoader("").construct_object(node)
