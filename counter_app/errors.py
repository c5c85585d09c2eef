"""Typed errors of the core. Each carries a Vietnamese message for the user.

The UI and the CLI map these types to dialogs and exit codes; nobody matches on
message text.
"""

from __future__ import annotations


class CounterError(Exception):
    """Base: an expected failure the user can act on. ``str()`` is Vietnamese."""

    exit_code = 2


class UserInputError(CounterError):
    """Bad input from a person or a script (CLI exit code 2)."""


class DatabaseError(CounterError):
    """The database file cannot be used as it is."""


class NotADatabaseError(DatabaseError):
    pass


class ForeignDatabaseError(DatabaseError):
    """An SQLite file that belongs to some other program."""


class DatabaseTooNewError(DatabaseError):
    """Made by a newer version of the app: refuse rather than damage it."""


class DatabaseBusyError(DatabaseError):
    """Another process held the write lock past the busy timeout: try again later."""

    exit_code = 3


class DiskFullError(DatabaseError):
    """SQLite could not grow the file (SQLITE_FULL): nothing of the action was written."""


class ReadOnlyDatabaseError(DatabaseError):
    """The file or its folder cannot be written (permissions, read-only medium)."""


class DatabaseReplacedError(DatabaseError):
    """The file at the path is no longer the one this process opened (deleted or
    replaced underneath it); writing on would go into a file nobody reads."""


class ConfigError(CounterError):
    pass


class InvalidConfigError(ConfigError):
    """Wrong keys in the config file; ``problems`` name each (``config_check.Problem``)."""

    def __init__(self, path, problems) -> None:
        self.path = path
        self.problems = list(problems)
        where = f"Tệp cấu hình {path}" if path else "Cấu hình"
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"{where} có mục sai (tệp được giữ nguyên, không tự thay bằng mặc định):\n"
            f"{lines}\nHãy sửa bằng lệnh: counter-app config set KHÓA GIÁ_TRỊ "
            "(xem các mục: counter-app config show).")


class LogFolderError(CounterError):
    """The log folder cannot be created or written; the app runs on without a log file."""


class AuthError(CounterError):
    """Wrong user name or password, or a disabled account."""


class PermissionDenied(CounterError):
    pass


class SessionEnded(PermissionDenied):
    """The logged-in officer was disabled or given another role: log in again."""


class NotFound(CounterError):
    pass


class NoDisplayError(CounterError):
    """No graphical session to open a window in (Linux without DISPLAY/WAYLAND_DISPLAY)."""
