"""A real PostgreSQL for the sync server's tests: a fresh database per module, a real
server process on a free 127.0.0.1 port, and the admin CLI run in-process.

Tests skip (with the reason) only when no PostgreSQL answers at 127.0.0.1:5432;
.ci/run installs and starts one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest

ADMIN_DSN = os.environ.get("COUNTER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
ROOT = Path(__file__).resolve().parents[2]


def postgres_or_skip() -> None:
    try:
        psycopg.connect(ADMIN_DSN, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        why = str(exc).strip().splitlines()[0][:160]
        pytest.skip(f"no PostgreSQL answers at {ADMIN_DSN} ({why}); .ci/run installs one")


@contextlib.contextmanager
def fresh_database():
    """DSN of a new, empty database with a unique name; dropped afterwards."""
    postgres_or_skip()
    name = f"counter_sync_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield ADMIN_DSN.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cli(*args: str) -> tuple[int, str, str]:
    """Run ``counter-sync-server`` in this process: (exit code, stdout, stderr)."""
    from sync_server.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse refusing the command line
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def cli_json(dsn: str, *args: str):
    code, out, err = cli(*args, "--dsn", dsn, "--json")
    assert code == 0, err
    return json.loads(out)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``counter-sync-server serve`` as a real process, which a test may SIGKILL and restart."""

    def __init__(self, dsn: str, *extra: str) -> None:
        self.dsn, self.port, self.extra = dsn, free_port(), extra
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "ServerProcess":
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sync_server", "serve", "--dsn", self.dsn,
             "--host", "127.0.0.1", "--port", str(self.port), *self.extra],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + self.proc.stderr.read().decode())
            try:
                if httpx.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("server did not answer within 30 s")

    def kill(self) -> None:
        """SIGKILL: no cleanup, no graceful shutdown."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()
