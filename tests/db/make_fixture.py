"""Make the fixture database of the current schema version.

Run once per released schema version, before adding the next migration:

    python -m tests.db.make_fixture

It writes tests/fixtures/db/schema_vN.sqlite with realistic rows (officers,
an updated and a disabled account, counters, services). Commit the file and
never regenerate an old one: tests open every fixture with the newest code.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import json
from datetime import date, datetime

from counter_app import catalogue_io

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.services import (calendar, catalogue, citizen_forms, codes, dossiers, drafts, intake,
                                  officers, queue, queue_config)
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.core import Core
from counter_app.services.setup import initialise
from db.migrations import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"


def make(target_dir: Path = FIXTURES) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        db, cfg = Path(tmp) / "db.sqlite", Path(tmp) / "config.json"
        initialise(db, cfg, demo=True)
        core = Core.open(db, cfg, system=True)
        ids = {r["username"]: r["id"] for r in officers.list_officers(core)}
        officers.set_role(core, ids["canbo2"], "support")
        officers.set_active(core, ids["lanhdao"], False)
        officers.create_officer(core, "vanthu", "Đỗ Thị Hằng", "counter", "matkhau-cu-123")
        _add_v2_rows(core)
        _add_v13_rows(core)     # a catalogue import: before the steps that log in canbo1
        _add_v3_rows(core)
        _add_v4_rows(core)
        _add_v5_rows(core)
        _add_v6_rows(core)
        _add_v8_rows(core)
        _add_v10_rows(core)
        _add_v11_rows(core)
        _add_v12_rows(core)
        _add_v14_rows(core)
        _add_v15_rows(core)
        _add_v16_rows(core)
        _add_v17_rows(core)
        _add_v18_rows(core)
        _add_v19_rows(core)
        core.close()
        target = target_dir / f"schema_v{SCHEMA_VERSION}.sqlite"
        target_dir.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(db)
        dest = sqlite3.connect(target)
        src.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
        dest.close()
        src.close()
    return target


def _add_v2_rows(core: Core) -> None:
    """Rows of the tables schema v2 added: calendar overrides, codes, catalogue changes."""
    calendar.set_day(core, date(2026, 3, 6), "off", "Nghỉ theo quyết định của UBND tỉnh")
    calendar.set_day(core, date(2026, 3, 7), "work", "Làm bù")
    calendar.clear_day(core, date(2026, 3, 7))
    for hour in (8, 9, 16):
        codes.new_code(core, datetime(2026, 3, 9, hour, tzinfo=LOCAL_TZ))
    data = {"procedures": [
        {"code": "DEMO-FIXTURE-1", "name": "Thủ tục thử nghiệm có dấu: Đăng ký lại khai sinh",
         "field_code": "HOTICH", "processing_days": 2.5, "fees": [],
         "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0, "optional": False}]}]}
    catalogue.import_records(core, catalogue_io.read_bytes(
        json.dumps(data, ensure_ascii=False).encode("utf-8"), "json", "fixture.json"))


def _add_v13_rows(core: Core) -> None:
    """Schema v13 added a procedure's deciding agency as a proper name."""
    data = {"procedures": [
        {"code": "DEMO-FIXTURE-13", "name": "Thủ tục thử nghiệm có cơ quan quyết định",
         "field_code": "HOTICH", "processing_days": 3, "agency": "UBND cấp xã",
         "deciding_agency_name": "Ủy ban nhân dân xã Tân Lập", "fees": [],
         "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0, "optional": False}]}]}
    catalogue.import_records(core, catalogue_io.read_bytes(
        json.dumps(data, ensure_ascii=False).encode("utf-8"), "json", "fixture.json"))


def _add_v3_rows(core: Core) -> None:
    """Rows of the tables schema v3 added: queue settings and a morning of tickets."""
    queue_config.update_service(core, "A", daily_cap=200, counters=[1, 2])
    queue_config.define_priority(core, "TE", "Trẻ em dưới 6 tuổi")
    tickets = [queue.issue_ticket(core, key, prio) for key, prio in
               (("A", None), ("A", "NCT"), ("B", None), ("C", None))]
    queue.call_next(core, 1)
    queue.act(core, tickets[1]["id"], "start", 1)
    queue.act(core, tickets[1]["id"], "finish", 1)
    queue.call_next(core, 1)
    queue.act(core, tickets[0]["id"], "no_show", 1)
    queue.call_next(core, 3)
    queue.transfer(core, tickets[2]["id"], to_service="C")
    queue.record_print(core, tickets[3]["id"], False, "Máy in hết giấy.")
    queue_config.set_policy(core, "every_n", 2)


def _add_v4_rows(core: Core) -> None:
    """Rows of the tables schema v4 added: citizens, dossiers, hand-overs, an apology."""
    applicant = Applicant(full_name="Phạm Thị Ngọc Ánh", id_number="001199004455",
                          birth_date="1999-04-05", gender="Nữ", phone="0901234567",
                          address="Số 12, ngõ 34 phố Đội Cấn, phường Ba Đình, Hà Nội")
    at = datetime(2026, 3, 9, 10, tzinfo=LOCAL_TZ)
    d = intake.receive(core, IntakeRequest("DEMO-HT-05", applicant, received_at=at))
    dossiers.transfer(core, d["code"], "Công chức Tư pháp - Hộ tịch", receiver="Lê Văn Bình")
    # An apology must promise a date after now: made on the day the dossier was late.
    real_clock, core.clock = core.clock, FixedClock(
        int(datetime(2026, 3, 12, 9, tzinfo=LOCAL_TZ).timestamp() * 1000))
    dossiers.apologize(core, d["code"], "Chờ xác minh", datetime(2026, 3, 20, 9, tzinfo=LOCAL_TZ))
    core.clock = real_clock
    intake.receive(core, IntakeRequest("DEMO-CT-03", applicant, outcome="incomplete",
                                       reason="Thiếu giấy tờ", missing=[{"name": "Hợp đồng"}],
                                       received_at=at))
    intake.receive(core, IntakeRequest("DEMO-KD-01", Applicant(full_name="Công ty TNHH Mẫu"),
                                       outcome="refused", reason="Không thuộc thẩm quyền",
                                       received_at=at))


BIRTH = {"nyc_quan_he": "Mẹ", "ho_ten": "Trần Minh An", "ngay_sinh": "01/03/2026",
         "ngay_sinh_chu": "Ngày một tháng ba năm hai nghìn không trăm hai mươi sáu",
         "gioi_tinh": "Nam", "dan_toc": "Kinh", "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
         "que_quan": "Xã Mẫu, tỉnh Mẫu", "cha_me": [{"ho_ten": "Phạm Thị Ngọc Ánh"}]}


def _add_v5_rows(core: Core) -> None:
    """Schema v5 ("Công dân không viết"): a draft, a set used by a dossier, a set
    completed and waiting, a set reopened for a correction."""
    mother = Applicant(full_name="Phạm Thị Ngọc Ánh", id_number="001199004455",
                       birth_date="1999-04-05", gender="Nữ", address="Số 12 phố Đội Cấn")
    draft = citizen_forms.start(core, "DEMO-HT-01", mother)
    draft.forms["to-khai-khai-sinh"]["ho_ten"] = "Bản nháp đang điền"
    citizen_forms.save_draft(core, draft)
    ids = []
    for _ in range(3):
        d = citizen_forms.start(core, "DEMO-HT-01", mother)
        d.forms["to-khai-khai-sinh"].update(BIRTH)
        ids.append(citizen_forms.complete(core, d)["id"])
    intake.receive(core, IntakeRequest("DEMO-HT-01", mother, form_set_id=ids[0],
                                       received_at=datetime(2026, 3, 10, 9, tzinfo=LOCAL_TZ)))
    citizen_forms.reopen(core, ids[2])


def _add_v6_rows(core: Core) -> None:
    """Schema v6 (printer status): a print that failed with the printer's status
    flags, then one with paper near end."""
    first, second = (core.conn.execute("SELECT id FROM tickets WHERE number = ?", (n,))
                     .fetchone() for n in ("B001", "C001"))
    flags = {"online": False, "cover_open": False, "paper_out": True, "paper_near_end": True,
             "printer_error": False}
    queue.record_print(core, first["id"], False, "Máy in hết giấy.", "paper_out", flags)
    queue.record_print(core, second["id"], True, None, None,
                       {**flags, "online": True, "paper_out": False})


def _add_v8_rows(core: Core) -> None:
    """Schema v8 (device-local drafts): canbo1's intake in progress and the reason typed
    in a dossier step's dialog."""
    officers.authenticate(core, "canbo1", "demo1234")
    drafts.save(core, drafts.INTAKE, "", {"procedure_code": "DEMO-HT-05",
                                          "applicant": {"full_name": "Lê Văn Nháp"}})
    drafts.save(core, drafts.DIALOG, "step:000.17.22.H56-260309-0001:stop",
                {"Lý do:": "Công dân đề nghị dừng"})


def _add_v10_rows(core: Core) -> None:
    """Schema v10 (inbound sync): a pulled call of another counter's ticket that waits in
    the quarantine because the ticket's own events have not arrived yet; the pull cursor."""
    from counter_app.domain.events import GENESIS, chain_hash
    from counter_app.domain.hlc import HLC
    from counter_app.sync import inbound
    event = {"id": "01KFIXTUREPULLEDCALL000000", "device_id": "fixture-other-counter",
             "device_seq": 2, "hlc": HLC(1773021600000, 0, "fixture-other-counter").encode(),
             "officer_id": "other-officer", "entity": "ticket", "entity_id": "fixture-ticket",
             "type": "ticket.call", "schema_version": 1, "payload": {"counter": 2},
             "recorded_at": "2026-03-09T02:00:00.000Z", "prev_hash": "a" * 64}
    event["hash"] = chain_hash(event, event["prev_hash"])
    assert GENESIS == ""
    inbound.apply_pulled(core.conn, [event], "41", core.clock.now_ms())


def _add_v11_rows(core: Core) -> None:
    """Schema v11 (chain places of refused events): another device's first event, which
    the server quarantined and handed out flagged, held in its chain place; its second
    event (a counter it defined) applied after it."""
    from counter_app.domain.events import GENESIS, chain_hash
    from counter_app.domain.hlc import HLC
    from counter_app.sync import inbound
    device = "fixture-refused-device"
    first = {"id": "01KFIXTURESERVERREFUSED000", "device_id": device, "device_seq": 1,
             "hlc": HLC(1773021700000, 0, device).encode(), "officer_id": "other-officer",
             "entity": "counter", "entity_id": "c-refused", "type": "DROP TABLE",
             "schema_version": 1, "payload": ["not", "an", "object"],
             "recorded_at": "2026-03-09T02:01:40.000Z", "prev_hash": GENESIS}
    first["hash"] = chain_hash(first, GENESIS)
    second = {**first, "id": "01KFIXTUREAFTERREFUSED0000", "device_seq": 2,
              "hlc": HLC(1773021701000, 0, device).encode(), "entity_id": "c-fixture-98",
              "type": "counter.defined", "payload": {"number": 98, "name": "Quầy 98"},
              "recorded_at": "2026-03-09T02:01:41.000Z", "prev_hash": first["hash"]}
    second["hash"] = chain_hash(second, first["hash"])
    first["quarantined"] = "loại sự kiện không hợp lệ: 'DROP TABLE'"
    inbound.apply_pulled(core.conn, [first, second], None, core.clock.now_ms())


def _add_v12_rows(core: Core) -> None:
    """Schema v12 (issue 13): a guidance slip (the v4 rows above already made one of each
    kind), a linked group received in one intake, a dossier under the civil-status law
    version in force from 1/3/2027, and one received for another commune."""
    from counter_app.domain.clock import FixedClock
    from counter_app.services import group_intake
    mother = Applicant(full_name="Phạm Thị Ngọc Ánh", id_number="001199004455")
    intake.receive(core, IntakeRequest("DEMO-HT-02", mother, outcome="incomplete",
                                       reason="Thiếu giấy tờ", missing=[{"name": "Tờ khai"}],
                                       received_at=datetime(2026, 3, 10, 9, tzinfo=LOCAL_TZ)))
    core.clock = FixedClock(int(datetime(2027, 3, 2, 9, tzinfo=LOCAL_TZ).timestamp() * 1000))
    group_intake.receive_group(core, "LT-KHAISINH", mother,
                               received_at=datetime(2027, 3, 1, 9, tzinfo=LOCAL_TZ))
    intake.receive(core, IntakeRequest("DEMO-HT-02", mother,
                                       received_at=datetime(2027, 3, 1, 10, tzinfo=LOCAL_TZ)))
    intake.receive(core, IntakeRequest(
        "DEMO-CT-03", mother, received_at=datetime(2027, 3, 1, 11, tzinfo=LOCAL_TZ),
        competent_agency="UBND xã Bên Cạnh",
        competent_received_at=datetime(2027, 3, 2, 8, 30, tzinfo=LOCAL_TZ)))


def _add_v14_rows(core: Core) -> None:
    """Report facts schema v14 added: a dossier withdrawn (its ``closed_at``) — the one
    received with a form set (v5), so no other version's rows change — and a rating
    from a paper survey."""
    code = core.conn.execute("SELECT code FROM dossiers WHERE form_set_id IS NOT NULL"
                             ).fetchone()[0]
    dossiers.withdraw(core, code, "Công dân xin rút hồ sơ")
    from counter_app.services import ratings
    ratings.record_paper(core, "satisfied", ["Thái độ phục vụ"], officer="canbo1",
                         rated_on=datetime(2026, 3, 10, 10))


def _add_v15_rows(core: Core) -> None:
    """Office mode (v15): a block of codes the hub lent this device (here recorded as
    the hub would), and dossier steps naming the step they follow (``based_on``, every
    step since v15: the v14 withdrawal above already carries one)."""
    from counter_app.domain.events import NewEvent
    core.record([NewEvent("code_lease", "000.17.22.H56/2026-03-10/1", "code_lease.granted",
                          {"agency": "000.17.22.H56", "day": "2026-03-10", "start": 1,
                           "end": 20, "device": core.device_id})])


def _add_v16_rows(core: Core) -> None:
    """Schema v16: slips record "Công dân không viết" — a refusal marked by hand, and a
    guidance slip for a completed form set (v5), which stays completed (not used up)."""
    applicant = Applicant(full_name="Phạm Thị Ngọc Ánh", id_number="001199004455")
    intake.receive(core, IntakeRequest("DEMO-BT-01", applicant, outcome="refused",
                                       reason="Không thuộc thẩm quyền", citizen_not_write=True,
                                       received_at=datetime(2026, 3, 11, 9, tzinfo=LOCAL_TZ)))
    form_set = core.conn.execute("SELECT id, procedure_code FROM form_sets "
                                 "WHERE status = 'completed'").fetchone()
    intake.receive(core, IntakeRequest(
        form_set["procedure_code"], applicant, outcome="incomplete", reason="Thiếu giấy tờ",
        missing=[{"name": "Giấy chứng sinh"}], form_set_id=form_set["id"],
        received_at=datetime(2026, 3, 11, 10, tzinfo=LOCAL_TZ)))


def _add_v17_rows(core: Core) -> None:
    """Schema v17 keeps password hashes beside the log: vanthu changes the password
    (an event naming the new hash by digest, the hash in ``credentials``)."""
    officer = officers.authenticate(core, "vanthu", "matkhau-cu-123")
    officers.change_password(core, officer.id, "matkhau-moi-456", "matkhau-cu-123")
    officers.logout(core)


def _add_v18_rows(core: Core) -> None:
    """Schema v18 (fees): a signature certified with a fee changed by hand and another
    exempted with its reason, half paid by transfer at intake's end and the rest in cash."""
    from counter_app.services import fees
    d = intake.receive(core, IntakeRequest(
        "DEMO-CT-02", Applicant(full_name="Phạm Thị Ngọc Ánh", id_number="001199004455"),
        received_at=datetime(2027, 3, 2, 8, 45, tzinfo=LOCAL_TZ),
        fees=[{"name": "Phí chứng thực chữ ký (mỗi trường hợp)", "amount_vnd": 20000},
              {"name": "Phí bản sao", "amount_vnd": 5000, "exempt": True,
               "exempt_reason": "Người có công với cách mạng"}]))
    fees.pay(core, d["code"], "transfer", 8000, reference="FT27061000123")
    fees.pay(core, d["code"], "cash")


def _add_v19_rows(core: Core) -> None:
    """Schema v19: two dossiers received for UBND xã Bên Cạnh before it received them
    (due dates pending); the competent receipt of one recorded later, then transferred."""
    from counter_app.services import competent
    core.clock = FixedClock(int(datetime(2027, 3, 4, 9, tzinfo=LOCAL_TZ).timestamp() * 1000))
    mother = Applicant(full_name="Phạm Thị Ngọc Ánh", id_number="001199004455")
    for hour in (8, 9):
        code = intake.receive(core, IntakeRequest(
            "DEMO-CT-04", mother, received_at=datetime(2027, 3, 3, hour, tzinfo=LOCAL_TZ),
            competent_agency="UBND xã Bên Cạnh"))["code"]
    competent.record_receipt(core, code, datetime(2027, 3, 3, 14, 30, tzinfo=LOCAL_TZ))
    dossiers.transfer(core, code, "UBND xã Bên Cạnh")


if __name__ == "__main__":
    print(make())
