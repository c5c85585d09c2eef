"""``ui.app.run``: start to exit code, and refusing a database it cannot open."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest

from counter_app.services import setup
from ui import app as app_module
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.qt import QApplication, QTimer


@pytest.fixture
def fatal_messages(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(app_module, "show_fatal", shown.append)
    return shown


def test_refuses_a_file_that_is_not_a_database(qapp, tmp_path, fatal_messages):
    bad = tmp_path / "counter.sqlite"
    bad.write_text("không phải cơ sở dữ liệu\n" * 10, encoding="utf-8")

    assert app_module.run(bad, tmp_path / "config.json") == 2

    assert len(fatal_messages) == 1
    assert fatal_messages[0].startswith("Không mở được cơ sở dữ liệu.")
    assert "không phải là cơ sở dữ liệu" in fatal_messages[0]
    assert bad.read_text(encoding="utf-8").startswith("không phải")


def test_refuses_a_database_from_a_newer_version(qapp, demo_paths, fatal_messages):
    db_path, config_path = demo_paths
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('counter_app', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()

    assert app_module.run(db_path, config_path) == 2
    assert "phiên bản phần mềm mới hơn" in fatal_messages[0]


def test_refuses_a_wrong_config_naming_the_key(qapp, demo_paths, fatal_messages):
    db_path, config_path = demo_paths
    cfg = json.loads(config_path.read_text(encoding="utf-8"))
    cfg["device"]["role"] = 3
    config_path.write_text(json.dumps(cfg), encoding="utf-8")
    before = config_path.read_bytes()

    assert app_module.run(db_path, config_path) == 2

    assert fatal_messages[0].startswith("Cấu hình của máy này có lỗi.")
    assert "device.role (vai trò máy): cần một chuỗi chữ" in fatal_messages[0]
    assert config_path.read_bytes() == before


def test_crash_hook_is_removed_after_run(qapp, tmp_path, fatal_messages):
    before = sys.excepthook
    (tmp_path / "x.sqlite").write_bytes(b"junk" * 100)
    app_module.run(tmp_path / "x.sqlite", tmp_path / "config.json")
    assert sys.excepthook is before


def _top_level(kind):
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, kind) and w.isVisible()), None)


def test_full_session_login_then_quit(qapp, demo_paths):
    """Drive the real event loop: log in as canbo1, see the window, close it: exit 0."""
    seen = {}

    def drive():
        dialog = _top_level(LoginDialog)
        window = _top_level(MainWindow)
        if window is not None and window.status.pending is not None:
            seen["title"] = window.windowTitle()
            seen["officer"] = window.status.officer_label.text()
            window.close()
            return
        if dialog is not None and dialog.login_button.isEnabled() and "typed" not in seen:
            seen["typed"] = True
            dialog.username_edit.setText("canbo1")
            dialog.password_edit.setText(setup.DEMO_PASSWORD)
            dialog.login_button.click()
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: (seen.setdefault("timeout", True), qapp.exit(99)))
    watchdog.start(20_000)
    code = app_module.run(*demo_paths)
    watchdog.stop()

    assert "timeout" not in seen
    assert code == 0
    assert seen["title"] == "Quầy Một cửa — UBND PHƯỜNG MẪU (DỮ LIỆU MẪU)"
    assert seen["officer"].startswith("Nguyễn Thị Lan (mẫu)")
