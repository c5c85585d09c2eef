"""Database failures during work reach the officer as the Vietnamese error box
(``ui.errors``), caused for real on the worker's own connection."""

import os
import sqlite3
from functools import partial

from counter_app.domain.roles import Role
from counter_app.errors import LogFolderError
from counter_app.services import officers, setup
from ui import app as app_module
from ui import errors
from ui.public.kiosk import KioskWindow
from ui.qt import QApplication, QTimer


def add_officer(core, username):
    officers.create_officer(core, username, "Cán bộ Mới", Role.COUNTER, "mat-khau-123")


def as_admin(worker):
    worker.call(lambda core: officers.authenticate(core, "admin", setup.DEMO_PASSWORD))


def box_texts():
    return [b.text() for b in errors.open_message_boxes()]


def test_a_locked_database_shows_its_own_message(qtbot, worker, demo_paths):
    as_admin(worker)
    worker.call(lambda core: core.conn.execute("PRAGMA busy_timeout=200"))
    holder = sqlite3.connect(demo_paths[0], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        worker.run_op(partial(add_officer, username="moi"))
        qtbot.waitUntil(lambda: bool(errors.open_message_boxes()), timeout=5000)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "đang bị một chương trình khác giữ để ghi" in box_texts()[0]


def test_a_deleted_database_file_stops_writes_with_a_message(qtbot, worker, demo_paths):
    as_admin(worker)
    os.remove(demo_paths[0])
    worker.run_op(partial(add_officer, username="moi"))
    qtbot.waitUntil(lambda: bool(errors.open_message_boxes()), timeout=5000)
    assert "đã bị xóa trong lúc phần mềm đang chạy" in box_texts()[0]
    assert not demo_paths[0].exists()


def test_a_log_folder_notice_is_shown_once_the_window_is_open(qapp, demo_paths):
    notice = LogFolderError("Không ghi được nhật ký vào thư mục /x (không có quyền ghi).")
    seen = []

    def drive():
        kiosks = [w for w in QApplication.topLevelWidgets()
                  if isinstance(w, KioskWindow) and w.isVisible()]
        if kiosks and errors.open_message_boxes():
            seen.extend(box_texts())
            kiosks[0].close_by_admin()
            return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    options = app_module.LaunchOptions(windows=("kiosk",), windowed=True, notices=(notice,))
    assert app_module.run(*demo_paths, options=options) == 0
    assert seen == [str(notice)]
