"""Office mode as an office runs it (issue 12, "Show"): the hub and several app processes.

The sync server (the office hub) runs on real PostgreSQL; every PC is a process of its own
with its own data folder, enrolled with ``counter-app sync enroll --role …``: a kiosk and
three counters (tests/core/office_pc.py, the app's services and sync worker), and the
display board — the real app, ``counter-app gui``, which opens the board because of the
role it was enrolled with. They reach the hub through a fault-injecting proxy on
127.0.0.1 (tests/core/fault_proxy.py).

The run: everyone works at once; the proxy then stalls, drops and refuses connections for
a while (island mode), and lets them through again; everyone works on, then syncs. The
tests below each check one promise against what the processes reported and what the hub
stored.
"""

from __future__ import annotations

import json
import os
import queue as queue_mod
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from counter_app.services.core import Core
from counter_app.services.setup import initialise
from counter_app.sync import client
from tests.core.fault_proxy import FaultProxy
from tests.core.sync_devices import make_device
from tests.sync_server.conftest import dsn, server  # noqa: F401 (fixtures)
from tests.sync_server.helpers import FENCE_S, ready
from tests.sync_server.pg import ROOT, cli_json

pytestmark = pytest.mark.slow

COUNTERS = (1, 2, 3)
PHASE_S = 120        # bound on each phase: a phase ends as soon as its goal is met
ENV = dict(os.environ, PYTHONIOENCODING="utf-8")


