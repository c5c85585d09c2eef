"""GUI tests: offscreen Qt, a fresh demo database per test, no thread left behind.

``demo_paths`` (a private copy of a demo office built once per session) comes
from tests/conftest.py.
"""

from __future__ import annotations

import os

# Before any QApplication exists; an explicit QT_QPA_PLATFORM (xcb under xvfb-run) wins.
# The offscreen screen is a ward PC's 1366×768 (ward-screen.json), not Qt's 800×600.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen:configfile="
                      + os.path.join(os.path.dirname(__file__), "ward-screen.json"))

import threading  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from counter_app.services import setup  # noqa: E402

HERE = Path(__file__).resolve().parent
WORKER_THREAD_PREFIX = "db-worker"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def styled_app(qapp):
    from ui.app import create_application
    return create_application()


@pytest.fixture(autouse=True)
def no_worker_threads_left():
    yield
    from ui import errors
    errors.close_message_boxes()
    alive = [t.name for t in threading.enumerate()
             if t.name.startswith(WORKER_THREAD_PREFIX) and t.is_alive()]
    assert not alive, f"database worker threads still running: {alive}"


@pytest.fixture
def worker(qapp, demo_paths):
    from ui.worker import DbWorker
    db_path, config_path = demo_paths
    w = DbWorker(db_path, config_path)
    w.start()
    yield w
    w.shutdown()


@pytest.fixture
def info(worker):
    from ui.session import read_session_info
    return worker.call(read_session_info)


@pytest.fixture
def shell(qtbot, worker, info):
    from ui.shell import Shell
    s = Shell(worker, info)
    s.start()
    qtbot.waitUntil(lambda: s.login_dialog is not None and s.login_dialog.isVisible())
    yield s
    s.dispose()


@pytest.fixture
def log_in(qtbot, shell):
    """Type into the real login dialog, click, and wait for the main window."""
    from ui.qt import Qt

    def do(username: str, password: str = setup.DEMO_PASSWORD):
        dialog = shell.login_dialog
        qtbot.keyClicks(dialog.username_edit, username)
        qtbot.keyClicks(dialog.password_edit, password)
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: shell.main_window is not None and shell.main_window.isVisible(),
                        timeout=10_000)
        return shell.main_window
    return do


@pytest.fixture
def desk(demo_paths):
    """A second connection, as another part of the office would have: canbo1 on a Core
    of its own (the intake desk)."""
    from counter_app.services import officers
    from counter_app.services.core import Core
    core = Core.open(*demo_paths)
    officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)
    yield core
    core.close()
