"""``counter-app gui --section``: the installer's support-desk shortcut opens "Công dân
không viết" after login; a section the officer's role lacks is ignored."""

import pytest

from counter_app.cli import build_parser
from counter_app.commands.gui import SECTIONS
from ui.main_window import SECTION_TITLES


@pytest.fixture
def shell(request, qtbot, worker, info):
    """conftest's shell, started with the section of the test's parameter."""
    from ui.shell import Shell
    s = Shell(worker, info, section=request.param)
    s.start()
    qtbot.waitUntil(lambda: s.login_dialog is not None and s.login_dialog.isVisible())
    yield s
    s.dispose()


def test_the_command_line_offers_exactly_the_main_window_sections():
    assert SECTIONS == tuple(key for key, _title in SECTION_TITLES)
    args = build_parser().parse_args(["gui", "--window", "counter", "--section",
                                      "citizen_forms"])
    assert args.section == "citizen_forms"


@pytest.mark.parametrize("shell", ["citizen_forms"], indirect=True)
def test_the_support_desk_lands_on_citizen_forms(shell, log_in):
    window = log_in("hotro")
    assert window.stack.currentWidget() is window.pages["citizen_forms"]
    assert window.nav.currentItem().text() == "Công dân không viết"


@pytest.mark.parametrize("shell", ["admin"], indirect=True)
def test_a_section_the_role_lacks_leaves_the_first_page(shell, log_in):
    window = log_in("canbo1")
    assert "admin" not in window.pages
    assert window.nav.currentRow() == 0