class PcProcess:
    """A driver process (tests/core/office_pc.py) and the lines it reported."""

    def __init__(self, name: str, folder: Path, seed: int) -> None:
        self.name = name
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.core.office_pc", "--db", str(folder / "db.sqlite"),
             "--config", str(folder / "config.json"), "--seed", str(seed)],
            cwd=ROOT, env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        self.lines: list[dict] = []
        self.inbox: queue_mod.Queue[dict] = queue_mod.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            fields = json.loads(line)
            self.lines.append(fields)
            self.inbox.put(fields)

    def send(self, op: str) -> None:
        self.proc.stdin.write(json.dumps({"op": op}) + "\n")
        self.proc.stdin.flush()

    def wait_for(self, kind: str, timeout: float = PHASE_S) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fields = self.inbox.get(timeout=1)
            except queue_mod.Empty:
                if self.proc.poll() is None and time.monotonic() < deadline:
                    continue
                raise AssertionError(f"{self.name}: no {kind!r} line; stderr:\n"
                                     + self._stderr()) from None
            if fields["kind"] == kind:
                return fields

    def done(self, kind: str, mode: str | None = None) -> list[dict]:
        return [f for f in list(self.lines)
                if f["kind"] == kind and (mode is None or f.get("mode") == mode)]

    def _stderr(self) -> str:
        if self.proc.poll() is None:
            return "(still running)"
        return self.proc.stderr.read()[-4000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send("quit")
                self.proc.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


def counter_app(*args) -> dict:
    result = subprocess.run([sys.executable, "-m", "counter_app", *map(str, args), "--json"],
                            cwd=ROOT, env=ENV, capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def until(goal, what: str, timeout: float = PHASE_S) -> None:
    deadline = time.monotonic() + timeout
    while not goal():
        assert time.monotonic() < deadline, f"not reached within {timeout} s: {what}"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def office_run(tmp_path_factory, server, dsn):  # noqa: F811
    """The whole run, once; the tests read what it left."""
    base = tmp_path_factory.mktemp("office")
    code = f"RUN{os.getpid()}"
    cli_json(dsn, "office", "add", code, "--name", "Phường chạy thử")
    initialise(base / "demo" / "db.sqlite", base / "demo" / "config.json", demo=True)
    proxy = FaultProxy(int(server.url.rsplit(":", 1)[1])).start()

    def enroll(folder: Path, enroll_code: str, *role: str) -> dict:
        return counter_app("--db", folder / "db.sqlite", "--config", folder / "config.json",
                           "--user", "admin", "sync", "enroll", "--server", proxy.url,
                           "--code", enroll_code, *role)

    def new_code() -> str:      # the admin CLI runs in this process: one at a time
        return cli_json(dsn, "enroll-code", code)["code"]

    # The PC that set the office up (the support desk) sends the setup to the hub first.
    folders = {name: base / name for name in ("support", "kiosk", "c1", "c2", "c3", "board")}
    for index, name in enumerate(folders):
        make_device(base / "demo", folders[name], index, office_queue=True).close()
    enrolled = {"support": enroll(folders["support"], new_code(), "--role", "support",
                                  "--counter", "4")}
    counter_app("--db", folders["support"] / "db.sqlite", "--config",
                folders["support"] / "config.json", "--user", "admin", "sync", "now")
    with psycopg.connect(dsn, autocommit=True) as pg:
        ready(pg, code)
    roles = {"kiosk": ("--role", "kiosk"), "board": ("--role", "board"),
             **{f"c{n}": ("--role", "counter", "--counter", str(n)) for n in COUNTERS}}
    with ThreadPoolExecutor(len(roles)) as pool:     # the PCs are set up side by side
        answers = {name: pool.submit(enroll, folders[name], new_code(), *role)
                   for name, role in roles.items()}
    enrolled.update({name: answer.result() for name, answer in answers.items()})

    board = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "--db", str(folders["board"] / "db.sqlite"),
         "--config", str(folders["board"] / "config.json"), "gui", "--no-voice"],
        cwd=ROOT, env=dict(ENV, QT_QPA_PLATFORM="offscreen"), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    pcs = {name: PcProcess(name, folders[name], seed)
           for seed, name in enumerate(("kiosk", "c1", "c2", "c3"), 1)}
    run = {"code": code, "enrolled": enrolled, "pcs": pcs, "folders": folders,
           "proxy": proxy}
    try:
        for pc in pcs.values():
            pc.wait_for("ready")
        kiosk, counters = pcs["kiosk"], [pcs[f"c{n}"] for n in COUNTERS]

        # 1. Everyone at once, the hub answering.
        for pc in pcs.values():
            pc.send("work")
        until(lambda: len(kiosk.done("issued")) >= 20
              and sum(len(c.done("called")) for c in counters) >= 12, "office work")

        # 2. The hub cut off mid-run: stalled, then dropped, then refused connections.
        run["cut_at"] = {name: len(pc.lines) for name, pc in pcs.items()}
        proxy.set_mode("stall")
        until(lambda: kiosk.done("issued", "island"), "the kiosk in island mode")
        proxy.set_mode("drop")
        time.sleep(2)
        proxy.set_mode("refuse")
        until(lambda: len(kiosk.done("issued", "island")) >= 5
              and all(c.done("called", "island") or c.done("issued", "island")
                      for c in counters), "every PC working alone")

        # 3. The hub back: every PC returns to office mode by itself and works on.
        run["back_at"] = {name: len(pc.lines) for name, pc in pcs.items()}
        proxy.set_mode("pass")

        def back(pc: PcProcess) -> bool:
            return any(f.get("mode") == "office" and f["kind"] in ("issued", "called")
                       for f in pc.lines[run["back_at"][pc.name]:])
        until(lambda: all(back(pc) for pc in pcs.values()), "every PC back in office mode")
        for pc in pcs.values():
            pc.send("pause")
        for pc in pcs.values():
            pc.wait_for("paused")

        # 4. Everyone syncs until nothing is left to send (the fence may hold rows a moment).
        for _ in range(3):
            for pc in pcs.values():
                pc.send("sync")
            for pc in pcs.values():
                synced = pc.wait_for("synced")
                assert synced["ok"], synced
        run["board_proc"] = board
        yield run
    finally:
        for pc in pcs.values():
            pc.stop()
        board.terminate()
        try:
            board.wait(timeout=20)
        except subprocess.TimeoutExpired:
            board.kill()
        board.stderr.close()
        proxy.close()


def hub_events(dsn: str, code: str, type_: str) -> list[dict]:  # noqa: F811
    with psycopg.connect(dsn) as pg:
        rows = pg.execute(
            "SELECT id, device_id, entity_id, payload FROM events WHERE office = %s "
            "AND type = %s AND quarantined IS NULL ORDER BY pos", (code, type_)).fetchall()
    return [{"id": r[0], "device_id": r[1], "entity_id": r[2], "payload": r[3]} for r in rows]


def reported(run: dict, kind: str, mode: str | None = None) -> list[dict]:
    return [f for pc in run["pcs"].values() for f in pc.done(kind, mode)]


def test_each_pc_is_enrolled_in_its_role(office_run):
    roles = {name: (e["role"], e["counter"]) for name, e in office_run["enrolled"].items()}
    assert roles["kiosk"][0] == "kiosk" and roles["board"][0] == "display"
    assert roles["support"] == ("support", 4)
    assert [roles[f"c{n}"] for n in COUNTERS] == [("counter", n) for n in COUNTERS]
    for name, pc in office_run["pcs"].items():
        ready_line = pc.lines[0]
        assert (ready_line["role"], ready_line["counter"]) == roles[name]


def test_no_number_issued_twice_and_none_lost(office_run, dsn):  # noqa: F811
    issued = reported(office_run, "issued")
    island = reported(office_run, "issued", "island")
    assert island and len(issued) > len(island)
    numbers = [f["number"] for f in issued]
    assert len(numbers) == len(set(numbers)), Counter(numbers).most_common(3)
    stored = [e["payload"]["number"] for e in hub_events(dsn, office_run["code"],
                                                          "ticket.issued")]
    assert len(stored) == len(set(stored)), Counter(stored).most_common(3)
    assert not Counter(numbers) - Counter(stored)       # every number on paper is the hub's
    tags = {e["island_tag"] for e in office_run["enrolled"].values()}
    assert len(tags) == len(office_run["enrolled"])          # one tag a device
    for f in island:
        # The island series: the service letter and the PC's tag, printed and called so.
        assert f["number"][1:-3] in tags, f


def test_no_ticket_called_twice_in_office_mode(office_run, dsn):  # noqa: F811
    calls = hub_events(dsn, office_run["code"], "ticket.call")
    made = Counter((f["id"], f["counter"]) for f in reported(office_run, "called"))
    stored = Counter((e["entity_id"], e["payload"].get("counter")) for e in calls)
    assert not made - stored                                  # every call reached the hub
    by_hub = Counter(e["entity_id"] for e in calls if e["device_id"].startswith("hub-"))
    # A call whose answer was lost is undone (back in the waiting list), and the hub may
    # then call that ticket again: once more for each such undoing, never otherwise.
    requeued = Counter(e["entity_id"] for e in hub_events(dsn, office_run["code"],
                                                          "ticket.requeue")
                       if e["payload"].get("reason") == "answer_lost")
    assert not by_hub - requeued - Counter(by_hub.keys()), (by_hub - requeued).most_common(3)
    # In island mode a counter calls only what it had: a number waiting when the hub went
    # away may be called by two counters (docs/OFFICE.md); never one issued since.
    twice = {t for t, n in Counter(e["entity_id"] for e in calls).items() if n > 1}
    issued_in_island = {f["id"] for f in reported(office_run, "issued", "island")}
    island_calls = Counter(f["id"] for f in reported(office_run, "called", "island"))
    lost = {t for t, _ in stored - made}
    for ticket in twice - lost:
        assert ticket not in issued_in_island and island_calls[ticket] >= 1, ticket


def test_every_hub_decision_reached_the_pc_that_asked_or_was_undone(office_run, dsn):  # noqa: F811
    """A decision whose answer was lost (the cut came mid-answer) is undone by the hub once
    the PC reports it (docs/OFFICE.md, "Lost answers"): the number nobody holds cancelled,
    the call nobody heard back in the waiting list. A number a counter called before the
    PC was back is left to that counter (it finds nobody: a no-show, as for anyone)."""
    code = office_run["code"]
    issued = Counter(e["entity_id"] for e in hub_events(dsn, code, "ticket.issued"))
    calls = Counter((e["entity_id"], e["payload"].get("counter"))
                    for e in hub_events(dsn, code, "ticket.call"))
    nobody_holds = issued - Counter(f["id"] for f in reported(office_run, "issued"))
    nobody_heard = calls - Counter((f["id"], f["counter"])
                                   for f in reported(office_run, "called"))

    def undone(type_: str) -> set[str]:
        return {e["entity_id"] for e in hub_events(dsn, code, type_)
                if e["payload"].get("reason") == "answer_lost"}
    called_by_a_counter = {f["id"] for f in reported(office_run, "called")}
    unheld = set(nobody_holds) - undone("ticket.cancel") - called_by_a_counter
    unheard = {t for t, _ in nobody_heard} - undone("ticket.requeue") - called_by_a_counter
    assert not unheld and not unheard, (unheld, unheard)
    for pc in office_run["folders"].values():      # every PC reported what it did not hear
        assert not (pc / "db.sqlite.hub-unanswered.json").exists(), pc


def test_the_board_saw_every_call(office_run, dsn):  # noqa: F811
    """The board is the real app (``counter-app gui`` of a PC enrolled as ``board``): its
    sync worker and live stream bring every call into the tables its window reads."""
    assert office_run["board_proc"].poll() is None, "the board's app stopped"
    log = office_run["folders"]["board"] / "logs" / "counter-app.log"
    assert "started: display" in log.read_text(encoding="utf-8")   # its role's window
    calls = {e["id"] for e in hub_events(dsn, office_run["code"], "ticket.call")}
    board_db = office_run["folders"]["board"] / "db.sqlite"

    def seen() -> set[str]:
        with sqlite3.connect(f"file:{board_db}?mode=ro", uri=True) as db:
            return {r[0] for r in db.execute("SELECT event_id FROM ticket_calls")}
    # After an outage the board's live stream reconnects after 1, 2, 5, 10, 30 s, and its
    # sync worker may be in its backoff: catching up can take that long, not more.
    until(lambda: calls <= seen(), f"the board's calls: {len(calls - seen())} missing")


def _merged(run: dict) -> Core:
    """A PC's database after the run, synced to the end: the office as every PC sees it."""
    folder = run["folders"]["c1"]
    core = Core.open(folder / "db.sqlite", folder / "config.json", system=True)
    total = sum(1 for _ in reported(run, "issued"))
    deadline = time.monotonic() + FENCE_S
    while core.conn.execute("SELECT count(*) FROM tickets").fetchone()[0] < total:
        assert time.monotonic() < deadline, "the merged state is missing tickets"
        assert client.sync_once(core).ok
        time.sleep(0.3)
    return core


def test_merged_state_has_every_ticket_and_dossier_once(office_run):
    with _merged(office_run) as core:
        tickets = core.conn.execute("SELECT id, number FROM tickets").fetchall()
        assert {f["id"] for f in reported(office_run, "issued")} <= {r[0] for r in tickets}
        assert len({r[1] for r in tickets}) == len(tickets)
        received = reported(office_run, "received")
        assert received
        ids = [r[0] for r in core.conn.execute("SELECT id FROM dossiers WHERE id IN (%s)" % (
            ",".join("?" * len(received))), [f["id"] for f in received])]
        assert sorted(ids) == sorted(f["id"] for f in received)


def test_merged_state_has_no_dossier_code_or_book_line_twice(office_run):
    with _merged(office_run) as core:
        codes = [r[0] for r in core.conn.execute("SELECT code FROM dossiers")]
        assert len(codes) == len(set(codes)), Counter(codes).most_common(3)
        lines = [tuple(r) for r in core.conn.execute(
            "SELECT book_year, book_number, book_line FROM dossiers "
            "WHERE book_line IS NOT NULL")]
        assert len(lines) == len(set(lines)), Counter(lines).most_common(3)
