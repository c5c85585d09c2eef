"""The permission table, through the services: every principal × every action.

Generated from counter_app/domain/permissions.py: each guarded service function
is called as each principal (the four officers' roles on real demo accounts, the
kiosk, the board, the command line without --user, the system) and as nobody,
and must be refused exactly where the table refuses. A service function taking
a Core without a guard, or a row naming no function, fails here.
"""

from __future__ import annotations

import importlib
import inspect
from datetime import date
import pkgutil

import pytest

import counter_app.services
from counter_app.domain import permissions
from counter_app.domain.permissions import PERMISSIONS, Device, allowed
from counter_app.domain.roles import Role
from counter_app.errors import PermissionDenied, SessionEnded
from counter_app.services import calendar, officers
from counter_app.services.core import GUARDED, Core

# Rows that are a part of an action the function checks itself, each tested below.
CHECKED_INSIDE = {
    "officers.reset_password": "officers.change_password of someone else",
    "database.rebuild_projections": "counter-app db rebuild-projections",
}
# What no table may give to anyone but an administrator (a policy, written out by
# hand so that widening the table is a visible change here too).
ADMIN_ONLY = {
    "officers.create_officer", "officers.list_officers", "officers.set_role",
    "officers.set_active", "officers.reset_password", "office.define_counter",
    "office.define_service", "office_config.set_value", "office_config.set_values",
    "office_config.current", "printer_setup.test_ticket_printer", "database.rebuild_projections",
    "client.enroll", "catalogue.import_file", "catalogue.import_records",
    "calendar.set_day", "calendar.clear_day", "queue_config.update_service",
    "queue_config.define_priority", "queue_config.set_setting", "queue_config.set_policy",
    "ratings.set_scale", "backups.backup_to", "backups.restore",
}
# The issue's cases: who must be refused what.
REFUSED = [
    (Role.SUPPORT, "intake.receive"), (Role.SUPPORT, "queue.call_next"),
    (Role.SUPPORT, "queue.call_number"), (Role.SUPPORT, "dossiers.transfer"),
    (Role.SUPPORT, "dossiers.withdraw"), (Role.SUPPORT, "dossiers.stop"),
    (Role.LEADER, "codes.new_code"), (None, "citizens.lookup"),
    (None, "citizen_forms.render"), (Device.KIOSK, "dossiers.search"),
    (Device.BOARD, "queue.issue_ticket"), (Device.CONSOLE, "officers.set_role"),
    (Role.SUPPORT, "group_intake.receive_group"), (Role.SUPPORT, "slips.issue"),
    (Role.COUNTER, "reports.build"), (Device.RATING, "dossiers.search"),
    (Device.KIOSK, "ratings.rate_service"),
]
ACCOUNTS = {Role.ADMIN: "admin", Role.COUNTER: "canbo1", Role.SUPPORT: "hotro",
            Role.LEADER: "lanhdao"}


def _service_modules():
    for info in pkgutil.iter_modules(counter_app.services.__path__):
        yield importlib.import_module(f"counter_app.services.{info.name}")
    yield importlib.import_module("counter_app.sync.client")


def _acting(core: Core, principal) -> Core:
    """A Core on the same connection acting as ``principal`` (None: nobody)."""
    c = Core(core.conn, core.config, core.config_path, core.db_path, core.clock)
    if isinstance(principal, Role):
        row = core.conn.execute("SELECT id FROM officers WHERE username = ?",
                                (ACCOUNTS[principal],)).fetchone()
        c.officer = officers.get_officer(core, row["id"])
    else:
        c.device = principal
    return c


# Actions whose own check depends on the arguments: called with real ones.
REAL_ARGUMENTS = {
    # one's own password, with the old one (someone else's is reset_password)
    "officers.change_password": lambda core: (
        (core.officer.id if core.officer else "nobody", "matkhau-moi-1", "demo1234"), {}),
}


