"""``python -m tools.screenshots citizen_forms`` renders the page on a fresh demo office."""

from __future__ import annotations

from tools.screenshots import citizen_forms as screenshots_citizen_forms
from tools.screenshots.common import WINDOW_SIZE
from ui.qt import QPixmap


def test_citizen_forms_screenshots_are_written(qapp, tmp_path):
    assert screenshots_citizen_forms.main([str(tmp_path)]) == 0
    for name in ("citizen-forms-start.png", "citizen-forms-problems.png",
                 "citizen-forms-filled.png", "citizen-forms-done.png",
                 "citizen-forms-intake.png"):
        image = QPixmap(str(tmp_path / name))
        assert (image.width(), image.height()) == WINDOW_SIZE, name
    assert QPixmap(str(tmp_path / "citizen-forms-preview.png")).width() > 300


def test_usage_error(qapp, capsys):
    assert screenshots_citizen_forms.main([]) == 2
    assert "Cách dùng" in capsys.readouterr().err
