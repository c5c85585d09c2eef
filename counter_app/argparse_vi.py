"""argparse in Vietnamese: help, usage and argument errors.

argparse looks its messages up through the module-level ``_``/``ngettext``
(gettext) each time it builds one. ``ViArgumentParser`` swaps in a Vietnamese
catalogue only while one of its own methods runs (building, parsing, help), so
other argparse users in the same process are untouched. A message missing from
the catalogue (a newer Python's wording) stays English: tests/core/test_cli_vi.py
catches it.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
from typing import Iterator

MESSAGES = {
    "usage: ": "Cách dùng: ",
    "options": "tùy chọn",
    "positional arguments": "tham số",
    "subcommands": "lệnh con",
    "%(heading)s:": "%(heading)s:",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn %(option)s không rõ, có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng tham số %s",
    "ignored explicit argument %r": "tham số %r không nhận giá trị",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
}
PLURALS = {
    "expected %s argument": "cần %s giá trị",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        return PLURALS[singular]
    return singular if n == 1 else plural


@contextlib.contextmanager
def vietnamese() -> Iterator[None]:
    """argparse speaks Vietnamese inside; re-entrant (a subparser parses within its parent)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _in_vietnamese(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with vietnamese():
            return method(*args, **kwargs)
    return wrapper


class ViArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts (group titles, -h, usage, errors) are Vietnamese.
    Subparsers are of the same class (argparse's default ``parser_class``)."""

    __init__ = _in_vietnamese(argparse.ArgumentParser.__init__)
    add_argument = _in_vietnamese(argparse.ArgumentParser.add_argument)
    add_subparsers = _in_vietnamese(argparse.ArgumentParser.add_subparsers)
    parse_args = _in_vietnamese(argparse.ArgumentParser.parse_args)
    parse_known_args = _in_vietnamese(argparse.ArgumentParser.parse_known_args)
    format_usage = _in_vietnamese(argparse.ArgumentParser.format_usage)
    format_help = _in_vietnamese(argparse.ArgumentParser.format_help)
    error = _in_vietnamese(argparse.ArgumentParser.error)
