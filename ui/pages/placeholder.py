"""A section whose functions are not built yet: it says so plainly."""

from __future__ import annotations

from ui.qt import QWidget
from ui.widgets.basics import muted, page_layout


class PlaceholderPage(QWidget):
    """Title and one honest sentence; replaced section by section by later work."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = page_layout(self, title)
        self.message = muted(self.tr(
            "Chức năng này đang được xây dựng trong bản cập nhật tới."))
        layout.addWidget(self.message)
        layout.addStretch(1)
