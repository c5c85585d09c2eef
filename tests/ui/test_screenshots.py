"""``python -m ui.screenshots`` renders the app on a fresh demo office."""

from __future__ import annotations

from ui import screenshots
from ui.qt import QPixmap


def test_screenshots_are_written(qapp, tmp_path):
    assert screenshots.main([str(tmp_path)]) == 0
    main_window = QPixmap(str(tmp_path / "main-window.png"))
    assert (main_window.width(), main_window.height()) == screenshots.WINDOW_SIZE
    for name in ("login.png", "login-error.png", "admin.png", "about.png"):
        assert QPixmap(str(tmp_path / name)).width() > 300


def test_usage_error(qapp, capsys):
    assert screenshots.main([]) == 2
    assert "Cách dùng" in capsys.readouterr().err
