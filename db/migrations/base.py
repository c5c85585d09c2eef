"""The migrations' register and how a migration runs its SQL."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("counter_app")


def run_sql(db: Database, sql: str) -> None:
    """Run statements one by one (executescript() would COMMIT the migration's
    transaction); a trigger body's inner ";" does not end its statement."""
    buffer = ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                db.execute(buffer)
            buffer = ""
    if buffer.strip(" \n;"):
        db.execute(buffer)
