"""Logging: a rotating file in the user log dir, with citizen data kept out.

Code never logs payloads or names; as a second guard, a filter masks long
digit runs (ID-card and phone numbers) in every record.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

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
    """Send the app's logs to a rotating file (5 × 2 MB); returns its path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_counter_app", False)]:
        root.removeHandler(old)
        old.close()
    handler._counter_app = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return path
