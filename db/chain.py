"""Verify the event log's hash chains: the audit trail cannot be edited unseen.

Rules (shared/architecture.md §3), per device present in the log:
- its events have contiguous ``device_seq`` from the first one present (this
  device's own from 1, and up to ``device_state.next_seq - 1``); a hole is a
  deleted event, reported with the missing seq;
- each event's ``prev_hash`` is the stored ``hash`` of the event before it (the
  first event of a device, seq 1, chains to ``GENESIS``); else the event was
  inserted, moved or its predecessor replaced;
- each event's ``hash`` equals ``chain_hash(event, prev_hash)``; else a field of
  the event (payload, officer, time, order…) was changed after it was recorded;
- this device's newest event's hash is ``device_state.last_hash``.

An event whose password hash was scrubbed (db/credentials.py) keeps its original
``hash``; its content is accepted when a chained ``log.scrubbed`` event vouches for
exactly that content (the hash the scrubbed event has now).

A pulled event refused for its content (by this PC or, flagged, by the server; see
counter_app/sync/inbound.py) is kept in the local quarantine ``sync_quarantine``
with state ``refused`` or ``server``, not in ``events``, after its link to its
predecessor was verified. It still stands in its device's chain: a seq absent from
``events`` is accepted only when the quarantine holds, in such a state, an event of
that exact (device, seq) whose hash matches its fields and links both ways — so the
chain is still fully verified and a deleted event is still reported. This device's
own chain never counts on the quarantine (its events are never pulled).

Each event is checked against the stored hash of its predecessor, so one edited
event is reported once, at its own seq, and later events still get checked.
The log is streamed in the (device_id, device_seq) index order: memory stays
flat for millions of events.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field

from counter_app.domain.credentials import PASSWORD_EVENTS
from counter_app.domain.events import CHAINED_FIELDS, GENESIS, chain_hash
from db import credentials

MAX_LISTED = 100    # breaks listed in a report; the count covers all of them
# Quarantine states whose event holds its place in its device's chain.
HELD_STATES = ("refused", "server")

_MESSAGES = {
    "missing": "Nhật ký sự kiện bị thiếu: thiết bị {device}, sự kiện số {seqs} đã bị xoá.",
    "link": "Chuỗi nhật ký sự kiện bị đứt: thiết bị {device}, sự kiện số {seq} không nối "
            "với sự kiện liền trước (bị xoá, chèn thêm hoặc đổi thứ tự).",
    "altered": "Nhật ký sự kiện bị sửa: thiết bị {device}, sự kiện số {seq} không khớp mã "
               "băm (nội dung đã bị thay đổi sau khi ghi).",
    "last": "Nhật ký sự kiện của máy này không khớp mã băm cuối cùng đã ghi: thiết bị "
            "{device}, sự kiện số {seq} (sự kiện cuối đã bị thay hoặc xoá).",
}


@dataclass(frozen=True)
class Break:
    """Where a device's chain is broken; ``last_seq`` > ``seq`` for a run of missing events."""

    device_id: str
    seq: int
    kind: str
    last_seq: int

    @property
    def message(self) -> str:
        seqs = str(self.seq) if self.last_seq == self.seq else f"{self.seq}–{self.last_seq}"
        return _MESSAGES[self.kind].format(device=self.device_id, seq=self.seq, seqs=seqs)

    def as_dict(self) -> dict:
        return {**asdict(self), "message": self.message}


@dataclass
class ChainReport:
    devices: int = 0
    events: int = 0
    held: int = 0           # chain places filled by refused events from the quarantine
    scrubbed: int = 0       # events whose password hash was scrubbed (db/credentials.py)
    break_count: int = 0
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.break_count == 0

    def add(self, device_id: str, seq: int, kind: str, last_seq: int | None = None) -> None:
        self.break_count += 1
        if len(self.breaks) < MAX_LISTED:
            self.breaks.append(Break(device_id, seq, kind, seq if last_seq is None else last_seq))

    def as_dict(self) -> dict:
        return {"ok": self.ok, "devices": self.devices, "events": self.events,
                "held": self.held, "scrubbed": self.scrubbed,
                "break_count": self.break_count, "breaks": [b.as_dict() for b in self.breaks]}

    @property
    def summary(self) -> str:
        """One line for the administrator, in Vietnamese."""
        if self.ok:
            return "Nhật ký sự kiện: nguyên vẹn"
        more = f" (và {self.break_count - 1} chỗ khác)" if self.break_count > 1 else ""
        return self.breaks[0].message + more


