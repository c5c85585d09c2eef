"""Sync through the real server on PostgreSQL, beside a bare ``COPY`` of the same rows.

``python -m benchmarks sync [--events 100000] [--devices N] [--json]``

In one run: a fresh PostgreSQL database (dropped at the end), migrated; offices of up to
``per_office`` devices; ``counter-sync-server serve`` started as a subprocess on 127.0.0.1;
devices enrolled over HTTP with one-time codes. Then, timed:

- push: each device pushes its share of the events (``benchmarks.sync_events``) in batches
  of 500 over loopback HTTP, all devices at once, each batch acknowledged before the next;
- pull: every device of each office pulls the office's events from cursor "0" (pages of
  1,000) — with one pushing device, a second device of the office does the pulling. Every
  puller must get every event of its office exactly once, or the run fails;
- idle polls: each puller, now up to date, asks 50 times more (must get nothing): the cost
  of the counters that poll while nothing happens;
- COPY: the same rows, in one ``COPY`` into a table ``LIKE events INCLUDING ALL`` (same
  columns, defaults, indexes and unique constraints) in the same database.

Budget (shared/architecture.md §7): push + pull ≥ 3,000 events/s, and its ratio to COPY.
Push bodies are encoded before the clock starts (the client's JSON encoding is not the
server's cost); pulled pages are decoded in the timed loop (the ids are checked).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import httpx
import psycopg
from psycopg.types.json import Jsonb

from benchmarks.harness import report, summarise
from benchmarks.sync_events import SOURCE, client_events, relabel
from sync_server import admin, migrations, read_model
from sync_server.protocol import MAX_BATCH, MAX_PULL

ADMIN_DSN = os.environ.get("COUNTER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
ROOT = Path(__file__).resolve().parents[1]
BUDGET_EVENTS_PER_S = 3000
POLLS = 50          # empty pulls per device once it is up to date
_COLS = ("id", "device_id", "device_seq", "hlc", "officer_id", "entity", "entity_id", "type",
         "schema_version", "payload", "recorded_at", "prev_hash", "hash")


class Unbounded(RuntimeError):
    """The run exceeded its time limit (every loop here is bounded by one deadline)."""


@contextmanager
def scratch_database() -> Iterator[str]:
    """DSN of a new migrated database, dropped afterwards whatever happens."""
    name = f"counter_sync_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    dsn = ADMIN_DSN.rsplit("/", 1)[0] + "/" + name
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            migrations.migrate(conn)
        yield dsn
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def server_process(dsn: str) -> Iterator[tuple[str, int]]:
    """``counter-sync-server serve`` on a free 127.0.0.1 port: (base URL, process id)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    log = tempfile.TemporaryFile()
    # The read model is kept by a process of its own (``read-model follow``), as a loaded
    # server is deployed (docs/SYNC.md §2a): the API process's GIL serves the devices only.
    proc = subprocess.Popen([sys.executable, "-m", "sync_server", "serve", "--dsn", dsn,
                             "--host", "127.0.0.1", "--port", str(port), "--no-read-model"],
                            cwd=ROOT, env=env, stdout=log, stderr=log)
    follower = subprocess.Popen([sys.executable, "-m", "sync_server", "read-model", "follow",
                                 "--dsn", dsn], cwd=ROOT, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("the sync server did not start: " + log.read().decode())
            try:
                if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url, proc.pid
    finally:
        for p in (follower, proc):
            p.terminate()
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)
        log.close()


def _enroll(http: httpx.Client, dsn: str, office: str, device_id: str) -> str:
    with psycopg.connect(dsn, autocommit=True) as conn:
        code = admin.enroll_code(conn, office)["code"]
    r = http.post("/v1/enroll", json={"code": code, "device_id": device_id, "label": device_id})
    r.raise_for_status()
    return r.json()["secret"]


def _push(url: str, secret: str, bodies: list[bytes], deadline: float) -> list[float]:
    """POST each pre-encoded batch; returns each request's latency (ms)."""
    latencies = []
    with httpx.Client(base_url=url, timeout=120,
                      headers={"Authorization": f"Bearer {secret}",
                               "Content-Type": "application/json"}) as http:
        for body in bodies:
            if time.monotonic() > deadline:
                raise Unbounded("push exceeded the time limit")
            t0 = time.perf_counter()
            r = http.post("/v1/push", content=body)
            latencies.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                raise RuntimeError(f"push refused: {r.status_code} {r.text[:300]}")
    return latencies


