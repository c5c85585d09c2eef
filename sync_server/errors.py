"""Typed failures of the sync server's admin side; ``str()`` is Vietnamese."""

from __future__ import annotations


class ServerError(Exception):
    """An expected failure the administrator can act on (CLI exit code 2)."""

    exit_code = 2


class DatabaseUnavailable(ServerError):
    """PostgreSQL did not answer or refused the login: try again later (exit code 3)."""

    exit_code = 3


class NotMigrated(ServerError):
    """The database has no (or an older) sync schema: run ``migrate`` first."""
