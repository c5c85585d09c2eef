"""End to end against the third-party printer emulator emupos (PyPI, Python ≥ 3.13).

Optional: runs when an ``emupos`` executable is found, through the EMUPOS
environment variable or on PATH, e.g.
``python3.13 -m venv /opt/emupos && /opt/emupos/bin/pip install emupos`` then
``EMUPOS=/opt/emupos/bin/emupos pytest tests/printing/test_emupos.py``. ``.ci/run``
prepares such an environment in ``.ci-emupos`` (Python 3.13 from ``python3.13`` or pyenv)
and exports EMUPOS, so CI runs them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from printing.service import print_ticket
from tests.printing.escpos_decode import decode_qr

EMUPOS = os.environ.get("EMUPOS") or shutil.which("emupos")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not EMUPOS, reason="emupos not installed (needs Python ≥ 3.13; "
                                                    "set EMUPOS=/path/to/emupos)")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    def __init__(self, folder: Path) -> None:
        self.folder, self.port, api = folder, free_port(), free_port()
        self.receipts = folder / "receipts"
        (folder / "emupos.yaml").write_text(
            "schema: 1\n"
            f"api: {{ host: 127.0.0.1, port: {api} }}\n"
            "devices:\n"
            "  - id: front\n"
            "    type: printer\n"
            "    profile: epson-tm-t20iii\n"
            f"    receipts_dir: {self.receipts}\n"
            "    job_idle_timeout_ms: 300\n"
            "    connections:\n"
            f"      - tcp: {{ port: {self.port} }}\n"
            "      - serial: { pty: true }\n", encoding="utf-8")
        self.env = dict(os.environ, EMUPOS_API=f"http://127.0.0.1:{api}", TMPDIR=str(folder))
        self.process = subprocess.Popen(
            [EMUPOS, "run", "--config", str(folder / "emupos.yaml")], cwd=folder, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.serial_path = folder / "emupos" / "front"
        self._wait(lambda: self._listening() and self.serial_path.exists(), "did not start")

    def _listening(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            return True
        except OSError:
            return False

    def _wait(self, ready, what: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"emupos {what}")
            time.sleep(0.1)

    def fault(self, action: str, name: str) -> None:
        subprocess.run([EMUPOS, "fault", action, "front", name], env=self.env, check=True,
                       capture_output=True, timeout=30)

    def receipts_done(self, count: int) -> list[dict]:
        self._wait(lambda: len(list(self.receipts.glob("*.json"))) >= count, "printed nothing")
        return [json.loads(p.read_text()) for p in sorted(self.receipts.glob("*.json"))]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def emulator(tmp_path):
    emu = Emulator(tmp_path)
    yield emu
    emu.close()


def test_tcp_and_serial_tickets_are_rendered_by_the_emulator(emulator, content):
    assert print_ticket(content, f"tcp:127.0.0.1:{emulator.port}", 576, timeout=3).ok
    assert print_ticket(content, f"serial:{emulator.serial_path}", 576, timeout=3).ok
    receipts = emulator.receipts_done(2)
    for receipt in receipts:
        assert receipt["width_dots"] == 576 and receipt["boundary"] == "cut"
        image = Image.open(emulator.receipts / f"{receipt['id']}.png")
        assert decode_qr(image) == [content.qr_text]


@pytest.mark.parametrize("fault, code", [("paper-out", "paper_out"), ("cover-open", "cover_open"),
                                         ("offline", "not_ready")])
def test_faults_are_reported(emulator, content, fault, code):
    emulator.fault("set", fault)
    result = print_ticket(content, f"tcp:127.0.0.1:{emulator.port}", 576, timeout=3)
    assert not result.ok and result.error_code == code
    emulator.fault("clear", fault)
    assert print_ticket(content, f"tcp:127.0.0.1:{emulator.port}", 576, timeout=3).ok


def test_paper_near_end_is_a_warning(emulator, content):
    emulator.fault("set", "paper-near-end")
    result = print_ticket(content, f"tcp:127.0.0.1:{emulator.port}", 384, timeout=3)
    assert result.ok and "sắp hết" in result.warning
