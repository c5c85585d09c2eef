"""Office mode (issue 12, item 5): work that crosses PCs, and two PCs acting on one dossier
or form set at once — the earlier step (by the office's clock) is kept, the other recorded
as rejected everywhere and its officer told. Real client databases, the real server
process, real PostgreSQL, HTTP on loopback.
"""

from __future__ import annotations

import sqlite3
import time

import psycopg

from counter_app.services import citizen_forms, dossiers
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest, receive
from counter_app.sync import client
from counter_app.sync.loop import SyncLoop
from db import commands, projections
from tests.conftest import table_dump
from tests.core.sync_devices import BIRTH, make_device
from tests.core.test_office_mode import office  # noqa: F401 (fixture)
from tests.core.test_office_numbers import _sync_until
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.helpers import FENCE_S, pg_dump, refresh_until, sqlite_dump

AN = Applicant(full_name="Nguyễn Văn An", id_number="001090000001")
DEPT = "Công chức Tư pháp - Hộ tịch"


def _status(pc, code: str):
    row = pc.conn.execute("SELECT status FROM dossiers WHERE code = ?", (code,)).fetchone()
    return row[0] if row else None


def _same_everywhere(pcs, dsn, office_code) -> None:
    """Every PC's projections equal the hub's read model, and each PC's own rebuild."""
    with psycopg.connect(dsn, autocommit=True) as pg:
        total = pg.execute("SELECT count(*) FROM events WHERE office = %s",
                           (office_code,)).fetchone()[0]
        refresh_until(pg, office_code, total)
        model = pg_dump(pg, office_code, projections.TABLES)
    for pc in pcs:
        assert sqlite_dump(pc.conn, projections.TABLES) == model
        live = table_dump(pc.conn, projections.TABLES)
        commands.rebuild_projections(pc.conn)
        assert table_dump(pc.conn, projections.TABLES) == live


def _everyone_has_everything(pcs) -> bool:
    logs = [{r[0] for r in pc.conn.execute("SELECT id FROM events")} for pc in pcs]
    return all(log == logs[0] for log in logs) and all(
        pc.conn.execute("SELECT count(*) FROM sync_quarantine").fetchone()[0] == 0 for pc in pcs)


def test_a_dossier_received_at_one_counter_is_moved_on_at_another(office, dsn):
    code, a, b = office
    d = receive(a, IntakeRequest("DEMO-HT-05", AN))
    _sync_until([a, b], lambda: _status(b, d["code"]) is not None)
    found = dossiers.search(b, "Nguyễn Văn An")
    assert d["code"] in [x["code"] for x in found]
    dossiers.transfer(b, d["code"], DEPT)
    dossiers.resolve(b, d["code"])
    dossiers.return_result(b, d["code"])
    _sync_until([b, a], lambda: _status(a, d["code"]) == 10 and _everyone_has_everything([a, b]))
    history = dossiers.detail(a, d["code"])["history"]
    assert [h["rejected"] for h in history if h["type"] == "dossier.status_changed"] == \
        [False, False, False]
    _same_everywhere([a, b], dsn, code)


def test_two_pcs_act_on_one_dossier_at_once_the_earlier_step_is_kept(office, dsn):
    """b transfers, then a (not yet told) withdraws; a's later step reaches the hub first.
    Every replica keeps b's transfer, records a's withdrawal as rejected, and a is told."""
    code, a, b = office
    d = receive(a, IntakeRequest("DEMO-HT-05", AN))
    _sync_until([a, b], lambda: _status(b, d["code"]) is not None)
    dossiers.transfer(b, d["code"], DEPT)                 # earlier
    time.sleep(0.01)
    dossiers.withdraw(a, d["code"], "Công dân xin rút hồ sơ")   # later, on a PC not yet told
    assert _status(a, d["code"]) == 7
    assert client.sync_once(a).ok                         # a's step reaches the hub first
    _sync_until([b, a], lambda: _everyone_has_everything([a, b]))
    for pc in (a, b):
        assert _status(pc, d["code"]) == 4               # in processing: b's transfer kept
        [lost] = pc.conn.execute("SELECT event_id, device_id FROM step_conflicts").fetchall()
        assert lost[1] == a.device_id
    history = dossiers.detail(a, d["code"])["history"]
    steps = [(h["payload"]["status"], h["rejected"]) for h in history
             if h["type"] == "dossier.status_changed"]
    assert sorted(steps) == [(4, False), (7, True)]
    notice = client.status_view(a)["conflict_notice"]
    assert d["code"] in notice and "không được ghi nhận" in notice
    assert client.status_view(b)["conflict_notice"] is None
    # The officer told can act again, on the dossier as it now is.
    dossiers.resolve(a, d["code"])
    _sync_until([a, b], lambda: _status(b, d["code"]) == 9 and _everyone_has_everything([a, b]))
    _same_everywhere([a, b], dsn, code)


