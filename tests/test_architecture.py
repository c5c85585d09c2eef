"""The import rules of shared/architecture.md §1, checked on the source and at run time."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ["counter_app", "db", "printing", "sync_server"]
# package → top-level packages it must never import
FORBIDDEN = {
    "counter_app": {"PySide6", "shiboken6", "ui"},
    "db": {"PySide6", "shiboken6", "ui", "counter_app.services", "counter_app.commands",
           "counter_app.cli"},
    "printing": {"PySide6", "shiboken6", "ui", "counter_app.services", "counter_app.commands"},
    "sync_server": {"PySide6", "shiboken6", "ui"},
    "counter_app.domain": {"PySide6", "ui", "db", "printing", "counter_app.services",
                           "sqlite3", "sqlite_utils"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violates(name: str, banned: set[str]) -> bool:
    return any(name == b or name.startswith(b + ".") for b in banned)


@pytest.mark.parametrize("package", list(FORBIDDEN))
def test_package_does_not_import_what_it_must_not(package):
    folder = ROOT / package.replace(".", "/")
    bad = []
    for path in folder.rglob("*.py"):
        if package == "counter_app" and "commands" in path.parts and path.name == "gui.py":
            continue  # the composition root's gui command starts ui/ lazily
        for name in imports_of(path):
            if violates(name, FORBIDDEN[package]):
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not bad, "\n".join(bad)


def test_only_ui_qt_imports_pyside6():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py")
                 if p.name != "qt.py" and any(violates(n, {"PySide6", "shiboken6"})
                                              for n in imports_of(p))]
    assert not offenders, offenders


def test_importing_the_core_loads_no_qt():
    code = ("import sys, importlib, pkgutil\n"
            "import counter_app, db, printing\n"
            "for pkg in (counter_app, db, printing):\n"
            "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            "        importlib.import_module(m.name)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui'))]\n"
            "print(bad)\n"
            "sys.exit(1 if bad else 0)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr


# A screen's ops.py runs on the DB worker and calls services only: no Qt, no storage.
SCREEN_OPS_FORBIDDEN = {"PySide6", "shiboken6", "ui.qt", "db", "sqlite3", "sqlite_utils"}


def screen_ops() -> list[Path]:
    return sorted((ROOT / "ui" / "pages").glob("*/ops.py"))


def test_every_screen_has_its_ops():
    assert {p.parent.name for p in screen_ops()} >= {"intake", "dossiers", "queue",
                                                      "citizen_forms"}


@pytest.mark.parametrize("path", screen_ops(), ids=lambda p: p.parent.name)
def test_screen_ops_use_services_only(path):
    bad = [name for name in imports_of(path) if violates(name, SCREEN_OPS_FORBIDDEN)]
    bad += [name for name in imports_of(path)
            if name.startswith("ui.") and not name.endswith(".ops")]
    text = path.read_text(encoding="utf-8")
    bad += [f"raw SQL: {word}" for word in ("conn.execute", ".execute(") if word in text]
    tree = ast.parse(text)
    bad += [f"private service call: {ast.unparse(n)}" for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and n.attr.startswith("_")
            and not n.attr.startswith("__") and isinstance(n.value, ast.Name)]
    assert not bad, f"{path.relative_to(ROOT)}: {bad}"


def test_importing_screen_ops_loads_no_qt():
    modules = [f"ui.pages.{p.parent.name}.ops" for p in screen_ops()]
    code = ("import sys, importlib\n"
            f"for m in {modules!r}:\n"
            "    importlib.import_module(m)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui.qt'))]\n"
            "print(bad)\n"
            "sys.exit(1 if bad else 0)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
