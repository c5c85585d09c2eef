"""Re-enrolling from the admin page (Quản trị → Đăng ký lại máy…), against the real sync
server on loopback: a PC restored offline from an old backup that recorded a dossier
before it synced is refused by the sync; the dialog gives it a new device id, the
dossier goes out under it and the status bar reports a good sync."""

from __future__ import annotations

import threading

import psycopg
import pytest

from counter_app.services.core import Core
from counter_app.sync import client
from counter_app.sync.loop import THREAD_NAME
from db import backup, event_store
from db.connection import connect
from tests.core.test_reenroll import _intakes, _restore_out_of_reach
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.pg import cli_json
from tests.ui.test_sync_status import SYNC_WAIT_MS, new_identity
from ui.qt import Qt


def _sync(paths) -> client.SyncSummary:
    with Core.open(*paths, system=True) as core:
        return client.sync_once(core)


@pytest.fixture
def restored_pc(demo_paths, server, dsn, new_office, tmp_path):  # noqa: F811
    """The demo PC, enrolled, restored offline from a backup the server has moved past,
    with a dossier recorded since: (old device id, the new dossier's code)."""
    new_identity(*demo_paths)
    with Core.open(*demo_paths, system=True) as core:
        client.enroll(core, server.url, cli_json(dsn, "enroll-code", new_office())["code"])
    assert _sync(demo_paths).ok
    snapshot = tmp_path / "old.sqlite"
    conn = connect(demo_paths[0])
    backup.take(conn, snapshot)
    old_id = event_store.device_id(conn)
    conn.close()
    _intakes(demo_paths, 1, days_ago=1)
    assert _sync(demo_paths).ok
    _restore_out_of_reach(demo_paths, snapshot)
    _intakes(demo_paths, 1)
    refused = _sync(demo_paths)
    assert not refused.ok and "đăng ký lại" in refused.errors[0]["message"]
    return old_id


def test_administrator_reenrolls_a_restored_pc_from_the_admin_page(qtbot, restored_pc, dsn,  # noqa: F811
                                                                   log_in):
    window = log_in("admin")
    page = window.open_section("admin")
    qtbot.waitUntil(lambda: page.reenroll_button.isEnabled())     # an enrolled PC
    dialog = page.open_reenroll()
    qtbot.mouseClick(dialog.reenroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Đã đăng ký lại"),
                    timeout=SYNC_WAIT_MS)
    assert f"(mã cũ {restored_pc})" in dialog.message.text()
    assert "Đồng bộ chưa xong" not in dialog.message.text()
    assert not dialog.reenroll_button.isEnabled()
    qtbot.waitUntil(lambda: window.status.connection_label.text().startswith("Đã đồng bộ lúc "),
                    timeout=SYNC_WAIT_MS)
    new_id = dialog.message.text().split("mã thiết bị mới ")[1].split(" ")[0]
    assert new_id != restored_pc
    with psycopg.connect(dsn) as pg:
        assert pg.execute("SELECT replaced_by FROM devices WHERE id = %s",
                          (restored_pc,)).fetchone()[0] == new_id
        assert pg.execute("SELECT acked_seq > 0 FROM devices WHERE id = %s",
                          (new_id,)).fetchone()[0]
    dialog.close()
    window.logout()
    qtbot.waitUntil(lambda: THREAD_NAME not in [t.name for t in threading.enumerate()],
                    timeout=SYNC_WAIT_MS)
