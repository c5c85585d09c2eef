"""Shared fixtures: a fresh demo database per test, copied from a template built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from counter_app.services.core import Core
from counter_app.services.setup import initialise


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("demo-template")
    initialise(base / "db.sqlite", base / "config.json", demo=True)
    return base


@pytest.fixture
def demo_paths(demo_template, tmp_path) -> tuple[Path, Path]:
    """(db path, config path) of a private copy of the demo office."""
    for name in ("db.sqlite", "config.json"):
        shutil.copy(demo_template / name, tmp_path / name)
    return tmp_path / "db.sqlite", tmp_path / "config.json"


@pytest.fixture
def core(demo_paths):
    c = Core.open(*demo_paths, system=True)
    yield c
    assert not c.conn.in_transaction, "a command left a transaction open"
    c.close()


def table_dump(conn, tables) -> dict:
    """Every row of ``tables`` in a stable order, for comparing projections."""
    return {t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]
            for t in tables}