def verify(conn: sqlite3.Connection) -> ChainReport:
    """Check every device's chain in the log (read-only); see the module's rules."""
    own = conn.execute(
        "SELECT device_id, next_seq, last_hash FROM device_state WHERE id = 1").fetchone()
    walk = _Walk(tuple(own) if own is not None else None, _held_rows(conn),
                 credentials.vouches(conn))
    cursor = conn.cursor()
    cursor.row_factory = None       # plain tuples: the fastest rows sqlite3 makes
    cursor.execute(f"SELECT {', '.join(CHAINED_FIELDS)}, prev_hash, hash FROM events "
                   "ORDER BY device_id, device_seq")
    for row in cursor:
        walk.step(row)
    walk.finish()
    return walk.report


def link_at(conn: sqlite3.Connection, device: str, seq: int) -> tuple[str, str] | None:
    """(event id, hash) of whatever holds ``device``'s place ``seq`` in its chain: its
    event in the log, or a refused event kept in the quarantine; None when nothing does."""
    row = conn.execute("SELECT id, hash FROM events WHERE device_id = ? AND device_seq = ?",
                       (device, seq)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT event_id, hash FROM sync_quarantine WHERE device_id = ? AND device_seq = ? "
            f"AND state IN {HELD_STATES} ORDER BY first_seen LIMIT 1", (device, seq)).fetchone()
    return (row[0], row[1]) if row is not None else None


def _held_rows(conn: sqlite3.Connection) -> dict[str, dict[int, tuple]]:
    """Refused events holding a chain place, per device and seq, as rows shaped like the
    log's (fields taken from the stored event itself, so an edit of it is caught)."""
    held: dict[str, dict[int, tuple]] = {}
    rows = conn.execute(f"SELECT event, prev_hash, hash FROM sync_quarantine "
                        f"WHERE state IN {HELD_STATES}")
    for text, prev_hash, stored in rows:
        try:
            event = json.loads(text)
            fields = tuple(json.dumps(event[k], ensure_ascii=False) if k == "payload"
                           else event[k] for k in CHAINED_FIELDS)
        except (ValueError, TypeError, KeyError):
            continue        # unreadable: holds no place, so its seq reads as missing
        if isinstance(fields[1], str) and type(fields[2]) is int:
            held.setdefault(fields[1], {}).setdefault(fields[2], fields + (prev_hash, stored))
    return held


