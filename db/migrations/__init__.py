"""Schema migrations (sqlite-utils ``Migrations``), one module per stage of the project.

Rules: never edit a migration that has shipped; add a new one (in the module of its
stage, or a new module imported last below). Each runs in a transaction with its record.
When you add one, add a fixture database for the previous version under
tests/fixtures/db (see tests/db/make_fixture.py). They apply in registration order,
which is the import order here.
"""

from __future__ import annotations

from db.migrations.base import MIGRATIONS
from db.migrations import first_release, field_readiness, sync, rules_2026, reports, office, slip_facts, credentials, fees, competent  # noqa: F401,E501  (order matters)


def known_names() -> list[str]:
    return [m.name for m in MIGRATIONS._migrations]


SCHEMA_VERSION = len(known_names())
