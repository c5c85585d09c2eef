"""``python -m tools.screenshots intake`` renders the intake page on a fresh demo office."""

from __future__ import annotations

from tools.screenshots import intake as screenshots_intake
from tools.screenshots import intake_group as screenshots_group
from tools.screenshots.common import WINDOW_SIZE
from ui.qt import QPixmap


def test_intake_screenshots_are_written(qapp, tmp_path):
    assert screenshots_intake.main([str(tmp_path)]) == 0
    for name in ("intake-empty.png", "intake-card.png", "intake-done.png"):
        image = QPixmap(str(tmp_path / name))
        assert (image.width(), image.height()) == WINDOW_SIZE, name
    for name in ("intake-conflict.png", "intake-incomplete.png", "intake-preview.png",
                 "intake-address.png"):
        assert QPixmap(str(tmp_path / name)).width() > 300, name


def test_group_intake_screenshots_are_written(qapp, tmp_path):
    assert screenshots_group.main([str(tmp_path)]) == 0
    for name in ("intake-group.png", "intake-group-done.png"):
        image = QPixmap(str(tmp_path / name))
        assert (image.width(), image.height()) == WINDOW_SIZE, name


def test_usage_error(qapp, capsys):
    assert screenshots_intake.main([]) == 2
    assert "Cách dùng" in capsys.readouterr().err
