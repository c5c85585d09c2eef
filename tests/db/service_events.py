"""Every event type the services can record, read from their source (an AST walk).

An event type is the third argument (or ``type=``) of ``NewEvent(...)``. It is
resolved from what the source says: a string, an f-string whose placeholders
are listed in ``EXPANSIONS``, a local variable assigned such values, or a
parameter of the enclosing function (then from every call of that function in
the services, e.g. ``_action_event(id, "ticket.call", …)``). Anything else is
reported as unresolved, so a new way of naming events cannot slip past.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import counter_app.services
from counter_app.domain import queue as queue_rules

SERVICES = Path(counter_app.services.__file__).parent
# Placeholders of f-string event types → every value they can take. ``action`` is
# checked against the queue's action table (queue.act → rules.check_action).
EXPANSIONS: dict[str, set[str]] = {"action": set(queue_rules.ACTIONS)}


@dataclass
class Scope:
    """A function seen in the services: its parameters and simple local assignments."""

    node: ast.FunctionDef | ast.AsyncFunctionDef
    where: str
    outer: "Scope | None"
    params: list[str] = field(init=False)
    assigned: dict[str, list[ast.expr]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        a = self.node.args
        self.params = [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
        for n in ast.walk(self.node):
            if isinstance(n, ast.Assign) and len(n.targets) == 1 \
                    and isinstance(n.targets[0], ast.Name):
                self.assigned.setdefault(n.targets[0].id, []).append(n.value)


@dataclass
class Found:
    types: set[str] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)


class _Index(ast.NodeVisitor):
    """Functions by name, calls with their enclosing scope, NewEvent type arguments."""

    def __init__(self) -> None:
        self.functions: dict[str, list[Scope]] = {}
        self.calls: list[tuple[ast.Call, Scope | None, str]] = []
        self.event_types: list[tuple[ast.expr | None, Scope | None, str]] = []
        self.scope: Scope | None = None
        self.module = ""

    def visit_FunctionDef(self, node) -> None:
        scope = Scope(node, f"{self.module}:{node.lineno}", self.scope)
        self.functions.setdefault(node.name, []).append(scope)
        self.scope = scope
        self.generic_visit(node)
        self.scope = scope.outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        where = f"{self.module}:{node.lineno}"
        self.calls.append((node, self.scope, where))
        if _called_name(node) == "NewEvent":
            arg = node.args[2] if len(node.args) > 2 else \
                next((k.value for k in node.keywords if k.arg == "type"), None)
            self.event_types.append((arg, self.scope, where))
        self.generic_visit(node)


def _called_name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _argument(call: ast.Call, scope: Scope, name: str) -> ast.expr | None:
    """The expression passed for parameter ``name`` of ``scope``'s function at ``call``."""
    for k in call.keywords:
        if k.arg == name:
            return k.value
    index = scope.params.index(name)
    if scope.params[:1] in (["self"], ["cls"]) and isinstance(call.func, ast.Attribute):
        index -= 1  # obj.method(a, …): ``self`` is not among the call's arguments
    return call.args[index] if 0 <= index < len(call.args) else None


class _Resolver:
    def __init__(self, index: _Index) -> None:
        self.index, self.found = index, Found()

    def resolve(self, expr: ast.expr | None, scope: Scope | None, where: str,
                depth: int = 0) -> set[str]:
        if expr is None or depth > 10:
            return self._unresolved(where, "no type argument" if expr is None else "too deep")
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.JoinedStr):
            return self._f_string(expr, where)
        if isinstance(expr, ast.IfExp):
            return self.resolve(expr.body, scope, where, depth + 1) | \
                self.resolve(expr.orelse, scope, where, depth + 1)
        if isinstance(expr, ast.Name):
            return self._name(expr.id, scope, where, depth)
        return self._unresolved(where, ast.unparse(expr))

    def _f_string(self, expr: ast.JoinedStr, where: str) -> set[str]:
        out = {""}
        for part in expr.values:
            if isinstance(part, ast.Constant):
                out = {o + str(part.value) for o in out}
            elif isinstance(part.value, ast.Name) and part.value.id in EXPANSIONS:
                out = {o + v for o in out for v in EXPANSIONS[part.value.id]}
            else:
                return self._unresolved(where, ast.unparse(expr))
        return out

    def _name(self, name: str, scope: Scope | None, where: str, depth: int) -> set[str]:
        while scope is not None:
            if name in scope.assigned:
                return set().union(*(self.resolve(v, scope, where, depth + 1)
                                     for v in scope.assigned[name]))
            if name in scope.params:
                return self._from_callers(scope, name, where, depth)
            scope = scope.outer
        return self._unresolved(where, name)

    def _from_callers(self, scope: Scope, name: str, where: str, depth: int) -> set[str]:
        fn = scope.node.name
        callers = [(c, s, w) for c, s, w in self.index.calls if _called_name(c) == fn]
        if not callers:
            return self._unresolved(where, f"{name} (parameter of {fn}, never called here)")
        return set().union(*(self.resolve(_argument(c, scope, name), s, w, depth + 1)
                             for c, s, w in callers))

    def _unresolved(self, where: str, what: str) -> set[str]:
        self.found.unresolved.append(f"{where}: {what}")
        return set()


def emitted_event_types(folder: Path = SERVICES) -> Found:
    """The event types the services under ``folder`` can record, and what could not be read."""
    index = _Index()
    for path in sorted(folder.rglob("*.py")):
        index.module = str(path.relative_to(folder.parent.parent))
        index.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    resolver = _Resolver(index)
    for expr, scope, where in index.event_types:
        resolver.found.types |= resolver.resolve(expr, scope, where)
    return resolver.found
