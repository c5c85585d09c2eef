"""Several real client databases of one office, as sync sees them (test helper).

Each device is a copy of the demo database: the first keeps the demo's device
identity, the others get their own (as a newly enrolled PC that has pulled the
office's history: the setup events belong to another device) and their own block
of dossier codes, so no two devices mint the same code.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from counter_app.domain.ids import new_id
from counter_app.services.core import Core

CODE_BLOCK = 1000


def make_device(template: Path, folder: Path, index: int) -> Core:
    """Device ``index`` (0 keeps the demo's identity) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    db, cfg = folder / "db.sqlite", folder / "config.json"
    shutil.copy(template / "db.sqlite", db)
    config = json.loads((template / "config.json").read_text(encoding="utf-8-sig"))
    config.setdefault("codes", {}).update(block_start=index * CODE_BLOCK + 1,
                                          block_end=(index + 1) * CODE_BLOCK)
    config.setdefault("device", {})["counter_number"] = index + 1
    cfg.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    core = Core.open(db, cfg, system=True)
    if index:
        # A new device's chain starts at GENESIS, like any newly enrolled PC's.
        core.conn.execute("UPDATE device_state SET device_id = ?, next_seq = 1, last_hash = '' "
                          "WHERE id = 1", (f"dev{index}-{new_id()}",))
    return core


def wire_events(core: Core, own_only: bool = True) -> list[dict]:
    """The events of ``core`` as the server would hand them out (protocol v1 dicts)."""
    where = "WHERE device_id = (SELECT device_id FROM device_state WHERE id = 1)" \
        if own_only else ""
    rows = core.conn.execute(
        "SELECT id, device_id, device_seq, hlc, officer_id, entity, entity_id, type, "
        f"schema_version, payload, recorded_at, prev_hash, hash FROM events {where} ORDER BY pos")
    return [{**dict(r), "payload": json.loads(r["payload"])} for r in rows]
