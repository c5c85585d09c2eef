"""`counter-app --help` and argument errors speak Vietnamese: none of argparse's English."""

import argparse
import os
import re
import subprocess
import sys

import pytest

from counter_app.cli import build_parser
from tests.test_docs import commands

# argparse's own words (3.11–3.13), which must never reach an officer.
ENGLISH = re.compile(
    r"usage:|options:|positional arguments|optional arguments|show this help|"
    r"show program's|the following arguments|required|invalid|choose from|unrecognized|"
    r"expected|error:|argument|ambiguous|not allowed|default:", re.IGNORECASE)


def run(*args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "counter_app", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


@pytest.mark.parametrize("args", [["--help"], ["officer", "add", "--help"],
                                  ["dossier", "--help"]], ids=" ".join)
def test_help_is_vietnamese(args):
    r = run(*args)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Cách dùng: counter-app")
    assert "tùy chọn:" in r.stdout and "hiện hướng dẫn này rồi thoát" in r.stdout
    assert not ENGLISH.findall(r.stdout), r.stdout


@pytest.mark.parametrize("args,words", [
    (["officer", "add"], "thiếu tham số bắt buộc: username, --name, --role"),
    (["gui", "--window", "tivi"], "lựa chọn không hợp lệ: 'tivi'"),
    (["db", "check", "--khong-co"], "tham số không nhận ra: --khong-co"),
    (["officer", "list", "--db"], "tham số --db: cần một giá trị"),
    (["gui", "--screen", "hai"], "giá trị không hợp lệ: 'hai'"),
    (["officer"], "thiếu tham số bắt buộc: LỆNH"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_argument_errors_are_vietnamese_and_exit_2(args, words):
    r = run(*args)
    assert r.returncode == 2
    assert words in r.stderr and "Traceback" not in r.stderr
    assert not ENGLISH.findall(r.stderr), r.stderr
    assert r.stdout == ""


def test_every_subcommand_help_is_vietnamese():
    parser = build_parser()
    subparsers = {"counter-app": parser}
    for name in commands(parser):
        words = name.split()[1:]
        sub = parser
        for word in words:
            action = next(a for a in sub._actions if isinstance(a, argparse._SubParsersAction))
            sub = action.choices[word]
        subparsers[name] = sub
    for name, sub in subparsers.items():
        text = sub.format_help()
        assert text.startswith(f"Cách dùng: {name}"), name
        assert not ENGLISH.findall(text), (name, ENGLISH.findall(text))


def test_other_argparse_users_in_the_process_stay_untouched():
    build_parser().format_help()
    assert argparse.ArgumentParser(prog="x").format_help().startswith("usage: x")
