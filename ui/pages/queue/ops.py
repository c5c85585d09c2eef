"""What the counter queue panel reads and does, as plain operations for the DB worker.

Each operation runs on the worker thread as ``fn(core)`` and returns plain
values; an action returns the ticket it touched *and* a fresh view, so the
panel updates from one round trip. Nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from counter_app.domain.clock import to_local
from counter_app.domain.queue import ACTIONS, TicketStatus
from counter_app.services import queue, queue_config, queue_stats
from counter_app.services.core import Core

# The panel's buttons that act on the current ticket (keys of domain.queue.ACTIONS).
TICKET_ACTIONS = ("recall", "start", "finish", "no_show", "transfer")


@dataclass(frozen=True)
class QueueView:
    """One snapshot of the queue as this counter sees it."""

    counter: int | None
    now: datetime                 # the core's clock (UTC) when read
    current: dict | None          # queue.current_at(); None when the counter is free
    waiting: list[dict]           # queue.waiting(): only what this counter serves
    services: list[dict]          # queue_stats.status()["services"]: waiting counts
    counters: list[dict]          # queue_stats.status()["counters"]: who serves what
    served_codes: frozenset[str] = field(default_factory=frozenset)
    next_number: str | None = None  # whom "Gọi số tiếp theo" would call now


@dataclass(frozen=True)
class ActionResult:
    """What an action did (``ticket`` is None when nobody was waiting) and the view after it."""

    action: str
    ticket: dict | None
    view: QueueView


def read_view(core: Core, counter: int | None) -> QueueView:
    status = queue_stats.status(core)
    served = frozenset(s["code"] for s in queue_config.list_services(core)
                       if counter is not None and (not s["counters"] or counter in s["counters"]))
    waiting = queue.waiting(core, counter)
    return QueueView(
        counter=counter, now=core.clock.now_utc(),
        current=queue.current_at(core, counter) if counter is not None else None,
        waiting=waiting, services=status["services"], counters=status["counters"],
        served_codes=served,
        next_number=queue.peek_next(core, counter) if counter is not None else None)


def legal_actions(current: dict | None) -> frozenset[str]:
    """The ticket actions the core would accept for the current ticket (mirrors ACTIONS)."""
    if current is None:
        return frozenset()
    status = TicketStatus(current["status"])
    return frozenset(a for a in TICKET_ACTIONS if status in ACTIONS[a][0])


def call_next_op(counter: int) -> Callable[[Core], ActionResult]:
    def call_next(core: Core) -> ActionResult:
        ticket = queue.call_next(core, counter)
        return ActionResult("next", ticket, read_view(core, counter))
    return call_next


def act_op(counter: int, ticket_id: str, action: str) -> Callable[[Core], ActionResult]:
    def act(core: Core) -> ActionResult:
        ticket = queue.act(core, ticket_id, action, counter)
        return ActionResult(action, ticket, read_view(core, counter))
    return act


def transfer_op(counter: int, ticket_id: str, to_service: str | None,
                to_counter: int | None) -> Callable[[Core], ActionResult]:
    def transfer(core: Core) -> ActionResult:
        ticket = queue.transfer(core, ticket_id, to_service=to_service, to_counter=to_counter)
        return ActionResult("transfer", ticket, read_view(core, counter))
    return transfer


def call_number_op(counter: int, number: str) -> Callable[[Core], ActionResult]:
    """Call a number as printed ("a025" finds A025).

    A citizen marked absent who comes back holds the same paper: the ticket is
    put back in the queue and called in one go, as the officer would expect.
    """
    def call_number(core: Core) -> ActionResult:
        found = queue.find_today(core, number)
        if found["status"] == TicketStatus.NO_SHOW:
            queue.act(core, found["id"], "requeue")
        ticket = queue.call_number(core, counter, found["number"])
        return ActionResult("call", ticket, read_view(core, counter))
    return call_number


def _parse_utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def local_hhmm(iso: str | None) -> str:
    """"2026-11-23T02:05:00.000Z" → "09:05" (Hà Nội time)."""
    return to_local(_parse_utc(iso)).strftime("%H:%M") if iso else ""


def waited_minutes(iso: str, now: datetime) -> int:
    return max(0, int((now - _parse_utc(iso)).total_seconds() // 60))