def _pull(url: str, secret: str, expected: int,
          deadline: float) -> tuple[Counter, list[float], str]:
    """Pull from cursor "0" until ``expected`` events came and ``more`` is false: (count
    of each id, page latencies, final cursor). A page can end early while a transaction
    is open anywhere in the cluster (the pull fence; the server's own read-model refresh
    is one): the device simply asks again, as a real one does."""
    seen: Counter = Counter()
    latencies = []
    cursor = "0"
    with httpx.Client(base_url=url, timeout=120,
                      headers={"Authorization": f"Bearer {secret}"}) as http:
        while True:
            if time.monotonic() > deadline:
                raise Unbounded("pull exceeded the time limit")
            t0 = time.perf_counter()
            r = http.get("/v1/pull", params={"cursor": cursor, "limit": MAX_PULL})
            r.raise_for_status()
            body = r.json()
            latencies.append((time.perf_counter() - t0) * 1000)
            seen.update(e["id"] for e in body["events"])
            cursor = body["cursor"]
            if not body["more"]:
                if len(seen) >= expected:
                    return seen, latencies, cursor
                time.sleep(0.02)


def _poll(url: str, secret: str, cursor: str, times: int) -> int:
    """A device that is up to date asking again ``times`` times (what an idle counter does
    every few seconds); returns how many events those polls handed out (must be 0)."""
    handed_out = 0
    with httpx.Client(base_url=url, timeout=60,
                      headers={"Authorization": f"Bearer {secret}"}) as http:
        for _ in range(times):
            r = http.get("/v1/pull", params={"cursor": cursor, "limit": MAX_PULL})
            r.raise_for_status()
            handed_out += len(r.json()["events"])
    return handed_out


