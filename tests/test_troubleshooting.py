"""docs/xu-ly-su-co.md lists every error message the code can show (it is generated
from the code: a new message without regenerating the page fails here)."""

from __future__ import annotations

from tools import troubleshooting


def test_the_troubleshooting_page_is_up_to_date():
    assert troubleshooting.main(["--check"]) == 0, \
        "run: python -m tools.troubleshooting (docs/xu-ly-su-co.md is out of date)"


def test_the_page_has_the_messages_users_meet():
    page = troubleshooting.render()
    for message in ("Sai tên đăng nhập hoặc mật khẩu.",
                    "Tên đăng nhập … đã được dùng.",
                    "Hãy ghi lý do (ví dụ: số công văn thông báo nghỉ bù)."):
        assert f"| {message} |" in page
    assert f"Tổng số thông báo: {len(troubleshooting.messages())}." in page


def test_every_message_has_advice_and_an_area():
    classes = troubleshooting.error_classes()
    for m in troubleshooting.messages():
        assert troubleshooting.advice(m, classes), m
        assert m.area in troubleshooting.AREAS
