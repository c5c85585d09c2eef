"""Giới thiệu: product, version and the facts support staff ask for."""

from __future__ import annotations

import html
import platform

from counter_app import PRODUCT_LONG_NAME, PRODUCT_NAME, __version__
from ui import errors
from ui.qt import (PYSIDE_VERSION, QDialog, QDialogButtonBox, QLabel, Qt, QVBoxLayout,
                   QWidget, qVersion)
from ui.session import SessionInfo


class AboutDialog(QDialog):
    """Modeless box; the details are selectable so they can be read out or pasted."""

    def __init__(self, info: SessionInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Giới thiệu {product}").format(product=PRODUCT_NAME))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        title = QLabel(PRODUCT_NAME)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addWidget(QLabel(PRODUCT_LONG_NAME))
        self._rows = self.rows(info)
        self.details = QLabel(self._details_html())
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.AcceptRole)
        close.clicked.connect(self.accept)
        layout.addWidget(buttons)

    def rows(self, info: SessionInfo) -> list[tuple[str, str]]:
        return [
            (self.tr("Phiên bản"), __version__),
            (self.tr("Cơ sở dữ liệu"), str(info.db_path)),
            (self.tr("Phiên bản lược đồ dữ liệu"), str(info.schema_version)),
            (self.tr("Mã thiết bị"), info.device_id),
            (self.tr("Tệp cấu hình"), str(info.config_path)),
            (self.tr("Tệp nhật ký"), errors.log_location_text()),
            (self.tr("Nền tảng"), f"Python {platform.python_version()}, Qt {qVersion()}, "
                                  f"PySide6 {PYSIDE_VERSION}"),
        ]

    def _details_html(self) -> str:
        cells = "".join(
            f"<tr><td style='padding:2px 12px 2px 0'><b>{html.escape(k)}</b></td>"
            f"<td style='padding:2px 0'>{html.escape(v)}</td></tr>"
            for k, v in self._rows)
        return f"<table>{cells}</table>"

    def text(self) -> str:
        """Everything shown, as plain text (for tests and for copying)."""
        lines = [PRODUCT_NAME, PRODUCT_LONG_NAME] + [f"{k}: {v}" for k, v in self._rows]
        return "\n".join(lines)
