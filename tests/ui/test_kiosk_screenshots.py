"""``python -m tools.screenshots queue`` renders the kiosk and the board on a demo office."""

from __future__ import annotations

from tools.screenshots import queue as screenshots_queue
from ui.qt import QPixmap


def test_kiosk_and_board_screenshots_are_written(qapp, tmp_path):
    assert screenshots_queue.main([str(tmp_path)]) == 0
    sizes = {p.name: (QPixmap(str(p)).width(), QPixmap(str(p)).height())
             for p in tmp_path.glob("*.png")}
    assert sizes["kiosk.png"] == sizes["kiosk-result.png"] == sizes["board.png"] == (1920, 1080)
    assert sizes["kiosk-portrait.png"] == (1080, 1920)
    assert sizes["kiosk-small-result.png"] == (1024, 768)
    assert "kiosk-print-failed.png" in sizes and "kiosk-priority.png" in sizes


def test_usage_error(qapp, capsys):
    assert screenshots_queue.main([]) == 2
    assert "Cách dùng" in capsys.readouterr().err
