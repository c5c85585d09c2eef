"""One PC of an office as a process of its own (driver for tests/core/test_office_processes.py).

    python -m tests.core.office_pc --db D --config C

The PC works as its role says (``device.role`` and ``device.counter_number``, written by
``counter-app sync enroll --role … --counter …``): a kiosk takes numbers as its window does
(acting as the kiosk device), a counter logs an officer in and calls the next number,
sometimes takes a walk-in's number itself and receives a dossier for some of those it
calls. Everything goes through the app's own services, hence through the office hub while
it answers and alone (island mode) when it does not; the app's background sync worker
(``SyncLoop``, live stream included) runs beside it, as in the app's windows.

Commands, one JSON object a line on stdin: ``{"op": "work"}`` starts working,
``{"op": "pause"}`` stops after the action in hand, ``{"op": "sync"}`` syncs once more,
``{"op": "quit"}``. Every action done is one JSON line on stdout, with the mode the PC
was in when it was decided (``office`` or ``island``), so the test can check each of them
against the office's merged state.
"""

from __future__ import annotations

import argparse
import json
import queue as queue_mod
import random
import sys
import threading
import time
from pathlib import Path

from counter_app import config as config_mod
from counter_app.domain.permissions import Device
from counter_app.errors import CounterError
from counter_app.services import officers, queue
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest, receive
from counter_app.sync import client, state
from counter_app.sync.loop import SyncLoop

PASSWORD = "demo1234"
OFFICERS = {1: "canbo1", 2: "canbo2", 3: "canbo1"}
KIOSK_SERVICES = ["A", "A", "B", "C", "E"]
COUNTER_SERVICES = {1: "A", 2: "C", 3: "B"}      # a walk-in's number, one each counter serves
PAUSE_S = 0.15                                   # between two citizens, roughly


class Pc:
    def __init__(self, db: str, config: str, seed: int) -> None:
        self.core = Core.open(Path(db), Path(config), system=True)
        device = config_mod.load(self.core.config_path).device
        self.role, self.counter = device.role, device.counter_number
        if self.role == "kiosk":
            self.core.officer, self.core.device = None, Device.KIOSK
        else:
            officers.authenticate(self.core, OFFICERS[self.counter], PASSWORD, via="cli")
        self.rng = random.Random(seed)
        self.steps = 0

    @staticmethod
    def say(**fields) -> None:
        sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def mode(self) -> str:
        return state.load(self.core.db_path).get("mode") or "office"

    def step(self) -> None:
        if self.role == "kiosk":
            self.issue(self.rng.choice(KIOSK_SERVICES))
            return
        self.steps += 1
        if self.steps % 4 == 0:
            self.issue(COUNTER_SERVICES[self.counter])
        ticket = queue.call_next(self.core, self.counter)
        if ticket is None:
            return
        self.say(kind="called", id=ticket["id"], number=ticket["number"],
                 counter=self.counter, mode=self.mode())
        if self.steps % 3 == 0:
            self.intake(ticket["id"])

    def issue(self, service: str) -> None:
        ticket = queue.issue_ticket(self.core, service)
        self.say(kind="issued", id=ticket["id"], number=ticket["number"], mode=self.mode())

    def intake(self, ticket_id: str) -> None:
        n = self.rng.randrange(10**6)
        person = Applicant(full_name=f"Nguyễn Văn Thử {n}", id_number=f"001090{n:06d}",
                           phone="0901000001")
        dossier = receive(self.core, IntakeRequest("DEMO-HT-05", person, ticket_id=ticket_id))
        self.say(kind="received", id=dossier["id"], code=dossier["code"],
                 book=[dossier.get("book_year"), dossier.get("book_number"),
                       dossier.get("book_line")], counter=self.counter, mode=self.mode())

    def work_once(self) -> None:
        try:
            self.step()
        except CounterError as exc:              # said to the officer; the work goes on
            self.say(kind="refused", message=str(exc), mode=self.mode())
        time.sleep(self.rng.uniform(PAUSE_S / 2, PAUSE_S * 1.5))


def main(argv: list[str] | None = None) -> int:
    """Everything on this thread (one SQLite connection, one thread); stdin is read by
    another and handed over between two actions."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    pc = Pc(args.db, args.config, args.seed)
    loop = SyncLoop(pc.core.db_path, pc.core.config_path, base_s=1.0, cap_s=5.0)
    loop.start()
    ops: queue_mod.Queue[str] = queue_mod.Queue()
    threading.Thread(target=_read_ops, args=(ops,), daemon=True).start()
    pc.say(kind="ready", role=pc.role, counter=pc.counter)
    working = False
    try:
        while True:
            try:
                op = ops.get(block=not working)
            except queue_mod.Empty:
                pc.work_once()
                continue
            if op == "work":
                working = True
            elif op == "pause":
                working = False
                pc.say(kind="paused")
            elif op == "sync":
                # As the app's sync worker does: the system, not the kiosk or the officer.
                with Core.open(pc.core.db_path, pc.core.config_path, system=True) as system:
                    summary = client.sync_once(system)
                pc.say(kind="synced", ok=summary.ok, pushed=summary.pushed,
                       pulled=summary.pulled, error=str(summary.failure or ""))
            elif op == "quit":
                break
    finally:
        loop.stop(timeout=10)
        pc.core.close()
    return 0


def _read_ops(ops: queue_mod.Queue) -> None:
    for line in sys.stdin:
        ops.put(json.loads(line)["op"])
    ops.put("quit")


if __name__ == "__main__":
    sys.exit(main())
