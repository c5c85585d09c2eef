"""The "app is running" lock: a restore must not swap the file under a running app.

A lock file beside the database (``<db>.lock``). The desktop app holds it shared
for as long as it runs (several windows' processes may share it); ``restore``
takes it exclusively, without waiting, and refuses when it cannot. The
operating system drops a lock when its process ends, however it ends, so a
crashed app leaves no stale lock behind (the file itself stays, empty).

On Windows there is no shared lock through ``msvcrt``: each app process locks the
first byte; a second app process on the same database goes without (the first
one's lock already keeps a restore out).
"""

from __future__ import annotations

import os
from pathlib import Path

from db.connection import PRIVATE_FILE

if os.name == "nt":     # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl


def lock_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".lock")


class AppLock:
    """``acquire(exclusive)`` → True when held; ``release()``."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._fd: int | None = None

    def acquire(self, exclusive: bool) -> bool:
        if self._fd is not None:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        except OSError:
            # No lock file can be made there (no such folder yet, read-only): nothing
            # can restore a database there either; opening it reports the real problem.
            return True
        try:
            if os.name == "nt":     # pragma: no cover
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if os.name == "nt":     # pragma: no cover
                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
            else:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "AppLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()
