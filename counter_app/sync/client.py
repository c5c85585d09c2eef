"""The sync client: enroll, push, pull (docs/SYNC.md §1; shared/architecture.md §3).

Rules:
- Push sends this device's events above ``push_acked_seq`` in ``device_seq`` order, in
  batches of at most 500 events and 1 MB. The acknowledgement is recorded only after the
  server's answer, in its own transaction: a lost answer means the batch is sent again,
  and the server stores each event once (idempotent by id), so nothing is lost or doubled.
- Where to resume is the server's word (``/v1/status``; a 409 gap's ``expected_seq``).
- Password hashes travel beside the events (``exchange_credentials``; docs/SECURITY.md).
- A server ahead of this device's own log (restored from a backup) means pull first: the
  pull takes this device's own missing events back (inbound ``_adopt_own``), then push.
- A 422 chain break, a revoked device and any other refusal stop the sync with a
  ``SyncFailure``; nothing here loops on a refusal (a gap is retried at most twice).
- Pull asks until ``more`` is false; each batch goes through ``inbound.apply_pulled``
  with its cursor (one transaction each).
- ``sync_once`` never raises a ``SyncFailure``: it returns a summary with the errors and
  writes the status report (``sync.state``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

import httpx

from counter_app import config as config_mod
from counter_app.config_check import server_url_problem
from counter_app.domain import device_roles
from counter_app.errors import CounterError, UserInputError
from counter_app.services.core import Core, guarded
from counter_app.sync import inbound, lost, office, state
from counter_app.sync.transport import (ChainBroken, Gap, NotEnrolled, Refused, SyncFailure, TooLarge,
                                        Transport, encode_batch)
from db import credentials, event_store
from db.connection import write_transaction

MAX_BATCH = 500
MAX_BODY = 1024 * 1024 - 4096      # the server's limit, less room for the envelope
PULL_LIMIT = 500
Progress = Callable[[int, int], None]


@dataclass
class SyncSummary:
    pushed: int = 0
    pulled: int = 0
    quarantined: int = 0            # pulled events held in the local quarantine
    server_quarantined: int = 0     # own events the server stored but quarantined
    clock_skew_s: float | None = None
    errors: list[dict] = field(default_factory=list)
    office: dict = field(default_factory=dict)      # office mode: sync/office.after_sync
    failure: CounterError | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data.pop("failure")
        return {"ok": self.ok, **data, "clock_warning": state.skew_warning(self.clock_skew_s)}


def clock_skew_s(server_time: object, local_ms: int) -> float | None:
    """This PC's clock minus the server's, in seconds (positive: we are ahead)."""
    try:
        server = datetime.fromisoformat(str(server_time).replace("Z", "+00:00"))
    except ValueError:
        return None
    return (local_ms - server.timestamp() * 1000) / 1000


@guarded
def enroll(core: Core, server_url: str, code: str, label: str | None = None,
           role: str | None = None, counter: int | None = None) -> dict:
    """Exchange a one-time code for this device's secret; save server, secret and office,
    and the PC's role in the office (``device.role``, ``device.counter_number``): the
    window the app opens from then on. No role given: the PC keeps the one it has."""
    server_url = server_url.strip().rstrip("/")
    problem = server_url_problem(server_url)
    if problem or not server_url:
        raise UserInputError(f"Địa chỉ máy chủ đồng bộ không hợp lệ: {problem or 'đang trống'}.")
    if not code.strip():
        raise UserInputError("Hãy nhập mã đăng ký do quản trị viên máy chủ cấp.")
    device = core.config.device
    role = device_roles.parse_role(role) if role else device.role
    if counter is None and not (role == "counter" and role != device.role):
        counter = device.counter_number     # a PC made a counter must be told which one
    counter = device_roles.check_counter(role, counter)
    name = label or device.name or device_roles.device_label(role, counter)
    with Transport(server_url) as t:
        answer = t.enroll(code.strip(), core.device_id, name.strip())
    if not isinstance(answer.get("secret"), str) or not isinstance(answer.get("office"), str):
        raise Refused(f"Máy chủ {server_url} trả lời không đúng giao thức đồng bộ.")
    cfg = config_mod.load(core.config_path)
    tag = answer.get("island_tag")
    cfg.sync = config_mod.SyncConfig(server_url=server_url, device_secret=answer["secret"],
                                     office=answer["office"],
                                     office_queue=cfg.sync.office_queue,
                                     island_tag=tag if isinstance(tag, str) else "")
    cfg.device.role, cfg.device.counter_number = role, counter
    config_mod.save(cfg, core.config_path)
    core.config = cfg
    skew = clock_skew_s(answer.get("server_time"), core.clock.now_ms())
    state.record(core.db_path, core.clock.now_ms(), error=None, counts={}, clock_skew_s=skew)
    return {"enrolled": True, "server": server_url, "office": answer["office"],
            "device": core.device_id, "role": role, "counter": counter,
            "island_tag": cfg.sync.island_tag or None, "clock_skew_s": skew,
            "clock_warning": state.skew_warning(skew)}


@guarded
def sync_once(core: Core, progress: Progress | None = None, *,
              transport: httpx.BaseTransport | None = None) -> SyncSummary:
    """Push, then pull, once. Errors are in the summary (and the status report).
    ``transport``: the httpx transport to send through (httpx's own by default)."""
    summary = SyncSummary()
    try:
        cfg = config_mod.load(core.config_path).sync
        if not (cfg.server_url and cfg.device_secret):
            raise NotEnrolled("Máy này chưa đăng ký với máy chủ đồng bộ. Đăng ký bằng: "
                              "counter-app sync enroll --server ĐỊA_CHỈ --code MÃ")
        with Transport(cfg.server_url, cfg.device_secret, transport=transport) as t:
            where = t.status()
            summary.clock_skew_s = clock_skew_s(where.get("server_time"), core.clock.now_ms())
            _check_identity(core, where)
            _remember_island_tag(core, where.get("island_tag"))
            if cfg.office_queue and state.load(core.db_path).get("mode") == "island":
                # The hub answers again: decide with it from now on, not 15 s from the
                # last failure, so this PC stops deciding alone once its work is pushed.
                state.record_mode(core.db_path, core.clock.now_ms(), "office", None)
            _check_same_history(core.conn, where)
            behind = _behind(core.conn, where)
            if not behind:
                summary.pushed, summary.server_quarantined = push(core.conn, t, where, progress)
            summary.pulled, summary.quarantined = pull(core.conn, t, core.clock.now_ms)
            if behind:      # restored from a backup: the pull took our own events back
                summary.pushed, summary.server_quarantined = push(core.conn, t, t.status(),
                                                                  progress)
            # After the push, so the hub knows what this PC did alone before undoing.
            lost.settle(core.conn, core.db_path, t, core.clock.now_ms())
            exchange_credentials(core.conn, t, where, core.clock.now_ms())
            if cfg.office_queue:
                # Office mode: code leases, book lines, lost steps (docs/OFFICE.md).
                summary.office = office.after_sync(
                    core, t, lambda: pull(core.conn, t, core.clock.now_ms))
    except SyncFailure as exc:
        summary.errors.append({"kind": exc.kind, "message": str(exc)})
        summary.failure = exc
    except CounterError as exc:     # this PC's side: database busy, config wrong…
        summary.errors.append({"kind": "local", "message": str(exc)})
        summary.failure = exc
    counts = {"pushed": summary.pushed, "pulled": summary.pulled,
              "quarantined": summary.quarantined}
    state.record(core.db_path, core.clock.now_ms(), error=summary.errors[0] if summary.errors
                 else None, counts=counts, clock_skew_s=summary.clock_skew_s)
    return summary


def _remember_island_tag(core: Core, tag: object) -> None:
    """A device enrolled before island tags existed learns its tag on its next sync."""
    if not isinstance(tag, str) or not tag:
        return
    cfg = config_mod.load(core.config_path)
    if cfg.sync.island_tag != tag:
        cfg.sync.island_tag = tag
        config_mod.save(cfg, core.config_path)
        core.config = cfg


def _check_identity(core: Core, where: dict) -> None:
    if where.get("device_id") != core.device_id:
        raise Refused("Máy chủ biết máy này với mã thiết bị khác (cơ sở dữ liệu đã bị thay hoặc "
                      "khôi phục từ bản sao). Hãy đăng ký lại máy bằng mã đăng ký mới.")


def push(conn, t: Transport, where: dict, progress: Progress | None = None) -> tuple[int, int]:
    """Send every unacknowledged own event; (events newly acknowledged, quarantined ids)."""
    acked = _resume_from(conn, where.get("acked_seq"))
    start, total = acked, event_store.pending_sync(conn)
    batch, gaps, quarantined = MAX_BATCH, 0, 0
    while True:
        events = _fit([dataclasses.asdict(e) for e in
                       event_store.own_events_after(conn, acked, batch)])
        if not events:
            return acked - start, quarantined
        try:
            answer = t.push(events)
        except Gap as exc:
            gaps += 1
            if gaps > 2:
                raise Refused("Máy chủ liên tục báo thiếu sự kiện; hãy báo quản trị viên.") from None
            expected = exc.detail.get("expected_seq")
            if not isinstance(expected, int):
                expected = int(t.status().get("acked_seq", 0)) + 1
            acked = _resume_from(conn, expected - 1)
            continue
        except ChainBroken:
            # The events before the break were stored: record that, then stop.
            _resume_from(conn, t.status().get("acked_seq"))
            raise
        except TooLarge:
            if len(events) == 1:
                raise Refused(f"Sự kiện số {events[0]['device_seq']} quá lớn để gửi.") from None
            batch = max(1, len(events) // 2)
            continue
        new = answer.get("acked_seq")
        if not isinstance(new, int) or new <= acked:
            raise Refused("Máy chủ không nhận thêm sự kiện nào của gói vừa gửi.")
        acked = _record_ack(conn, new)
        quarantined += len(answer.get("quarantined") or ())
        if progress:
            progress(acked - start, total)


def _fit(events: list[dict]) -> list[dict]:
    """The longest prefix whose request body stays within MAX_BODY (at least one event)."""
    size = len(encode_batch(events))
    while len(events) > 1 and size > MAX_BODY:
        events = events[: len(events) // 2]
        size = len(encode_batch(events))
    return events


def exchange_credentials(conn, t: Transport, where: dict, now_ms: int) -> None:
    """The password hashes beside the log (db/credentials.py): keep those the server
    handed out with its status, hand it those set here, forget older ones, and scrub
    the hashes older versions wrote into events the server now has."""
    if credentials.new_rows(conn, where.get("credentials")):
        with write_transaction(conn):
            credentials.receive(conn, where.get("credentials"))
    waiting = credentials.unshared(conn)[:500]     # the server takes 500 at a time
    if waiting:
        accepted = t.credentials(waiting).get("accepted")
        done = set(accepted) if isinstance(accepted, list) else set()
        if done:
            with write_transaction(conn):
                credentials.mark_shared(conn, [(r["officer_id"], r["digest"])
                                               for r in waiting if r["digest"] in done])
    if credentials.tidy_due(conn):
        with write_transaction(conn):
            credentials.scrub(conn, now_ms)
            credentials.prune(conn)


def _check_same_history(conn, where: dict) -> None:
    """The server's last event of this device must be this log's event at that seq.
    Else the database was restored from a backup and recorded new events before it
    synced: the same numbers now carry other events here and on the server."""
    acked, last_hash = where.get("acked_seq"), where.get("last_hash")
    if not isinstance(acked, int) or acked < 1 or not isinstance(last_hash, str):
        return
    mine = conn.execute("SELECT hash FROM events WHERE device_id = (SELECT device_id FROM "
                        "device_state WHERE id = 1) AND device_seq = ?", (acked,)).fetchone()
    if mine is not None and mine[0] != last_hash:
        raise Refused(f"Máy chủ có sự kiện số {acked} của máy này khác với sự kiện cùng số trên "
                      "máy: dữ liệu đã được khôi phục từ bản sao rồi ghi thêm trước khi đồng "
                      "bộ. Hãy báo quản trị viên đăng ký lại máy (Quản trị → Đăng ký lại máy…).")


def _behind(conn, where: dict) -> bool:
    """True when the server has more of this device's events than its log: the
    database was restored from a backup. Then the pull comes first and takes them
    back (inbound ``_adopt_own``), so no sequence number is used twice."""
    acked = where.get("acked_seq")
    last = conn.execute("SELECT next_seq - 1 FROM device_state WHERE id = 1").fetchone()[0]
    return isinstance(acked, int) and acked > last


def _resume_from(conn, server_acked: object) -> int:
    """Take the server's acked seq as ours (it is what the server has stored)."""
    if not isinstance(server_acked, int) or server_acked < 0:
        raise Refused("Máy chủ trả lời không đúng giao thức đồng bộ (acked_seq).")
    last = conn.execute("SELECT next_seq - 1 FROM device_state WHERE id = 1").fetchone()[0]
    if server_acked > last:
        raise Refused(f"Máy chủ đã có {server_acked} sự kiện của máy này, nhiều hơn cơ sở dữ "
                      f"liệu đang có ({last}), và không nhận lại được phần thiếu: dữ liệu đã "
                      "được khôi phục từ bản sao rồi ghi thêm trước khi đồng bộ. Hãy báo quản "
                      "trị viên đăng ký lại máy (Quản trị → Đăng ký lại máy…).")
    if server_acked != event_store.push_acked_seq(conn):
        _record_ack(conn, server_acked)
    return server_acked


def _record_ack(conn, seq: int) -> int:
    with write_transaction(conn):
        conn.execute("UPDATE device_state SET push_acked_seq = ? WHERE id = 1", (seq,))
    return seq


def pull(conn, t: Transport, now_ms: Callable[[], int]) -> tuple[int, int]:
    """Pull and apply until the server has no more; (applied, held in quarantine)."""
    cursor, applied, held = inbound.pull_cursor(conn), 0, 0
    while True:
        answer = t.pull(cursor, PULL_LIMIT)
        events, new_cursor = answer.get("events"), answer.get("cursor")
        if not isinstance(events, list) or not isinstance(new_cursor, str):
            raise Refused("Máy chủ trả lời không đúng giao thức đồng bộ (pull).")
        report = inbound.apply_pulled(conn, events, new_cursor, now_ms())
        applied += len(report.applied) + len(report.released)
        held += len(report.quarantined)
        if not answer.get("more") or new_cursor == cursor:
            return applied, held
        cursor = new_cursor


@guarded
def status_view(core: Core) -> dict:
    """What ``sync status`` and the status bar show (reads only; no network)."""
    cfg = config_mod.load(core.config_path).sync
    report = state.load(core.db_path)
    skew = report.get("clock_skew_s")
    enrolled = bool(cfg.server_url and cfg.device_secret)
    return {"enrolled": enrolled, "server": cfg.server_url or None,
            "office": cfg.office or None, "device": core.device_id,
            "pending": event_store.pending_sync(core.conn),
            "last_success": report.get("last_success"),
            "last_attempt": report.get("last_attempt"),
            "last_error": report.get("last_error"),
            "clock_skew_s": skew, "clock_warning": state.skew_warning(skew),
            # Office mode (docs/OFFICE.md): whose queue this PC's last queue action used.
            "office_queue": enrolled and cfg.office_queue,
            "queue_mode": report.get("mode") if enrolled and cfg.office_queue else None,
            "island_tag": cfg.island_tag or None,
            # A step of this PC that lost to another PC's earlier one (docs/OFFICE.md).
            "conflict_notice": (report.get("conflict_notice") or {}).get("message")}
