"""``counter-app gui --window …``: the kiosk and the board open without a login, each with
its own database worker; the device role decides when no window is named."""

from __future__ import annotations

from counter_app import config as config_mod
from counter_app.cli import build_parser
from counter_app.commands import gui
from ui import app as app_module
from ui.public.board import BoardWindow
from ui.public.kiosk import KioskWindow
from ui.public.rating import RatingWindow
from ui.login import LoginDialog
from ui.qt import QApplication, QTimer


def visible(kind) -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def run_until(qapp, demo_paths, options, ready, timeout_ms: int = 20_000) -> tuple[int, dict]:
    """Run the real app; when ``ready(seen)`` is true, close every public window."""
    seen: dict = {}

    def drive():
        seen["login"] = seen.get("login", False) or bool(visible(LoginDialog))
        if ready(seen):
            for window in visible(KioskWindow) + visible(BoardWindow) + visible(RatingWindow):
                window.close_by_admin()
            return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: (seen.setdefault("timeout", True), qapp.exit(99)))
    watchdog.start(timeout_ms)
    code = app_module.run(*demo_paths, options=options)
    watchdog.stop()
    assert "timeout" not in seen
    return code, seen


def test_window_kiosk_opens_the_kiosk_without_login(qapp, demo_paths):
    def ready(seen):
        kiosks = visible(KioskWindow)
        if kiosks and kiosks[0].start_page.tiles:
            seen["tiles"] = len(kiosks[0].start_page.tiles)
            return True
        return False

    options = app_module.LaunchOptions(windows=("kiosk",), windowed=True)
    code, seen = run_until(qapp, demo_paths, options, ready)
    assert code == 0
    assert seen == {"login": False, "tiles": 6}


def test_window_display_opens_the_board_full_screen(qapp, demo_paths):
    def ready(seen):
        boards = visible(BoardWindow)
        if boards and boards[0].status is not None:
            seen["full_screen"] = boards[0].isFullScreen()
            seen["voice"] = boards[0].announcer.enabled
            return True
        return False

    options = app_module.LaunchOptions(windows=("display",), screens=(0,), voice=False)
    code, seen = run_until(qapp, demo_paths, options, ready)
    assert code == 0
    assert seen == {"login": False, "full_screen": True, "voice": False}


def test_window_rating_opens_the_rating_screen_of_its_counter(qapp, demo_paths):
    def ready(seen):
        screens = visible(RatingWindow)
        if screens and screens[0].ask_page.buttons:
            seen["counter"] = screens[0].counter
            return True
        return False

    options = app_module.LaunchOptions(windows=("rating",), windowed=True, counter=3)
    code, seen = run_until(qapp, demo_paths, options, ready)
    assert code == 0
    assert seen == {"login": False, "counter": 3}


def test_two_windows_in_one_process_each_with_its_own_worker(qapp, demo_paths):
    def ready(seen):
        kiosks, boards = visible(KioskWindow), visible(BoardWindow)
        if kiosks and boards and boards[0].status is not None:
            seen["workers"] = len({id(kiosks[0].worker), id(boards[0].worker)})
            return True
        return False

    options = app_module.LaunchOptions(windows=("kiosk", "display"), screens=(0, 7),
                                       voice=False, windowed=True)
    code, seen = run_until(qapp, demo_paths, options, ready)
    assert code == 0
    assert seen == {"login": False, "workers": 2}


def test_the_device_role_decides_when_no_window_is_named(qapp, demo_paths):
    db_path, config_path = demo_paths
    cfg = config_mod.load(config_path)
    cfg.device.role = "display"
    config_mod.save(cfg, config_path)

    def ready(seen):
        return bool(visible(BoardWindow))

    options = app_module.LaunchOptions(voice=False, windowed=True)
    code, seen = run_until(qapp, demo_paths, options, ready)
    assert code == 0 and seen["login"] is False


def test_the_command_line_becomes_launch_options(monkeypatch, tmp_path):
    received = {}

    def fake_run(db, config, first_start=None, options=None):
        received.update(db=db, options=options, first_start=first_start)
        return 0
    monkeypatch.setattr(app_module, "run", fake_run)
    args = build_parser().parse_args([
        "gui", "--db", str(tmp_path / "x.sqlite"), "--config", str(tmp_path / "c.json"),
        "--window", "kiosk", "--screen", "1", "--window", "display", "--screen", "2",
        "--no-voice", "--windowed"])
    assert gui.run_gui(args, None) == 0
    assert received["options"] == app_module.LaunchOptions(
        windows=("kiosk", "display"), screens=(1, 2), voice=False, windowed=True)
    assert received["options"].screen_for(5) == 2
    assert received["first_start"] is gui._first_start


def test_no_options_keep_the_counter_login(monkeypatch, tmp_path):
    received = {}
    monkeypatch.setattr(app_module, "run",
                        lambda db, config, first_start=None, options=None:
                        received.setdefault("options", options) and 0)
    args = build_parser().parse_args(["gui", "--db", str(tmp_path / "x.sqlite"),
                                      "--config", str(tmp_path / "c.json")])
    gui.run_gui(args, None)
    assert received["options"] == app_module.LaunchOptions()
    assert app_module.ROLE_WINDOWS["all-in-one"] == "counter"
    assert app_module.ROLE_WINDOWS["support"] == "counter"     # its login, then its page


def test_a_running_app_keeps_a_restore_out_and_takes_the_daily_backup(qapp, demo_paths,
                                                                      tmp_path):
    """The app holds the database's lock while it runs: a restore (another process in
    real life; the lock is per open file, so here too) is refused, nothing replaced.
    Its background thread writes today's backup beside the database."""
    from counter_app import daily_backup, restore
    from db import backup
    from db.connection import connect

    db, cfg = demo_paths
    conn = connect(db)
    snapshot = backup.take(conn, tmp_path / "snapshot.sqlite")
    conn.close()

    def ready(seen):
        if not visible(KioskWindow) or "refused" in seen:
            return "refused" in seen and bool(daily_backup.load_status(db).get("path"))
        try:
            restore.restore(db, cfg, snapshot)
        except restore.AppRunningError as exc:
            seen["refused"] = str(exc)
        return False

    options = app_module.LaunchOptions(windows=("kiosk",), windowed=True)
    code, seen = run_until(qapp, demo_paths, options, ready)
    assert code == 0
    assert "đang mở" in seen["refused"]
    assert not list(db.parent.glob("*.replaced-*"))
    written = daily_backup.load_status(db)["path"]
    assert backup.verify(written).ok
    assert restore.restore(db, cfg, snapshot).kept is not None     # closed: allowed