def test_one_form_set_used_at_two_counters_stays_with_the_earlier(office, dsn):
    code, a, b = office
    draft = citizen_forms.start(a, "DEMO-HT-01", AN)
    draft.forms["to-khai-khai-sinh"].update(BIRTH)
    done = citizen_forms.complete(a, draft)
    _sync_until([a, b], lambda: b.conn.execute(
        "SELECT 1 FROM form_sets WHERE id = ?", (done["id"],)).fetchone() is not None)
    first = receive(b, IntakeRequest("DEMO-HT-01", AN, form_set_id=done["id"]))
    time.sleep(0.01)
    second = receive(a, IntakeRequest("DEMO-HT-01", AN, form_set_id=done["id"]))
    assert client.sync_once(a).ok
    _sync_until([b, a], lambda: _everyone_has_everything([a, b]))
    for pc in (a, b):
        row = pc.conn.execute("SELECT status, dossier_code FROM form_sets WHERE id = ?",
                              (done["id"],)).fetchone()
        assert tuple(row) == ("used", first["code"])
    notice = client.status_view(a)["conflict_notice"]
    assert first["code"] in notice and "Bộ biểu mẫu" in notice
    assert second["code"] != first["code"]
    _same_everywhere([a, b], dsn, code)


def test_a_form_set_completed_at_the_desk_reaches_an_idle_counter(office, tmp_path, request):
    """Both PCs run their sync workers as the app does, except that neither would sync for
    ten minutes on its own: the desk's worker pushes as soon as the set is recorded, and
    the office's change notice (the live stream) makes the counter's pull it. The counter
    then receives the dossier with it."""
    _code, desk, _b = office
    counter = make_device(tmp_path / "demo", tmp_path / "counter3", 3, office_queue=True)
    counter.close()
    with Core.open(counter.db_path, counter.config_path, system=True) as pc:
        assert client.enroll(pc, desk.config.sync.server_url,
                             request.node.enroll_code())["enrolled"]
    workers = [SyncLoop(pc.db_path, pc.config_path, idle_s=600) for pc in (desk, counter)]
    for worker in workers:
        worker.start()
    try:
        deadline = time.monotonic() + FENCE_S
        while not all(w.live.connected and w.attempts >= 1 for w in workers):
            assert time.monotonic() < deadline, "the live streams did not connect"
            time.sleep(0.1)
        draft = citizen_forms.start(desk, "DEMO-HT-01", AN)
        draft.forms["to-khai-khai-sinh"].update(BIRTH)
        done = citizen_forms.complete(desk, draft)
        completed = time.monotonic()
        deadline = completed + FENCE_S
        with sqlite3.connect(counter.db_path) as db:
            while db.execute("SELECT count(*) FROM form_sets WHERE id = ? AND status = "
                             "'completed'", (done["id"],)).fetchone()[0] == 0:
                assert time.monotonic() < deadline, "the counter never heard of the form set"
                time.sleep(0.05)
        print(f"form set at the counter {time.monotonic() - completed:.2f} s after completion")
    finally:
        for worker in workers:
            worker.stop()
    with Core.open(counter.db_path, counter.config_path, system=True) as pc:
        ready = citizen_forms.ready_for(pc, AN.id_number)
        assert [s["id"] for s in ready] == [done["id"]]
        d = receive(pc, IntakeRequest("DEMO-HT-01", AN, form_set_id=done["id"]))
        assert d["form_set_id"] == done["id"]


def test_a_competent_receipt_that_loses_is_undone_with_its_due_date(office, dsn):
    """A dossier taken for another commune, its due date pending: b transfers it, then a
    (not yet told) records the competent agency's receipt, and a's step reaches the hub
    first. The receipt loses everywhere: a's replica undoes it (no ``counted_from``, no
    due date again) and every replica, the hub's included, holds the same rows."""
    from datetime import datetime

    from counter_app.domain.clock import LOCAL_TZ
    from counter_app.services import competent
    code, a, b = office
    d = receive(a, IntakeRequest("DEMO-HT-05", AN, competent_agency="UBND xã Bên Cạnh"))
    _sync_until([a, b], lambda: _status(b, d["code"]) is not None)
    dossiers.transfer(b, d["code"], "UBND xã Bên Cạnh")          # earlier
    time.sleep(0.01)
    at = max(datetime.now(LOCAL_TZ).replace(second=0, microsecond=0),
             dossiers.parse_utc(d["received_at"]))           # not before the counter's
    done = competent.record_receipt(a, d["code"], at)
    assert done["counted_from"] and done["due_at"]
    assert client.sync_once(a).ok                                # a's step reaches the hub first
    _sync_until([b, a], lambda: _everyone_has_everything([a, b]))
    for pc in (a, b):
        row = pc.conn.execute("SELECT status, counted_from, due_at, competent_agency FROM "
                              "dossiers WHERE code = ?", (d["code"],)).fetchone()
        assert tuple(row) == (4, None, None, "UBND xã Bên Cạnh")
    _same_everywhere([a, b], dsn, code)
