"""The events the sync benchmark pushes: recorded by a real client database doing real work.

A demo office (``initialise(demo=True)``) serves citizens one after another at counter 1:
ticket issued at the kiosk, called, started, the dossier received (citizen registered, code
allocated, dossier received), ticket finished — seven events a visit, through the real
commands, projections and hash chain. The database is built once under the data folder and
reused (100,000 events take a few minutes to record).

Several benchmark devices need several chains: device 0 pushes the client's events exactly
as recorded (its own id, its own chain); device k > 0 pushes the same events relabelled —
its own device id, ids suffixed ``-k`` — and re-chained with the real ``chain_hash``.
Types and payloads stay the ones the client recorded.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

from benchmarks.dossiers import FAMILY, GIVEN, MIDDLE, PROCEDURES
from benchmarks.harness import demo_dataset
from counter_app.domain.clock import FixedClock
from counter_app.domain.events import GENESIS, chain_hash
from counter_app.services import intake, queue
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest
from db.event_store import all_events, count

START_MS = 1_796_600_000_000        # 2026-12-07 08:00 (UTC+7), a working Monday
SERVICES = ("A", "B", "C", "D")
SOURCE = ("recorded by a real client database (demo office, counter 1): ticket issued, called, "
          "started, dossier received with its citizen and code, ticket finished — 7 events a "
          "visit; extra devices push the same events relabelled and re-chained with chain_hash")


def client_events(folder: Path, size: int) -> list[dict[str, Any]]:
    """The first ``size`` events of a client database that has recorded at least ``size``
    (built once into ``folder``), as the wire carries them, in ``device_seq`` order."""
    db, cfg = demo_dataset(folder, f"sync-{size}", lambda core: _serve_citizens(core, size))
    core = Core.open(db, cfg, system=True)
    try:
        events = [dataclasses.asdict(e) for e in all_events(core.conn)]
    finally:
        core.close()
    events.sort(key=lambda e: e["device_seq"])
    return events[:size]


def _serve_citizens(core: Core, size: int) -> None:
    core.clock = FixedClock(START_MS)
    rnd = random.Random(20261207)
    visit = 0
    while count(core.conn) < size:
        visit += 1
        # Two minutes a visit, so a day holds ~720 tickets (below every service's cap).
        core.clock.advance(120_000)
        ticket = queue.issue_ticket(core, SERVICES[visit % len(SERVICES)])
        queue.act(core, ticket["id"], "call", 1)
        queue.act(core, ticket["id"], "start", 1)
        name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
        applicant = Applicant(full_name=name, id_number=f"0{rnd.randrange(10**10, 10**11)}",
                              address=f"Số {visit % 300 + 1}, đường Lê Lợi, phường Bến Thành")
        intake.receive(core, IntakeRequest(rnd.choice(PROCEDURES)[0], applicant,
                                           ticket_id=ticket["id"]))
        queue.act(core, ticket["id"], "finish", 1)


def relabel(events: list[dict[str, Any]], device_id: str, suffix: str) -> list[dict[str, Any]]:
    """The same events as another device's chain: new device id and event ids, re-hashed."""
    prev, out = GENESIS, []
    for event in events:
        event = dict(event, id=f"{event['id']}{suffix}", device_id=device_id, prev_hash=prev)
        event["hash"] = prev = chain_hash(event, prev)
        out.append(event)
    return out
