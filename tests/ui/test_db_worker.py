"""The database worker: work on its thread, results on the GUI thread, failures routed."""

from __future__ import annotations

import logging
import threading

import pytest

from counter_app.errors import NotADatabaseError, UserInputError
from counter_app.services import office, officers
from counter_app.services.setup import DEMO_PASSWORD
from ui import errors
from ui.qt import QWidget
from ui.worker import THREAD_NAME, DbWorker


def test_result_is_delivered_on_the_gui_thread(qtbot, worker):
    seen = {}

    def op(core):
        seen["op_thread"] = threading.current_thread().name
        return len(office.list_services(core))

    def done(value):
        seen["value"] = value
        seen["callback_main"] = threading.current_thread() is threading.main_thread()

    worker.call(lambda core: officers.authenticate(core, "canbo1", DEMO_PASSWORD))
    future = worker.run_op(op, done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen == {"op_thread": seen["op_thread"], "value": 6, "callback_main": True}
    assert seen["op_thread"].startswith(THREAD_NAME)
    assert future.result() == 6


def test_failure_goes_to_on_failure_and_is_logged(qtbot, worker, caplog):
    failures = []

    def boom(core):
        raise RuntimeError("hỏng")

    with caplog.at_level(logging.INFO, logger="ui.worker"):
        worker.run_op(boom, lambda _: pytest.fail("no success expected"), failures.append)
        qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], RuntimeError)
    record = next(r for r in caplog.records if r.name == "ui.worker" and r.levelno == logging.ERROR)
    assert record.exc_info is not None


def test_expected_failure_is_logged_without_traceback(qtbot, worker, caplog):
    failures = []

    def refuse(core):
        raise UserInputError("Số quầy phải là số nguyên dương.")

    with caplog.at_level(logging.INFO, logger="ui.worker"):
        worker.run_op(refuse, on_failure=failures.append)
        qtbot.waitUntil(lambda: bool(failures))
    assert str(failures[0]) == "Số quầy phải là số nguyên dương."
    assert any(r.levelno == logging.INFO and "UserInputError" in r.getMessage()
               for r in caplog.records)


def test_default_failure_handler_shows_the_vietnamese_message(qtbot, worker):
    def refuse(core):
        raise UserInputError("Quầy số 1 đã có.")

    worker.run_op(refuse)
    qtbot.waitUntil(lambda: bool(errors.open_message_boxes()))
    box = errors.open_message_boxes()[0]
    assert box.text() == "Quầy số 1 đã có."
    assert not box.isModal()


def test_default_failure_handler_for_a_bug_shows_the_crash_box(qtbot, worker):
    worker.run_op(lambda core: 1 / 0)
    qtbot.waitUntil(lambda: bool(errors.open_message_boxes()))
    assert errors.open_message_boxes()[0].text().startswith("Đã xảy ra lỗi không mong đợi.")


def test_nothing_is_delivered_to_a_deleted_owner(qtbot, worker):
    owner = QWidget()
    calls = []
    gate = threading.Event()
    worker.run_op(lambda core: gate.wait(5), calls.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    gate.set()
    done = []
    worker.run_op(lambda core: None, done.append)
    qtbot.waitUntil(lambda: bool(done))
    assert calls == []


def _alive(obj) -> bool:
    from ui.qt import is_valid
    return is_valid(obj)


def test_operations_run_in_order(qtbot, worker):
    order = []
    for i in range(20):
        worker.run_op(lambda core, i=i: i, order.append)
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))


def test_shutdown_finishes_queued_work_closes_and_joins(qtbot, demo_paths):
    w = DbWorker(*demo_paths)
    w.start()
    finished = []
    w.run_op(lambda core: finished.append(core.conn.execute("SELECT 1").fetchone()[0]))
    w.shutdown()
    assert finished == [1]
    assert not w.is_open
    assert not any(t.name.startswith(THREAD_NAME) for t in threading.enumerate())
    assert w.run_op(lambda core: 1) is None
    w.shutdown()  # idempotent


def test_start_reports_why_the_database_cannot_be_opened(qtbot, tmp_path):
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_bytes(b"this is a text file, not SQLite\n" * 4)
    w = DbWorker(bad, tmp_path / "config.json")
    with pytest.raises(NotADatabaseError) as excinfo:
        w.start()
    w.shutdown()
    assert "không phải là cơ sở dữ liệu" in str(excinfo.value)
    assert bad.read_bytes().startswith(b"this is a text file")


def test_operations_before_start_fail_cleanly(qtbot, demo_paths):
    w = DbWorker(*demo_paths)
    failures = []
    try:
        w.run_op(lambda core: 1, on_failure=failures.append)
        qtbot.waitUntil(lambda: bool(failures))
        assert "chưa được mở" in str(failures[0])
    finally:
        w.shutdown()