def _read_model_caught_up(dsn: str, expected: dict[str, int], deadline: float) -> float:
    """The perf_counter time at which every office's read model had read all its events
    (applied, or held back: with ``--devices``, relabelled copies of one PC's dossiers
    collide on their codes, and the read model holds the copies back as a client would)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        while True:
            rows = {r["office"]: r for r in read_model.status(conn)}
            if all(rows[o]["pending"] == 0 and rows[o]["applied"] + rows[o]["waiting"]
                   + rows[o]["refused"] >= n for o, n in expected.items()):
                return time.perf_counter()
            if time.monotonic() > deadline:
                raise RuntimeError("the read model did not catch up: "
                                   f"{ {o: rows[o]['applied'] for o in expected} }")
            time.sleep(0.2)


def _rebuild(dsn: str, office: str) -> float:
    with psycopg.connect(dsn, autocommit=True) as conn:
        t0 = time.perf_counter()
        read_model.rebuild(conn, office)
        return time.perf_counter() - t0


def _copy(dsn: str, rows: list[tuple]) -> float:
    """Seconds to COPY ``rows`` into a fresh table shaped like ``events`` (one transaction)."""
    with psycopg.connect(dsn) as conn:
        conn.execute("CREATE TABLE bare_events (LIKE events INCLUDING ALL)")
        conn.commit()
        t0 = time.perf_counter()
        with conn.cursor().copy(f"COPY bare_events ({', '.join(_COLS)}, office) "
                                "FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        return time.perf_counter() - t0


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _table_bytes(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT pg_total_relation_size('events')").fetchone()[0]


def _plan(source: list[dict], devices: int, per_office: int) -> list[dict[str, Any]]:
    """Each pushing device: id, office, its events (device 0: the client's own chain)."""
    share = len(source) // devices
    plan = []
    for k in range(devices):
        mine = source[:share]
        device_id = mine[0]["device_id"] if k == 0 else f"bench-{k:03d}-{mine[0]['device_id']}"
        plan.append({"device": device_id, "office": f"BENCH{k // per_office + 1:03d}",
                     "events": mine if k == 0 else relabel(mine, device_id, f"-{k}")})
    return plan


def run(size: int, runs: int, as_json: bool, data_dir: Path, devices: int = 1,
        per_office: int = 10, max_seconds: float = 1800) -> dict:
    """Run the benchmark; prints the report and returns it. ``runs`` is unused (one run)."""
    t0 = time.perf_counter()
    source = client_events(data_dir, size)
    built_s = time.perf_counter() - t0
    plan = _plan(source, devices, per_office)
    bodies = {p["device"]: [json.dumps({"events": p["events"][i:i + MAX_BATCH]},
                                       ensure_ascii=False).encode()
                            for i in range(0, len(p["events"]), MAX_BATCH)] for p in plan}
    wire_bytes = sum(len(b) for bs in bodies.values() for b in bs)
    pushed = sum(len(p["events"]) for p in plan)
    offices = sorted({p["office"] for p in plan})
    deadline = time.monotonic() + max_seconds
    with scratch_database() as dsn, server_process(dsn) as (url, pid):
        with psycopg.connect(dsn, autocommit=True) as conn:
            for office in offices:
                admin.add_office(conn, office, f"Phường thử tải {office}", None)
        pullers = []
        with httpx.Client(base_url=url, timeout=30) as http:
            for p in plan:
                p["secret"] = _enroll(http, dsn, p["office"], p["device"])
                pullers.append(p)
            if devices == 1:      # the other device of the office, which pulls
                pullers = [{"device": "bench-puller", "office": plan[0]["office"],
                            "secret": _enroll(http, dsn, plan[0]["office"], "bench-puller")}]
        with ThreadPoolExecutor(max_workers=len(plan) + len(pullers)) as pool:
            cpu0, t_push = cpu_seconds(pid), time.perf_counter()
            push_lat = [ms for lat in pool.map(
                lambda p: _push(url, p["secret"], bodies[p["device"]], deadline), plan)
                for ms in lat]
            push_s, cpu_mid = time.perf_counter() - t_push, cpu_seconds(pid)
            office_ids = {o: {e["id"] for p in plan if p["office"] == o for e in p["events"]}
                          for o in offices}
            t_pull = time.perf_counter()
            pulled = list(pool.map(lambda p: _pull(url, p["secret"],
                                                   len(office_ids[p["office"]]), deadline),
                                   pullers))
            pull_s = time.perf_counter() - t_pull
            cpu1, t_poll = cpu_seconds(pid), time.perf_counter()
            polled = sum(pool.map(lambda pr: _poll(url, pr[0]["secret"], pr[1][2], POLLS),
                                  zip(pullers, pulled)))
            poll_s, cpu2 = time.perf_counter() - t_poll, cpu_seconds(pid)
        for p, (seen, _, _) in zip(pullers, pulled):
            if set(seen) != office_ids[p["office"]] or max(seen.values()) != 1 or polled:
                raise RuntimeError(f"{p['device']} did not get every event of its office "
                                   "exactly once")
        caught_up_s = _read_model_caught_up(dsn, {o: len(ids) for o, ids in office_ids.items()},
                                            deadline) - (t_push + push_s)
        rebuild_s = _rebuild(dsn, offices[0])
        stored_bytes = _table_bytes(dsn)
        copy_s = _copy(dsn, [tuple(Jsonb(e[c]) if c == "payload" else e[c] for c in _COLS)
                             + (p["office"],) for p in plan for e in p["events"]])
    delivered = sum(sum(seen.values()) for seen, _, _ in pulled)
    push_pull = pushed / (push_s + pull_s)
    result = {
        "events_pushed": pushed, "devices": devices, "offices": len(offices),
        "pullers": len(pullers), "events_delivered_by_pull": delivered,
        "every_event_pulled_once": True, "source": SOURCE, "dataset_build_s": round(built_s, 1),
        "push_s": round(push_s, 2), "pull_s": round(pull_s, 2),
        "push_events_per_s": round(pushed / push_s), "pull_events_per_s": round(delivered / pull_s),
        "push_pull_events_per_s": round(push_pull),
        # The server process's own CPU (not PostgreSQL's): what one more core buys.
        "server_cpu_push_s": None if cpu0 is None else round(cpu_mid - cpu0, 2),
        "server_cpu_pull_s": None if cpu0 is None else round(cpu1 - cpu_mid, 2),
        "idle_polls": POLLS * len(pullers),
        "idle_polls_per_s": round(POLLS * len(pullers) / poll_s),
        "server_cpu_ms_per_idle_poll": None if cpu0 is None else
        round((cpu2 - cpu1) * 1000 / (POLLS * len(pullers)), 2),
        # The server's per-office read model (sync_server/read_model), kept by the running
        # server in the background: when it held every event, counted from the push's end;
        # and a rebuild of the first office from its log, timed alone.
        "read_model_caught_up_after_push_s": round(caught_up_s, 2),
        "read_model_rebuild_s": round(rebuild_s, 2),
        "read_model_rebuild_events_per_s": round(len(office_ids[offices[0]]) / rebuild_s),
        "copy_s": round(copy_s, 2), "copy_rows_per_s": round(pushed / copy_s),
        "copy_to_push_pull_ratio": round(pushed / copy_s / push_pull, 1),
        "wire_bytes_per_event": round(wire_bytes / pushed),
        "stored_bytes_per_event": round(stored_bytes / pushed),
        "budget_events_per_s": BUDGET_EVENTS_PER_S,
        # The budget is one device's events pulled by one other device; with several
        # devices each event is pulled by every device of its office (see pull_events_per_s).
        "within_budget": push_pull >= BUDGET_EVENTS_PER_S if devices == 1 else None,
    }
    report("sync", [summarise(f"push, batch of {MAX_BATCH} (HTTP round trip)", push_lat),
                    summarise(f"pull, page of {MAX_PULL} (HTTP round trip)",
                              [ms for _, lat, _ in pulled for ms in lat])], result, as_json)
    return result
