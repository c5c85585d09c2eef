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


class ConfigError(CounterError):
    pass


class AuthError(CounterError):
    """Wrong user name or password, or a disabled account."""


class PermissionDenied(CounterError):
    pass


class NotFound(CounterError):
    pass
