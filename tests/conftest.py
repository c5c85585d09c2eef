"""Shared fixtures: a fresh demo database per test, copied from a template built once.

The suite never writes into the real HOME: before anything is imported, python-escpos's
capability cache (ESCPOS_CAPABILITIES_PICKLE_DIR) and the per-user folders platformdirs
gives on Linux (config, data, cache, state: default databases, logs, Qt settings) point
into one private folder for the run, inherited by every subprocess a test starts.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

PRIVATE_HOME = Path(tempfile.mkdtemp(prefix="counter-app-tests-"))
atexit.register(shutil.rmtree, PRIVATE_HOME, ignore_errors=True)
(PRIVATE_HOME / "escpos").mkdir()
os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(PRIVATE_HOME / "escpos")
for _var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(PRIVATE_HOME / _var.lower())
# The demo accounts' password, for the CLI commands a test runs with --user NAME.
os.environ["COUNTER_APP_PASSWORD"] = "demo1234"

import pytest  # noqa: E402

from counter_app.services.core import Core  # noqa: E402
from counter_app.services.setup import initialise  # noqa: E402


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


def pytest_sessionfinish(session, exitstatus) -> None:
    """After the run, no log file the app wrote holds a citizen's ID number, phone number
    or name unmasked (issue 15): every line must read the same after ``logs.redact``.
    The tests feed the app real card data, so a path that logs around the filter shows
    here. A leak fails the run, naming the file and the line."""
    from counter_app import logs
    factory = getattr(session.config, "_tmp_path_factory", None)
    roots = [PRIVATE_HOME] + ([factory.getbasetemp()] if factory is not None else [])
    leaks = []
    for root in roots:
        for path in Path(root).rglob(f"{logs.LOG_FILE}*"):
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            leaks += [f"{path}: {line[:200]}" for line in lines if logs.redact(line) != line]
    if leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(f"{len(leaks)} log line(s) with personal data unmasked:",
                                red=True)
            for leak in leaks[:20]:
                reporter.write_line("  " + leak)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