class _Walk:
    """One pass over the log in (device_id, device_seq) order, filling places the log
    lacks from the quarantine's refused events (``held``)."""

    def __init__(self, own: tuple | None, held: dict[str, dict[int, tuple]],
                 vouched: dict[str, set[str]]) -> None:
        self.report = ChainReport()
        self.vouched = vouched
        self.own = own
        self.own_seen = False
        self.held = held
        self.places: dict[int, tuple] = {}
        self.device: str | None = None
        self.expected, self.prev, self.altered = 0, GENESIS, False

    def step(self, row: tuple) -> None:
        device, seq = row[1], row[2]
        if device != self.device:
            self._end_device()
            self._start(device, seq, row[-2])
        self._fill(seq)
        self._check(row)

    def _start(self, device: str, seq: int, prev_hash: str) -> None:
        self.device = device
        self.report.devices += 1
        mine = self.own is not None and device == self.own[0]
        self.own_seen = self.own_seen or mine
        self.places = {} if mine else self.held.pop(device, {})
        first = min(self.places, default=seq)
        if first < seq:                      # a refused event precedes the first logged
            seq, prev_hash = first, self.places[first][-2]
        # A device seen only from the middle (its early events never pulled) is
        # anchored at its first event; this device's own chain starts at seq 1.
        self.expected, self.prev = (1, GENESIS) if (seq == 1 or mine) else (seq, prev_hash)

    def _fill(self, before: int | None) -> None:
        """Check the held events standing in the places from ``expected`` on (up to
        ``before``, or as long as they run on)."""
        while (before is None or self.expected < before) and self.expected in self.places:
            self.report.held += 1
            self._check(self.places.pop(self.expected), held=True)

    def _check(self, row: tuple, held: bool = False) -> None:
        event = dict(zip(CHAINED_FIELDS, row))
        device, seq, prev_hash, stored = event["device_id"], event["device_seq"], row[-2], row[-1]
        if not held:
            self.report.events += 1
        if seq != self.expected:
            self.report.add(device, self.expected, "missing", seq - 1)
        computed = _hash(event, prev_hash)
        self.altered = stored != computed
        if self.altered and event["type"] in PASSWORD_EVENTS \
                and computed in self.vouched.get(event["id"], ()):
            # Its password hash was scrubbed, as a chained ``log.scrubbed`` event says
            # (db/credentials.py): the content is the one vouched for, the link holds.
            self.altered = False
            self.report.scrubbed += 1
        if self.altered:
            self.report.add(device, seq, "altered")      # one break per event: the edit
        elif seq == self.expected and prev_hash != self.prev:
            self.report.add(device, seq, "link")
        self.expected, self.prev = seq + 1, stored

    def finish(self) -> None:
        self._end_device()
        if self.own is not None and not self.own_seen:
            self.device, self.expected, self.prev, self.altered = self.own[0], 1, GENESIS, False
            self.places = {}
            self._end_device()
        for device in sorted(self.held):     # devices known only by refused events
            if device != (self.own[0] if self.own else None):
                first = min(self.held[device])
                self._start(device, first, self.held[device][first][-2])
                self._end_device()

    def _end_device(self) -> None:
        """A foreign device's chain may run on in held events; this device's chain must
        reach ``next_seq - 1`` and end at ``last_hash`` (an altered newest event is
        already reported)."""
        self._fill(None)
        if self.own is None or self.device != self.own[0]:
            return
        device, next_seq, recorded_last = self.own
        last_seq = self.expected - 1
        if last_seq < next_seq - 1:
            self.report.add(device, last_seq + 1, "missing", next_seq - 1)
        elif self.prev != recorded_last and not self.altered:
            self.report.add(device, last_seq, "last")


def _hash(event: dict, prev_hash: str) -> str | None:
    """The event's chain hash, or None if its payload is no longer JSON (edited by hand)."""
    try:
        event["payload"] = json.loads(event["payload"])
    except ValueError:
        return None
    return chain_hash(event, prev_hash)


def backfill(conn: sqlite3.Connection) -> None:
    """Chain a log recorded before the chain existed (migration m009): per device in
    ``device_seq`` order, and point ``device_state.last_hash`` at this device's newest.
    Part of a shipped migration: change what it writes only through a new migration."""
    last: dict[str, str] = {}
    after: tuple = ("", 0)
    while True:      # in slices by (device_id, device_seq), not updating under an open read
        rows = conn.execute(
            f"SELECT pos, {', '.join(CHAINED_FIELDS)} FROM events "
            "WHERE (device_id, device_seq) > (?, ?) ORDER BY device_id, device_seq LIMIT 10000",
            after).fetchall()
        if not rows:
            break
        links = []
        for row in rows:
            event = dict(zip(("pos",) + CHAINED_FIELDS, row))
            event["payload"] = json.loads(event["payload"])
            prev = last.get(event["device_id"], GENESIS)
            last[event["device_id"]] = chain_hash(event, prev)
            links.append((prev, last[event["device_id"]], event["pos"]))
        conn.executemany("UPDATE events SET prev_hash = ?, hash = ? WHERE pos = ?", links)
        after = (event["device_id"], event["device_seq"])
    own = conn.execute("SELECT device_id FROM device_state WHERE id = 1").fetchone()
    if own is not None:
        conn.execute("UPDATE device_state SET last_hash = ? WHERE id = 1",
                     (last.get(own[0], GENESIS),))
