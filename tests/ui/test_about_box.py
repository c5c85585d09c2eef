"""Trợ giúp → Giới thiệu."""

from __future__ import annotations

import logging

from counter_app import PRODUCT_LONG_NAME, PRODUCT_NAME, __version__, logs
from db.migrations import SCHEMA_VERSION


def test_about_box_shows_version_and_support_facts(qtbot, log_in, info, tmp_path):
    log_path = logs.setup(tmp_path / "logs")
    try:
        window = log_in("canbo1")
        window.about_action.trigger()
        about = window.about_dialog
        qtbot.waitUntil(lambda: about is not None and about.isVisible())
        text = about.text()
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
            root.removeHandler(handler)
            handler.close()

    assert about.windowTitle() == f"Giới thiệu {PRODUCT_NAME}"
    assert PRODUCT_NAME in text and PRODUCT_LONG_NAME in text
    assert f"Phiên bản: {__version__}" in text
    assert f"Cơ sở dữ liệu: {info.db_path}" in text
    assert f"Mã thiết bị: {info.device_id}" in text
    assert f"Phiên bản lược đồ dữ liệu: {SCHEMA_VERSION}" in text
    assert f"Tệp nhật ký: {log_path}" in text
    assert __version__ in about.details.text()
