"""The main window: sections per role, home and admin pages, status bar, logout."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from datetime import datetime, timezone

import pytest

from counter_app.domain.clock import FixedClock
from counter_app.services import officers
from counter_app.services.setup import DEMO_PASSWORD
from db import event_store
from ui.main_window import MainWindow
from ui.pages.placeholder import PlaceholderPage
from ui.session import read_session_info
from ui.status_bar import PENDING_REFRESH_MS
from ui.worker import DbWorker


@pytest.mark.parametrize("username, sections", [
    ("hotro", ["home", "dossiers", "citizen_forms"]),
    ("lanhdao", ["home", "dossiers", "reports", "audit"]),
])
def test_each_role_sees_only_its_sections(log_in, username, sections):
    window = log_in(username)
    assert window.section_keys() == sections
    assert [window.nav.item(i).text() for i in range(window.nav.count())][0] == "Trang chủ"


def test_admin_sees_the_officers_counters_and_services(qtbot, log_in):
    window = log_in("admin")
    assert window.section_keys()[-1] == "admin"
    assert window.nav.item(window.nav.count() - 1).text() == "Quản trị"
    page = window.open_section("admin")

    qtbot.waitUntil(lambda: page.data is not None)
    table = page.officers_table
    assert table.rowCount() == 5
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(4)]
            for r in range(table.rowCount())}
    assert rows["canbo1"] == ["canbo1", "Nguyễn Thị Lan (mẫu)", "Công chức tiếp nhận",
                              "Đang hoạt động"]
    assert rows["admin"][2] == "Quản trị hệ thống"
    qtbot.waitUntil(lambda: page.queue_tab.setup is not None)
    assert page.counters_table.rowCount() == 3
    assert page.services_table.rowCount() == 6
    assert page.services_table.item(0, 4).text() == "Hộ tịch"
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers


def test_home_page_greets_the_officer_with_real_counts(qtbot, log_in):
    window = log_in("canbo1")
    home = window.pages["home"]
    qtbot.waitUntil(lambda: home.stats is not None)
    assert home.findChild(type(home.role_label), "pageTitle").text() == \
        "Xin chào, Nguyễn Thị Lan (mẫu)"
    assert home.role_label.text() == "Công chức tiếp nhận"
    assert home.counter_label.text() == "Quầy số 1"
    assert {k: label.text() for k, label in home.count_labels.items()} == \
        {"counters": "3", "services": "6", "officers": "5"}
    assert home.date_label.text().startswith(("Thứ", "Chủ Nhật"))


def test_home_page_date_is_today_in_vietnam(qtbot, demo_paths):
    # 2026-11-22 18:30 UTC is already Monday 23 November in Hà Nội.
    moment = datetime(2026, 11, 22, 18, 30, tzinfo=timezone.utc)
    worker = DbWorker(*demo_paths, clock=FixedClock(int(moment.timestamp() * 1000)))
    info = worker.start(read_session_info)
    officer = worker.call(lambda core: officers.authenticate(core, "canbo1", DEMO_PASSWORD))
    window = MainWindow(worker, info, officer)
    qtbot.addWidget(window)
    try:
        window.show()
        home = window.pages["home"]
        qtbot.waitUntil(lambda: home.stats is not None)
        assert home.date_label.text() == "Thứ Hai, ngày 23 tháng 11 năm 2026"
    finally:
        window.status.stop()
        worker.shutdown()


def test_unbuilt_sections_say_so(qtbot):
    page = PlaceholderPage("Mục mới")
    qtbot.addWidget(page)
    assert page.message.text() == "Chức năng này đang được xây dựng trong bản cập nhật tới."
    assert page.findChild(type(page.message), "pageTitle").text() == "Mục mới"


def test_the_leaders_sections_are_built(log_in):
    window = log_in("admin")
    assert not any(isinstance(p, PlaceholderPage) for p in window.pages.values())
    assert window.section_keys()[-3:] == ["reports", "audit", "admin"]


def test_no_counter_assigned(qtbot, worker, info):
    info = dataclasses.replace(info, counter_number=None)
    officer = worker.call(lambda core: officers.authenticate(core, "canbo1", DEMO_PASSWORD))
    window = MainWindow(worker, info, officer)
    qtbot.addWidget(window)
    assert window.status.counter_label.text() == "Chưa gán quầy"
    assert window.pages["home"].counter_label.text() == "Chưa gán quầy"
    window.status.stop()


def test_pending_sync_count_is_polled(qtbot, worker, log_in):
    window = log_in("canbo1")
    status = window.status
    assert status.timer.isActive()
    assert status.timer.interval() == PENDING_REFRESH_MS
    qtbot.waitUntil(lambda: status.pending is not None)
    before = status.pending
    from counter_app.services import officers
    worker.call(lambda core: officers.change_password(core, core.officer.id, "matkhaumoi1",
                                                      "demo1234"))
    status.timer.timeout.emit()
    qtbot.waitUntil(lambda: status.pending == before + 1)
    assert status.pending_label.text() == f"Chờ đồng bộ: {before + 1} thay đổi"
    assert worker.call(lambda core: event_store.pending_sync(core.conn)) == before + 1


def test_logout_returns_to_the_login_dialog(qtbot, shell, worker, log_in):
    window = log_in("canbo1")
    window.logout_action.trigger()

    qtbot.waitUntil(lambda: shell.login_dialog is not None and shell.login_dialog.isVisible())
    assert shell.main_window is None
    assert not window.isVisible()
    qtbot.waitUntil(lambda: worker.call(lambda core: core.officer) is None)
    second = log_in("admin")
    assert "admin" in second.section_keys()


def test_quit_finishes_the_session(qtbot, shell, log_in):
    window = log_in("canbo1")
    with qtbot.waitSignal(shell.finished, timeout=2_000):
        window.quit_action.trigger()
    assert not window.status.timer.isActive()


def test_menus_are_in_vietnamese(log_in):
    window = log_in("canbo1")
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["Tệp", "Trợ giúp"]
    assert window.logout_action.text().replace("&", "") == "Đăng xuất"
    assert window.quit_action.text().replace("&", "") == "Thoát"
    assert window.about_action.text().replace("&", "") == "Giới thiệu"


def test_admin_page_shows_the_event_log_intact_then_the_break_in_red(qtbot, log_in, demo_paths):
    window = log_in("admin")
    page = window.open_section("admin")
    qtbot.waitUntil(lambda: page.chain is not None)
    assert page.chain_label.text() == "Nhật ký sự kiện: nguyên vẹn"
    assert page.chain_label.objectName() != "error"
    intruder = sqlite3.connect(demo_paths[0])       # an edit made outside the app
    with intruder:
        intruder.execute("UPDATE events SET officer_id = 'x' WHERE device_seq = 3")
    intruder.close()
    page.chain = None
    page.refresh()
    qtbot.waitUntil(lambda: page.chain is not None)
    assert not page.chain.ok
    assert "sự kiện số 3 không khớp mã băm" in page.chain_label.text()
    assert page.chain_label.objectName() == "error"


def test_the_event_log_check_leaves_the_database_worker_free(qtbot, worker, log_in,
                                                             monkeypatch):
    """A million events take ~20 s to check: the check has a thread and connection of
    its own, and the window's database worker answers meanwhile."""
    from concurrent.futures import TimeoutError as FutureTimeout
    from db import chain
    from ui.pages import admin

    entered, release = threading.Event(), threading.Event()
    real_verify = chain.verify

    def slow_verify(conn):          # the real check, held until the worker has answered
        entered.set()
        release.wait(10)
        return real_verify(conn)

    monkeypatch.setattr(chain, "verify", slow_verify)
    window = log_in("admin")
    page = window.open_section("admin")
    assert entered.wait(10)
    try:
        assert worker.run_op(lambda core: core.device_id).result(timeout=2)
    except FutureTimeout:
        pytest.fail("the database worker waited behind the event log check")
    finally:
        release.set()
    qtbot.waitUntil(lambda: page.chain is not None)
    assert page.chain.ok
    qtbot.waitUntil(lambda: admin.CHAIN_THREAD_NAME not in
                    [t.name for t in threading.enumerate()])


@pytest.mark.parametrize("username, first", [("hotro", "citizen_forms"), ("admin", "citizen_forms"),
                                             ("lanhdao", "home")])
def test_the_support_desk_opens_on_its_own_work(qtbot, worker, info, username, first):
    """A PC enrolled as the support desk (device.role "support") opens on "Công dân không
    viết" for whoever may use it; who may not starts at home as anywhere."""
    info = dataclasses.replace(info, device_role="support")
    officer = worker.call(lambda core: officers.authenticate(core, username, DEMO_PASSWORD))
    window = MainWindow(worker, info, officer)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.pages[first]
    window.status.stop()
