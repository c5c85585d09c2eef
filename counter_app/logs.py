"""Logging: a rotating file in the user log dir, with citizen data kept out.

Code never logs payloads or names; as a second guard, a filter masks long
digit runs (ID-card and phone numbers) in every record.
"""

from __future__ import annotations

import errno
import logging
import logging.handlers
import re
from pathlib import Path

from counter_app.errors import LogFolderError

# 9+ digits: CCCD (12), old CMND (9), phone numbers (10–11).
_DIGITS = re.compile(r"(?<!\d)\d{9,12}(?!\d)")
FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"
LOG_FILE = "counter-app.log"


def redact(text: str) -> str:
    return _DIGITS.sub(lambda m: m.group(0)[:2] + "*" * (len(m.group(0)) - 2), text)


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


def setup(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the app's logs to a rotating file (5 × 2 MB); returns its path.

    A folder that cannot be made or written raises ``LogFolderError`` (the
    caller warns and runs on without a log file); nothing then reaches Python's
    last-resort handler, which would print tracebacks on stderr. A write that
    fails later (disk full) is dropped instead of printing a traceback."""
    logging.raiseExceptions = False
    path = log_dir / LOG_FILE
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError as exc:
        _install(logging.NullHandler(), level)
        raise LogFolderError(folder_message(log_dir, exc)) from None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactFilter())
    _install(handler, level)
    return path


def _install(handler: logging.Handler, level: int) -> None:
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(old)
        old.close()
    handler._counter_app = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)


def folder_message(log_dir: Path, exc: OSError) -> str:
    reasons = {errno.ENOSPC: "ổ đĩa đã đầy", errno.ENOTDIR: "đường dẫn không phải thư mục",
               errno.EEXIST: "đường dẫn không phải thư mục"}
    reason = reasons.get(exc.errno, "không có quyền ghi")
    return (f"Không ghi được nhật ký vào thư mục {log_dir} ({reason}). Phần mềm vẫn chạy "
            "nhưng không lưu nhật ký, nên khi có lỗi sẽ thiếu chi tiết để tra cứu. Hãy cấp "
            "quyền ghi cho thư mục này (hoặc giải phóng ổ đĩa) rồi mở lại phần mềm.")
