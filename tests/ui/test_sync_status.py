"""The status bar and the enrollment dialog against the real sync server on loopback:
"Đã đồng bộ lúc …" after the background worker synced, the reason changes wait when the
server is down, enrollment from the admin page; the worker's thread ends at logout."""

from __future__ import annotations

import threading

import pytest

from counter_app import config as config_mod
from counter_app.domain.ids import new_id
from counter_app.services.core import Core
from counter_app.sync import client
from counter_app.sync.loop import THREAD_NAME
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.pg import cli_json
from ui.qt import Qt

SYNC_WAIT_MS = 30_000


def new_identity(db_path, config_path) -> None:
    """The demo copy as a PC of its own (each test enrolls a device id never seen before)."""
    with Core.open(db_path, config_path, system=True) as core:
        core.conn.execute("UPDATE device_state SET device_id = ?, next_seq = 1, last_hash = '' "
                          "WHERE id = 1", (f"gui-{new_id()}",))


@pytest.fixture
def enrolled(demo_paths, server, dsn, new_office):  # noqa: F811
    new_identity(*demo_paths)
    code = cli_json(dsn, "enroll-code", new_office())["code"]
    with Core.open(*demo_paths, system=True) as core:
        return client.enroll(core, server.url, code)


def test_status_bar_shows_the_last_sync_then_why_changes_wait(qtbot, enrolled, server,  # noqa: F811
                                                              log_in):
    window = log_in("admin")
    status = window.status
    qtbot.waitUntil(lambda: status.connection_label.text().startswith("Đã đồng bộ lúc "),
                    timeout=SYNC_WAIT_MS)
    assert status.sync_loop is not None and status.sync_loop.running
    assert status.pending_label.text() == "Chờ đồng bộ: 0 thay đổi"
    assert status.sync_button.isVisible()
    server.kill()
    try:
        qtbot.mouseClick(status.sync_button, Qt.MouseButton.LeftButton)   # "Đồng bộ ngay"
        qtbot.waitUntil(lambda: status.pending_label.text().endswith("— mất kết nối máy chủ"),
                        timeout=SYNC_WAIT_MS)
        assert status.connection_label.text().startswith("Đã đồng bộ lúc ")  # the last success
        assert "Không kết nối được máy chủ đồng bộ" in status.pending_label.toolTip()
    finally:
        server.start()
    window.logout()
    qtbot.waitUntil(lambda: THREAD_NAME not in [t.name for t in threading.enumerate()],
                    timeout=SYNC_WAIT_MS)


def test_administrator_enrolls_from_the_admin_page(qtbot, demo_paths, server, dsn,  # noqa: F811
                                                   new_office, log_in):
    new_identity(*demo_paths)
    window = log_in("admin")
    qtbot.waitUntil(lambda: window.status.sync is not None)
    assert window.status.sync_loop is None            # not enrolled: no worker thread
    page = window.open_section("admin")
    dialog = page.open_enroll()
    qtbot.keyClicks(dialog.server_edit, server.url)
    qtbot.keyClicks(dialog.code_edit, "SAI0-SAI0-SAI0")
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Mã đăng ký không đúng" in dialog.message.text())
    assert dialog.isVisible() and dialog.enroll_button.isEnabled()
    dialog.code_edit.setText(cli_json(dsn, "enroll-code", new_office())["code"])
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.enroll_dialog is None, timeout=SYNC_WAIT_MS)   # closed: enrolled
    qtbot.waitUntil(lambda: window.status.connection_label.text().startswith("Đã đồng bộ lúc "),
                    timeout=SYNC_WAIT_MS)


def test_the_enroll_dialog_sets_the_pcs_role(qtbot, demo_paths, server, dsn,  # noqa: F811
                                             new_office, log_in):
    """Counter 1 of the demo re-enrolled as the support desk, then its role is kept."""
    new_identity(*demo_paths)
    window = log_in("admin")
    page = window.open_section("admin")
    dialog = page.open_enroll()
    qtbot.waitUntil(lambda: dialog.role() == "all-in-one" and dialog.counter_spin.value() == 1)
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("kiosk"))
    assert not dialog.counter_spin.isEnabled()          # a kiosk has no counter
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("support"))
    assert dialog.role_combo.currentText() == 'Bàn hỗ trợ "Công dân không viết"'
    dialog.counter_spin.setValue(4)
    dialog.server_edit.setText(server.url)
    dialog.code_edit.setText(cli_json(dsn, "enroll-code", new_office())["code"])
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.enroll_dialog is None, timeout=SYNC_WAIT_MS)
    cfg = config_mod.load(demo_paths[1])
    assert (cfg.device.role, cfg.device.counter_number) == ("support", 4)
    window.logout()
    qtbot.waitUntil(lambda: THREAD_NAME not in [t.name for t in threading.enumerate()],
                    timeout=SYNC_WAIT_MS)
