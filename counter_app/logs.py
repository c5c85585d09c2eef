"""Logging: a rotating file in the user log dir, with citizen data kept out.

Code never logs payloads or names; as a second guard, a filter masks long
digit runs (ID-card and phone numbers) and people's names (a run of capitalised
words that starts with a Vietnamese family name, with or without diacritics) in
every record, the text of a logged exception included. The files are the user's
alone (0600, folder 0700).
"""

from __future__ import annotations

import errno
import logging
import os
import logging.handlers
import re
from pathlib import Path

from counter_app.errors import LogFolderError

# 9+ digits: CCCD (12), old CMND (9), phone numbers (10–11).
_DIGITS = re.compile(r"(?<!\d)\d{9,12}(?!\d)")
FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"
LOG_FILE = "counter-app.log"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file (the first, and the new one after each rotation) is created
    readable by its owner only: exception texts may still carry a name."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


# The commonest family names (most of the population); a name whose family name is
# not here is not masked — this is a second guard, not the first.
_FAMILY = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đào "
           "Trịnh Mai Trương Lâm Tô Hà Cao Lưu Lương Tạ Thái Quách Vương Triệu Đoàn Văn Kiều "
           "Nguyen Tran Le Pham Hoang Huynh Vu Vo Dang Bui Do Ho Ngo Duong Ly Dinh Dao Trinh "
           "Truong Lam To Ha Luu Luong Ta Thai Quach Vuong Trieu Doan Van Kieu").split()
_CANDIDATE = re.compile(rf"\b(?:{'|'.join(_FAMILY)})(?:[ \t]+[^\W\d_]+){{1,5}}")


def _mask_name(match: re.Match) -> str:
    """The family name and the capitalised words after it (at least one) masked, the
    rest of the candidate run left as it was."""
    text = match.group(0)
    words = list(re.finditer(r"\S+", text))
    n = 1
    while n < len(words) and words[n].group(0)[0].isupper():
        n += 1
    if n < 2:
        return text
    return " ".join(w.group(0)[0] + "***" for w in words[:n]) + text[words[n - 1].end():]


def redact(text: str) -> str:
    text = _DIGITS.sub(lambda m: m.group(0)[:2] + "*" * (len(m.group(0)) - 2), text)
    return _CANDIDATE.sub(_mask_name, text)


class RedactFilter(logging.Filter):
    """Masks the message and, formatted here once, the exception text."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
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
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler: logging.Handler = PrivateRotatingFileHandler(
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
