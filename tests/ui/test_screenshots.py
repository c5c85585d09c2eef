"""``python -m tools.screenshots NAME OUTDIR`` renders the app on a fresh demo office."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools import screenshots
from tools.screenshots import common
from ui.qt import QPixmap

ROOT = Path(__file__).resolve().parents[2]


def test_screenshots_are_written(qapp, tmp_path):
    assert screenshots.main(["main", str(tmp_path)]) == 0
    main_window = QPixmap(str(tmp_path / "main-window.png"))
    assert (main_window.width(), main_window.height()) == common.WINDOW_SIZE
    for name in ("login.png", "login-error.png", "admin.png", "about.png"):
        assert QPixmap(str(tmp_path / name)).width() > 300


def test_usage_error(qapp, capsys):
    assert screenshots.main(["main"]) == 2
    assert "Cách dùng: python -m tools.screenshots main" in capsys.readouterr().err


def test_unknown_name_lists_the_names(capsys):
    assert screenshots.main([]) == 2
    assert screenshots.main(["khong-co", "out"]) == 2
    err = capsys.readouterr().err
    assert "Cách dùng: python -m tools.screenshots TÊN THƯ_MỤC_ẢNH" in err
    for name in ("main", "panel", "intake", "dossiers", "citizen_forms", "queue"):
        assert f"  {name} " in err


def test_runs_as_a_module_from_the_checkout():
    r = subprocess.run([sys.executable, "-m", "tools.screenshots"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "TÊN là một trong" in r.stderr


def test_tools_are_not_shipped():
    """The wheel packages ``ui`` and the core, never the developer tools."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    include = text.split("[tool.setuptools.packages.find]", 1)[1].split("\n\n", 1)[0]
    assert "ui*" in include and "tools" not in include


def test_size_option_pictures_the_window_maximised_on_that_screen(qapp, tmp_path):
    assert screenshots.main(["main", str(tmp_path), "--size", "1366x768"]) == 0
    picture = QPixmap(str(tmp_path / "main-window-1366x768.png"))
    assert (picture.width(), picture.height()) == (1366, 768 - 40 - 30)
    assert common.WINDOW_SIZE == (1280, 800)   # the next run is back to the default


def test_bad_size_is_refused(capsys):
    assert screenshots.main(["main", "out", "--size", "1366"]) == 2
    assert "Kích thước phải có dạng RộngxCao" in capsys.readouterr().err


def test_office_pictures_two_counters_and_the_board(qapp, tmp_path):
    """Counter 1, counter 2 and the board on one queue, at the screen size asked for."""
    assert screenshots.main(["office", str(tmp_path), "--size", "1366x768"]) == 0
    for name in ("office-counter-1", "office-counter-2"):
        picture = QPixmap(str(tmp_path / f"{name}-1366x768.png"))
        assert (picture.width(), picture.height()) == (1366, 768 - 40 - 30)
    board = QPixmap(str(tmp_path / "office-board-1366x768.png"))
    assert (board.width(), board.height()) == (1366, 768)
    assert QPixmap(str(tmp_path / "office-enroll-1366x768.png")).width() > 300
