"""Asking the office hub for the queue's decisions (docs/OFFICE.md).

An enrolled PC uses its office's hub — the sync server — for every queue action by
default (``sync.office_queue``): the hub issues the numbers and decides the calls for
every PC of the office. Its answer carries the events it recorded; they are stored here
as pulled events (``inbound.apply_pulled``, the one path for other devices' events) and a
pull follows, so this PC's own tables show the decision at once.

When the hub cannot be reached within ``TIMEOUT_S``, the caller decides alone (island
mode): numbers then carry this PC's island tag ("AK005" beside the hub's "A005"), so they
can never collide with the hub's, and they merge when sync resumes. The mode is kept in
the sync status report for the status bar. A request sent but not answered may have been
decided by the hub all the same: its id is kept and the hub undoes that decision later
(``lost``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app import config as config_mod
from counter_app.errors import NotFound, UserInputError
from counter_app.services.core import Core
from counter_app.sync import client, inbound, lost, state
from counter_app.sync.transport import Refused, SyncFailure, Transport, Unreachable
from db import event_store

TIMEOUT_S = 2.0                 # a counter waits this long before working alone
ISLAND_FALLBACK_TAG = "X"       # a PC enrolled before tags existed, until its next sync
RETRY_S = 15.0                  # after the hub failed, work alone this long before asking again


class HubUnavailable(Exception):
    """The hub did not answer: decide here, in island mode."""


class Hub:
    def __init__(self, core: Core, cfg: config_mod.SyncConfig) -> None:
        self.core, self.cfg = core, cfg

    @property
    def island_tag(self) -> str:
        return self.cfg.island_tag or ISLAND_FALLBACK_TAG

    def ask(self, path: str, body: dict[str, Any]) -> dict:
        """The hub's decision (``{"ticket", "events", "day"}``), its events stored here.
        Raises ``HubUnavailable`` (work alone), or the hub's refusal as the error a
        decision here would have raised (``NotFound``, ``UserInputError``)."""
        core = self.core
        report = state.load(core.db_path)
        if report.get("mode") == "island" and _seconds_since(
                report.get("mode_since"), core.clock.now_ms()) < RETRY_S:
            # Just failed: do not make every citizen wait TIMEOUT_S again.
            raise HubUnavailable(report.get("mode_why") or "")
        body = {**body, "hlc": lost.last_hlc(core.conn), "request_id": lost.new_request_id()}
        awaiting = False        # sent, no answer yet: the hub may decide without telling us
        try:
            with Transport(self.cfg.server_url, self.cfg.device_secret,
                           connect_timeout=TIMEOUT_S, read_timeout=TIMEOUT_S * 3) as t:
                _push_first(core, t)
                # Earlier decisions whose answers were lost are undone before this one.
                lost.settle(core.conn, core.db_path, t, core.clock.now_ms())
                awaiting = True
                answer = t.hub(path, body)
                awaiting = False
                events = answer.get("events")
                if not isinstance(events, list):
                    raise Refused("Máy chủ điều phối trả lời không đúng giao thức.")
                inbound.apply_pulled(core.conn, events, None, core.clock.now_ms())
                try:
                    client.pull(core.conn, t, core.clock.now_ms)
                except SyncFailure:
                    pass        # the decision is made and stored; the sync worker pulls later
        except Unreachable as exc:
            if awaiting:    # the hub may have decided: undone once it is reachable again
                lost.remember(core.db_path, body["request_id"], path, core.clock.now_ms())
            state.record_mode(core.db_path, core.clock.now_ms(), "island", str(exc))
            raise HubUnavailable(str(exc)) from None
        except Refused as exc:
            status = exc.detail.get("status")
            if status == 404:
                raise NotFound(_said(exc)) from None
            if status == 409:
                raise UserInputError(_said(exc)) from None
            raise
        state.record_mode(core.db_path, core.clock.now_ms(), "office", None)
        return answer


def _push_first(core: Core, t: Transport) -> None:
    """What this PC did alone (island mode) reaches the hub before it decides for this PC
    again: a ticket this counter called while away is not handed to it, or to another
    counter, a second time. Only an unreachable hub stops the decision; any other sync
    problem is the sync worker's to report."""
    if not event_store.pending_sync(core.conn):
        return
    try:
        client.push(core.conn, t, t.status())
    except Unreachable:
        raise
    except SyncFailure:
        pass


def hub_for(core: Core) -> Hub | None:
    """This PC's office hub, or None when it keeps its own queue (not enrolled, or
    ``sync.office_queue`` off)."""
    cfg = config_mod.load(core.config_path).sync
    if not (cfg.server_url and cfg.device_secret and cfg.office_queue):
        return None
    return Hub(core, cfg)


def _seconds_since(iso: object, now_ms: int) -> float:
    try:
        then = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return float("inf")
    return now_ms / 1000 - then.timestamp()


def _said(exc: Refused) -> str:
    """The hub's own Vietnamese message (what a decision here would have said)."""
    return exc.detail.get("said") or str(exc)
