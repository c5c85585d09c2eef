"""`counter-app --help` and argument errors speak Vietnamese: none of argparse's English."""

import argparse
import os
import re
import subprocess
import sys

import pytest

from counter_app.cli import CliParser, build_parser
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
    (["officer", "add"], "thiếu tham số bắt buộc: TÊN_ĐĂNG_NHẬP, --name, --role"),
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


# English placeholders an officer would meet in a usage line or a help text. Option names
# (--name, --date), subcommand names, choices and printer schemes (file:…) are interfaces
# that scripts type, so they are taken out before the words are checked.
ENGLISH_WORDS = {"NAME", "ROLE", "PASSWORD", "USERNAME", "CODE", "FILE", "PATH", "URL", "DATE",
                 "NUMBER", "KEY", "VALUE", "TEXT", "FOLDER", "REASON", "YEAR", "HOST", "PORT",
                 "HOURS", "SERVICE", "DEVICE", "OFFICE", "USAGE", "OPTIONS"}
ENGLISH_PHRASES = re.compile(r"show this help|positional arguments|optional arguments",
                             re.IGNORECASE)
INTERFACE = re.compile(r"--[\w-]+|\{[^}]*\}|\b[a-z0-9]+:(?=\S)")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def walk(parser: argparse.ArgumentParser, prog: str):
    """(prog, parser) for a parser and every subcommand below it."""
    yield prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, f"{prog} {name}")


def english_in(prog: str, parser: argparse.ArgumentParser) -> list[str]:
    allowed = set(prog.split())
    for action in parser._actions:
        allowed.update(str(c) for c in (action.choices or ()))
    text = INTERFACE.sub(" ", parser.format_help())
    words = [w.rstrip(".") for w in WORD.findall(text)]
    return ENGLISH_PHRASES.findall(text) + [
        w for w in words if w.upper() in ENGLISH_WORDS and w not in allowed]


def both_parsers():
    from sync_server.cli import build_parser as server_parser
    yield from walk(build_parser(), "counter-app")
    yield from walk(server_parser(), "counter-sync-server")


def test_no_english_placeholder_in_any_usage_or_help():
    found = {prog: words for prog, parser in both_parsers() if (words := english_in(prog, parser))}
    assert not found, found


def test_every_argument_says_what_it_is_in_vietnamese():
    missing = [(prog, action.dest) for prog, parser in both_parsers()
               for action in parser._actions
               if not action.help and not isinstance(action, argparse._SubParsersAction)]
    assert not missing, missing


def test_the_english_check_sees_placeholders_and_argparse_words():
    parser = CliParser(prog="x")
    parser.add_argument("username", help="tên đăng nhập")
    parser.add_argument("--out", metavar="FILE", help="tệp, ví dụ file:/tmp/a")
    parser.add_argument("--date", choices=["code"], help="ngày")
    assert sorted(set(english_in("x", parser))) == ["FILE", "username"]
    english = argparse.ArgumentParser(prog="x")
    assert {w.lower() for w in english_in("x", english)} == {"usage", "options", "show this help"}


def test_other_argparse_users_in_the_process_stay_untouched():
    build_parser().format_help()
    assert argparse.ArgumentParser(prog="x").format_help().startswith("usage: x")
