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

from hypothesis import strategies as st

from counter_app.domain.ids import new_id
from counter_app.errors import CounterError
from counter_app.services import citizen_forms, dossiers, queue
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest, receive

CODE_BLOCK = 1000


def make_device(template: Path, folder: Path, index: int, office_queue: bool = False) -> Core:
    """Device ``index`` (0 keeps the demo's identity) in ``folder``. Tests of sync itself
    keep each PC's own queue (``office_queue`` False); office-mode tests ask the hub."""
    folder.mkdir(parents=True, exist_ok=True)
    db, cfg = folder / "db.sqlite", folder / "config.json"
    shutil.copy(template / "db.sqlite", db)
    config = json.loads((template / "config.json").read_text(encoding="utf-8-sig"))
    config.setdefault("codes", {}).update(block_start=index * CODE_BLOCK + 1,
                                          block_end=(index + 1) * CODE_BLOCK)
    config.setdefault("device", {})["counter_number"] = index + 1
    config.setdefault("sync", {})["office_queue"] = office_queue
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


# Entities every device of the office shares (drafts, device_state, printer_status are
# per device by design; the search index follows dossiers).
SHARED = ["dossiers", "dossier_handovers", "dossier_files", "dossier_codes", "tickets",
          "ticket_calls", "citizens", "form_sets", "field_versions"]
PEOPLE = [("Nguyễn Văn An", "001090000001"), ("Trần Thị Bình", "001090000002"),
          ("Lê Hoàng Cường", "001090000003")]
BIRTH = {"nyc_quan_he": "Mẹ", "ho_ten": "Trần Minh An", "ngay_sinh": "01/03/2026",
         "gioi_tinh": "Nam", "dan_toc": "Kinh", "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
         "que_quan": "Xã Mẫu, tỉnh Mẫu", "cha_me": [{"ho_ten": "Trần Thị Bình"}]}
# Real work a device does (do_work): take a number, call one, receive a dossier, move
# a dossier on, complete (and maybe use) a form set, update a known citizen's phone.
WORK = ["ticket", "call", "intake", "dossier_step", "form_set", "phone"]


def _person(data) -> Applicant:
    name, number = data.draw(st.sampled_from(PEOPLE))
    phone = data.draw(st.sampled_from(["", "0901000001", "0902000002", "0903000003"]))
    return Applicant(full_name=name, id_number=number, phone=phone)


def _own(core, table: str, where: str = "") -> list[str]:
    """Ids of rows whose entity this device created (only their creator moves them)."""
    return [r[0] for r in core.conn.execute(
        f"SELECT {table}.id FROM {table} JOIN events e ON e.entity_id = {table}.id AND "
        f"e.device_id = (SELECT device_id FROM device_state) AND e.type IN "
        f"('ticket.issued', 'dossier.received') {where} ORDER BY {table}.id")]


def do_work(core: Core, index: int, kind: str, data) -> None:
    """One piece of ``kind`` work on device ``index`` (counter index + 1), its details
    drawn from Hypothesis' ``data``."""
    counter = index + 1
    if kind == "ticket":
        queue.issue_ticket(core, data.draw(st.sampled_from(["A", "B"])))
    elif kind == "call":
        waiting = _own(core, "tickets", "WHERE tickets.status = 'waiting'")
        if waiting:
            queue.act(core, data.draw(st.sampled_from(waiting)), "call", counter)
    elif kind == "intake":
        receive(core, IntakeRequest("DEMO-HT-05", _person(data)))
    elif kind == "dossier_step":
        own = _own(core, "dossiers")
        if own:
            code = core.conn.execute("SELECT code FROM dossiers WHERE id = ?",
                                     (data.draw(st.sampled_from(own)),)).fetchone()[0]
            step = data.draw(st.sampled_from(["transfer", "resolve", "return"]))
            try:
                if step == "transfer":
                    dossiers.transfer(core, code, "Công chức Tư pháp - Hộ tịch")
                elif step == "resolve":
                    dossiers.resolve(core, code)
                else:
                    dossiers.return_result(core, code)
            except CounterError:
                pass                            # not a legal step from its status
    elif kind == "form_set":
        draft = citizen_forms.start(core, "DEMO-HT-01", _person(data))
        draft.forms["to-khai-khai-sinh"].update(BIRTH)
        done = citizen_forms.complete(core, draft)
        if data.draw(st.booleans()):
            receive(core, IntakeRequest("DEMO-HT-01", _person(data), form_set_id=done["id"]))
    elif kind == "phone":
        # Intake of a known citizen with a new phone: citizen.updated on a citizen that
        # may have been registered by another device (last writer wins per field).
        receive(core, IntakeRequest("DEMO-HT-05", _person(data)))
