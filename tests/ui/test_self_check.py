"""The Qt part of ``counter-app self-test`` on the real Qt of this environment."""

import sys

from ui.self_check import PLATFORM_PLUGINS, probe


def test_with_a_screen_the_application_is_opened_with_our_translation():
    detail = probe(True, sys.platform)
    assert "bản dịch tiếng Việt: có" in detail
    assert "mở được ứng dụng (offscreen" in detail
    wanted = next(v for k, v in PLATFORM_PLUGINS.items() if sys.platform.startswith(k))
    assert wanted in detail.split("plugin nền tảng: ")[1].split(";")[0].split(", ")


def test_without_a_screen_only_the_files_are_checked():
    detail = probe(False, "linux")
    assert detail.endswith("không có màn hình: chưa thử mở ứng dụng")
