"""Fixtures: one migrated database and one running server per test module."""

from __future__ import annotations

import itertools

import httpx
import pytest

from tests.sync_server.pg import ServerProcess, cli_json, fresh_database

_offices = itertools.count(1)


@pytest.fixture(scope="module")
def dsn():
    with fresh_database() as url:
        cli_json(url, "migrate")
        yield url


@pytest.fixture(scope="module")
def server(dsn):
    proc = ServerProcess(dsn).start()
    yield proc
    proc.stop()


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture
def new_office(dsn):
    """Make a fresh office and return its code (tests in a module share the database)."""
    def make(name: str = "Phường thử nghiệm") -> str:
        code = f"OFF{next(_offices)}"
        cli_json(dsn, "office", "add", code, "--name", name)
        return code
    return make