def _dummy_call(fn, core: Core):
    """Call ``fn`` with None for every argument it needs: the guard runs first,
    so a refusal shows whatever the arguments; what an allowed call then does
    with None does not matter here."""
    params = list(inspect.signature(fn).parameters.values())[1:]
    args = [None for p in params if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
    kwargs = {p.name: None for p in params if p.default is p.empty and p.kind is p.KEYWORD_ONLY}
    if fn.action in REAL_ARGUMENTS:
        args, kwargs = REAL_ARGUMENTS[fn.action](core)
    try:
        fn(core, *args, **kwargs)
    except PermissionDenied:
        return "refused"
    except Exception:  # noqa: BLE001 - anything past the guard counts as let through
        return "allowed"
    return "allowed"


def test_every_service_function_taking_a_core_is_guarded():
    unguarded = []
    for module in _service_modules():
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or \
                    fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params[:1] == ["core"] and not hasattr(fn, "action"):
                unguarded.append(f"{module.__name__}.{name}")
    assert unguarded == []


def test_every_row_names_a_guarded_function_or_a_check_inside_one():
    assert set(PERMISSIONS) - set(GUARDED) == set(CHECKED_INSIDE)
    assert set(GUARDED) - set(PERMISSIONS) == set(permissions.OPEN_ACTIONS)


def test_administration_is_for_administrators_only():
    for action in ADMIN_ONLY:
        assert PERMISSIONS[action] == {Role.ADMIN}, action


@pytest.mark.parametrize("principal", [*permissions.principals(), None],
                         ids=lambda p: str(p) if p else "nobody")
def test_matrix_through_the_services(core, principal):
    wrong = []
    for action, fn in sorted(GUARDED.items()):
        if action in permissions.OPEN_ACTIONS:
            continue
        expected = "allowed" if allowed(principal, action) else "refused"
        got = _dummy_call(fn, _acting(core, principal))
        if got != expected:
            wrong.append(f"{action}: {got}, table says {expected}")
    assert wrong == []


@pytest.mark.parametrize("principal,action", REFUSED, ids=lambda v: str(v))
def test_the_cases_of_the_issue_are_refused(core, principal, action):
    assert not allowed(principal, action)
    with pytest.raises(PermissionDenied):
        _dummy_call_raising(GUARDED[action], _acting(core, principal))


def _dummy_call_raising(fn, core):
    params = list(inspect.signature(fn).parameters.values())[1:]
    fn(core, *[None for p in params if p.default is p.empty
                and p.kind is p.POSITIONAL_OR_KEYWORD])


def test_set_role_and_set_day_with_real_arguments(core):
    """Refused to a counter officer and nothing recorded; done by the administrator."""
    target = core.conn.execute("SELECT id FROM officers WHERE username = 'canbo2'").fetchone()[0]
    before = core.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    counter = _acting(core, Role.COUNTER)
    with pytest.raises(PermissionDenied):
        officers.set_role(counter, target, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        calendar.set_day(counter, date(2027, 1, 4), "off", "Nghỉ thử")
    assert core.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before
    admin = _acting(core, Role.ADMIN)
    officers.set_role(admin, target, Role.LEADER)
    assert officers.get_officer(core, target).role == Role.LEADER


def test_reset_password_of_someone_else_is_the_administrators(core):
    target = core.conn.execute("SELECT id FROM officers WHERE username = 'canbo2'").fetchone()[0]
    with pytest.raises(PermissionDenied):
        officers.change_password(_acting(core, Role.LEADER), target, "matkhau-moi-1")
    officers.change_password(_acting(core, Role.ADMIN), target, "matkhau-moi-1")


def test_disabling_or_changing_the_role_ends_the_session_at_the_next_action(core):
    admin = _acting(core, Role.ADMIN)
    worker = _acting(core, Role.COUNTER)
    assert worker.officer is not None
    officers.set_role(admin, worker.officer.id, Role.SUPPORT)
    with pytest.raises(SessionEnded):
        calendar.load(worker)
    assert worker.officer is None          # logged out: the next action is refused too
    with pytest.raises(PermissionDenied):
        calendar.load(worker)
    other = _acting(core, Role.LEADER)
    officers.set_active(admin, other.officer.id, False)
    with pytest.raises(SessionEnded):
        calendar.load(other)


def test_sections_of_the_main_window_come_from_the_table():
    assert permissions.sections(Role.SUPPORT) == {"home", "citizen_forms", "dossiers"}
    assert permissions.sections(Role.LEADER) == {"home", "dossiers", "reports", "audit"}
    assert "queue" in permissions.sections(Role.COUNTER)
    assert "admin" in permissions.sections(Role.ADMIN)
    for role in Role:
        for section, action in permissions.SECTION_ACTIONS.items():
            assert (section in permissions.sections(role)) == allowed(role, action)
