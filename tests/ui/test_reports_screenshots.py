"""``python -m tools.screenshots reports OUTDIR``: the leader's screens at a ward PC's size."""

from __future__ import annotations

from tools import screenshots
from ui.qt import QPixmap


def test_the_leaders_screens_are_pictured(qapp, tmp_path):
    assert screenshots.main(["reports", str(tmp_path), "--size", "1366x768"]) == 0
    for name in ("reports-today", "reports-period", "audit", "audit-dossier"):
        picture = QPixmap(str(tmp_path / f"{name}-1366x768.png"))
        assert (picture.width(), picture.height()) == (1366, 698), name
