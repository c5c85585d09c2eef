"""The ``counter-app`` command, for administrators and scripts.

Conventions (architecture.md §5): ``--json`` prints exactly one JSON document
on stdout; messages go to stderr in Vietnamese; bad input exits 2 without a
traceback; an unexpected failure exits 1 and is logged.
"""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys
from pathlib import Path
from typing import Any, Callable

from counter_app import PRODUCT_NAME, __version__, logs, paths
from counter_app.argparse_vi import ViArgumentParser
from counter_app.errors import CounterError, LogFolderError, UserInputError
from db import failures

log = logging.getLogger(__name__)


class CliParser(ViArgumentParser):
    """argparse in Vietnamese (help and errors), exit code 2 on bad arguments."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"Lỗi: lệnh không hợp lệ ({message}).\n"
                         f"Xem hướng dẫn: {self.prog} --help\n")
        raise SystemExit(2)


class Output:
    """Where a command's result goes: one JSON document, or readable lines."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def result(self, data: Any, text: str | Callable[[], str]) -> None:
        if self.as_json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        else:
            sys.stdout.write((text() if callable(text) else text) + "\n")


def common_options() -> argparse.ArgumentParser:
    """--db/--config/--json, accepted before or after the subcommand."""
    p = ViArgumentParser(add_help=False)
    p.add_argument("--db", default=argparse.SUPPRESS, metavar="TỆP",
                   help="tệp cơ sở dữ liệu SQLite (mặc định: thư mục dữ liệu người dùng)")
    p.add_argument("--config", default=argparse.SUPPRESS, metavar="TỆP",
                   help="tệp cấu hình JSON (mặc định: thư mục cấu hình người dùng)")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                   help="in kết quả dạng JSON")
    p.add_argument("--user", default=argparse.SUPPRESS, metavar="TÊN_ĐĂNG_NHẬP",
                   help="làm với tư cách cán bộ này (mật khẩu: biến môi trường "
                        "COUNTER_APP_PASSWORD, hoặc nhập khi được hỏi); cần cho mọi lệnh "
                        "thay đổi dữ liệu, cấu hình")
    return p


def build_parser() -> CliParser:
    from counter_app.commands import (admin, audit, backup, calendar, catalogue, cccd,
                                      citizen_forms, database, dossier, forms, gui, printer,
                                      queue, rating, report, selftest, slip, sync)
    common = common_options()
    parser = CliParser(prog="counter-app", parents=[common],
                       description=f"{PRODUCT_NAME} {__version__}")
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}",
                        help="hiện số phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=CliParser)
    for module in (gui, database, admin, catalogue, calendar, cccd, queue, printer, dossier,
                   slip, forms, citizen_forms, report, rating, audit, sync, backup, selftest):
        module.register(sub, common)
    return parser


def resolve_paths(args: argparse.Namespace) -> None:
    """Fill in default paths. A --db without --config keeps its config beside it
    (``X.sqlite`` → ``X.config.json``), so a trial database never rewrites the
    real office configuration. An empty path or a folder as --db is refused."""
    db = getattr(args, "db", None)
    config = getattr(args, "config", None)
    for option, value in (("--db", db), ("--config", config)):
        if value is not None and not value.strip():
            raise UserInputError(f"Đường dẫn sau {option} đang trống. Hãy ghi đường dẫn "
                                 f"tệp, hoặc bỏ {option} để dùng tệp mặc định.")
    args.db = Path(db or paths.default_db_path())
    if args.db.is_dir():
        raise UserInputError(f"--db {args.db} là một thư mục, không phải tệp dữ liệu. Hãy "
                             f"ghi đường dẫn tệp, ví dụ --db {args.db / 'counter.sqlite'}.")
    if config:
        args.config = Path(config)
    elif db:
        args.config = args.db.with_name(args.db.stem + ".config.json")
    else:
        args.config = paths.default_config_path()
    args.json = getattr(args, "json", False)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "command", None) is None:
        args.command, args.handler = "gui", _default_gui
    try:
        resolve_paths(args)
        args.notices = _setup_logs(args)
        return args.handler(args, Output(args.json)) or 0
    except CounterError as exc:
        return _refused(exc)
    except sqlite3.OperationalError as exc:
        typed = failures.translate(exc, args.db if isinstance(args.db, Path) else None)
        if typed is None:
            return _unexpected(args)
        return _refused(typed)
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n")
        return 130
    except Exception:
        return _unexpected(args)


def _setup_logs(args: argparse.Namespace) -> tuple[CounterError, ...]:
    """Logs beside a given --db, else in the user log dir. An unwritable folder is a
    warning (on stderr, and in the GUI), not a reason to stop."""
    try:
        logs.setup(paths.default_log_dir() if not _portable(args) else args.db.parent / "logs")
    except LogFolderError as exc:
        sys.stderr.write(f"Cảnh báo: {exc}\n")
        return (exc,)
    return ()


def _refused(exc: CounterError) -> int:
    sys.stderr.write(f"Lỗi: {exc}\n")
    return exc.exit_code


def _unexpected(args: argparse.Namespace) -> int:
    log.exception("unexpected failure in %s", args.command)
    sys.stderr.write("Lỗi không mong đợi. Chi tiết đã được ghi vào tệp nhật ký; "
                     "hãy báo cho quản trị viên.\n")
    return 1


def _portable(args: argparse.Namespace) -> bool:
    """A --db given explicitly keeps the logs beside it (tests, portable installs)."""
    return args.db != paths.default_db_path()


def _default_gui(args: argparse.Namespace, out: Output) -> int:
    from counter_app.commands.gui import run_gui
    return run_gui(args, out)
