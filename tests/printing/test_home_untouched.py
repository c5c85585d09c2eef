"""The test suite never writes into the real HOME (python-escpos's capability cache)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_ticket_print_in_the_suite_creates_nothing_in_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    out = tmp_path / "ticket.bin"
    env = dict(os.environ, HOME=str(home), PYTHONIOENCODING="utf-8")
    r = subprocess.run([sys.executable, "-m", "counter_app", "--db", str(tmp_path / "x.sqlite"),
                        "printer", "test", f"file:{out}"], capture_output=True, text=True,
                       encoding="utf-8", env=env, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"\x1b@")      # a real ESC/POS ticket was made
    assert list(home.rglob("*")) == []
