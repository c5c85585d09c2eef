"""An officer disabled or given another role while working: at the next action the
window closes and the login asks again, saying why; the support officer sees only
the sections the permission table gives the role."""

from __future__ import annotations

from counter_app.services import officers, setup
from counter_app.services.core import Core


def _as_admin(demo_paths) -> Core:
    core = Core.open(*demo_paths)
    officers.authenticate(core, "admin", setup.DEMO_PASSWORD)
    return core


def test_a_role_change_ends_the_session_at_the_next_action(qtbot, shell, worker, log_in,
                                                           demo_paths):
    window = log_in("canbo1")
    officer_id = window.officer.id
    with _as_admin(demo_paths) as admin:
        officers.set_role(admin, officer_id, "support")
    window.open_section("dossiers")                  # its search is the next action
    qtbot.waitUntil(lambda: shell.login_dialog is not None and shell.login_dialog.isVisible(),
                    timeout=10_000)
    assert shell.main_window is None
    assert "đã kết thúc" in shell.login_dialog.error_label.text()
    assert worker.call(lambda core: core.officer) is None
    # Logging in again gives the new role's sections, from the table.
    window = log_in("canbo1")
    assert window.section_keys() == ["home", "dossiers", "citizen_forms"]
