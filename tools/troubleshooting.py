"""``python -m tools.troubleshooting [--check]``: docs/xu-ly-su-co.md from the code.

The error catalogue is the code itself: every ``raise`` of a CounterError subclass
(the errors a user is shown, in Vietnamese) in counter_app/, db/, printing/ and ui/.
Each message is listed under its area with what it means and what to do, by the
kind of error (ADVICE) or, for the common ones, by the message itself
(ADVICE_BY_MESSAGE). ``--check`` exits 1 if the page is not what the code says now
(tests/test_troubleshooting.py runs it, so no message can be added without its line).
Placeholders of f-strings show as "…".
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path

from tools.troubleshooting_advice import ADVICE, ADVICE_BY_MESSAGE, AREAS, DEFAULT_ADVICE

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("counter_app", "db", "printing", "ui")
OUT = ROOT / "docs" / "xu-ly-su-co.md"


@dataclass(frozen=True)
class Message:
    text: str
    error: str          # the exception class raised
    area: str           # AREAS key (the package or subpackage)


def error_classes() -> dict[str, type]:
    """Every CounterError subclass by name, from the modules that define them."""
    from counter_app.errors import CounterError
    found = {}
    for name in ("counter_app.errors", "printing.errors", "counter_app.sync.transport",
                 "counter_app.domain.catalogue", "counter_app.domain.cccd"):
        module = importlib.import_module(name)
        for obj_name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, CounterError):
                found[obj_name] = obj
    return found


def _text(node: ast.expr) -> str | None:
    """A message literal; an f-string with "…" for each placeholder; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return None if left is None or right is None else left + right
    return None


def _area(path: Path) -> str:
    where = path.relative_to(ROOT).as_posix()
    return next(title for title, parts in AREAS.items() if any(p in where for p in parts))


def messages() -> list[Message]:
    classes = error_classes()
    found: dict[tuple[str, str], Message] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                    continue
                func = node.exc.func
                name = func.id if isinstance(func, ast.Name) else \
                    func.attr if isinstance(func, ast.Attribute) else None
                if name not in classes or not node.exc.args:
                    continue
                text = _text(node.exc.args[0])
                if text is None or not text.strip() or text.strip() == "…":
                    continue
                text = " ".join(text.split())
                found.setdefault((text, name), Message(text, name, _area(path)))
    return sorted(found.values(), key=lambda m: (list(AREAS).index(m.area), m.text))


def advice(message: Message, classes: dict[str, type]) -> str:
    for start, text in ADVICE_BY_MESSAGE.items():
        if message.text.startswith(start):
            return text
    for cls in classes[message.error].__mro__:
        if cls.__name__ in ADVICE:
            return ADVICE[cls.__name__]
    return DEFAULT_ADVICE


def render() -> str:
    classes = error_classes()
    found = messages()
    lines = [
        "# Xử lý sự cố: mọi thông báo lỗi của phần mềm",
        "",
        "<!-- Tạo tự động bằng `python -m tools.troubleshooting` từ mã nguồn; đừng sửa tay. -->",
        "",
        "Trang này liệt kê **mọi thông báo lỗi** phần mềm có thể hiện cho người dùng, theo từng "
        "phần, cùng ý nghĩa và cách xử lý. Tìm nhanh: nhấn Ctrl+F rồi gõ vài chữ đầu của thông "
        "báo. Chỗ có dấu \"…\" là phần thay đổi theo từng trường hợp (mã hồ sơ, tên tệp, số…).",
        "",
        "Nguyên tắc chung: khi có lỗi, phần mềm **không ghi nửa chừng** — việc bị từ chối thì "
        "chưa có gì được ghi, những gì đã nhập vẫn còn trên màn hình để sửa rồi làm lại. Chi tiết "
        "kỹ thuật của lỗi không mong đợi nằm trong tệp nhật ký (Trợ giúp → Giới thiệu cho biết "
        "thư mục nhật ký).",
        "",
        f"Tổng số thông báo: {len(found)}.",
        "",
    ]
    area = None
    for m in found:
        if m.area != area:
            area = m.area
            lines += [f"## {area}", "", "| Thông báo | Ý nghĩa và cách xử lý |",
                      "| --- | --- |"]
        lines.append(f"| {_cell(m.text)} | {_cell(advice(m, classes))} |")
        nxt = found.index(m) + 1
        if nxt == len(found) or found[nxt].area != area:
            lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.troubleshooting")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if docs/xu-ly-su-co.md is not up to date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run python -m tools.troubleshooting", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
