"""The counter window opens maximised the first time and where it was left after that."""

from __future__ import annotations

import pytest

from counter_app.services import officers, setup
from counter_app.services.core import Core
from ui.main_window import SETTINGS_KEY, MainWindow
from ui.window_state import forget


@pytest.fixture
def officer(demo_paths):
    with Core.open(*demo_paths) as core:
        return officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)


@pytest.fixture
def open_window(qtbot, worker, info, officer):
    forget(SETTINGS_KEY)
    opened = []

    def open_() -> MainWindow:
        window = MainWindow(worker, info, officer)
        qtbot.addWidget(window)
        window.show_remembered()
        qtbot.waitExposed(window)
        opened.append(window)
        return window
    yield open_
    for window in opened:
        window.status.stop()
    forget(SETTINGS_KEY)


def close(qtbot, window: MainWindow) -> None:
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_first_start_is_maximised(open_window):
    assert open_window().isMaximized()


def test_a_moved_and_resized_window_comes_back_there(qtbot, open_window):
    window = open_window()
    window.showNormal()
    window.setGeometry(60, 40, 1000, 640)
    qtbot.waitUntil(lambda: window.size().width() == 1000)
    placed = window.geometry()
    close(qtbot, window)
    again = open_window()
    assert not again.isMaximized()
    assert again.geometry() == placed


def test_a_window_closed_maximised_opens_maximised(qtbot, open_window):
    window = open_window()
    window.showNormal()
    window.setGeometry(60, 40, 1000, 640)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    close(qtbot, window)
    assert open_window().isMaximized()


def test_the_shell_opens_the_window_as_remembered(log_in):
    forget(SETTINGS_KEY)
    assert log_in("canbo1").isMaximized()
