"""Intake and the dossier's path to the return of the result."""

from datetime import datetime, timezone

import pytest

from counter_app.domain.cccd import parse
from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.domain.statuses import Channel, Status
from counter_app.errors import UserInputError
from counter_app.services import citizens, documents, dossiers, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from db import commands, projections
from printing.documents import render_form
from tests.conftest import table_dump
from tests.printing.documents import pdftools

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
# Wednesday 18/11/2026 10:00 in Hà Nội
WED_10 = datetime(2026, 11, 18, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def c(core):
    core.clock = FixedClock(int(WED_10.timestamp() * 1000))
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def request(**kw) -> IntakeRequest:
    base = dict(procedure_code="DEMO-HT-05", applicant=Applicant.from_cccd(parse(QR)))
    return IntakeRequest(**(base | kw))


def test_receive_from_cccd_gives_code_due_and_book_line(c):
    d = intake.receive(c, request())
    assert d["code"] == "000.17.22.H56-261118-0001"
    assert d["status"] == Status.RECEIVED and d["outcome"] == "received"
    assert d["applicant_name"] == "Nguyễn Văn An" and d["applicant_id_number"] == "001099012345"
    assert d["due_at_local"] == "2026-11-23T17:00"          # 3 working days, weekend skipped
    assert (d["book_year"], d["book_number"], d["book_line"]) == (2026, 1, 1)
    assert [x["name"] for x in d["documents"]]                # the catalogue's checklist
    assert d["officer_id"] == c.officer.id


def test_same_day_procedure_after_cutoff_is_due_next_day(c):
    c.clock = FixedClock(int(datetime(2026, 11, 18, 8, 30, tzinfo=timezone.utc).timestamp() * 1000))
    d = intake.receive(c, request(procedure_code="DEMO-HT-01"))   # 15:30 local
    assert d["due_at_local"] == "2026-11-19T17:00"


def test_second_visit_reuses_the_citizen_and_keeps_the_phone(c):
    first = intake.receive(c, request(applicant=Applicant(**{**Applicant.from_cccd(parse(QR)).__dict__,
                                                            "phone": "0912345678"})))
    second = intake.receive(c, request())
    assert first["citizen_id"] == second["citizen_id"]
    known = citizens.lookup(c, "001099012345")
    assert known["phone"] == "0912345678" and known["full_name"] == "Nguyễn Văn An"
    assert second["book_line"] == 2


def test_incomplete_and_refused_outcomes_are_slips_not_dossiers(c):
    with pytest.raises(UserInputError, match="liệt kê"):
        intake.receive(c, request(outcome="incomplete", reason="Thiếu giấy tờ"))
    d = intake.receive(c, request(outcome="incomplete", reason="Thiếu tờ khai",
                                  missing=[{"name": "Tờ khai", "original": True}]))
    assert d["kind"] == "guidance" and "status" not in d and "due_at" not in d
    r = intake.receive(c, request(outcome="refused", reason="Không thuộc thẩm quyền cấp xã"))
    assert r["kind"] == "refusal" and r["reason"] == "Không thuộc thẩm quyền cấp xã"
    c.clock.advance(60 * 24 * 3600 * 1000)                   # two months later: nothing late
    assert dossiers.search(c, overdue=True) == [] and dossiers.search(c) == []


@pdftools.needs_poppler
def test_a_receipt_time_in_the_past_sets_due_date_book_and_form_01(c):
    """A postal dossier received on 30/12/2026 and entered on Monday 4/1/2027: everything
    counts from the receipt, not from now (Fri 1/1 is a holiday)."""
    c.clock = FixedClock(int(datetime(2027, 1, 4, 9, 0, tzinfo=LOCAL_TZ).timestamp() * 1000))
    d = intake.receive(c, request(received_at=datetime(2026, 12, 30, 16, 0)))
    assert d["received_at_local"] == "2026-12-30T16:00"
    assert d["due_at_local"] == "2027-01-05T17:00"           # Thu 31/12, Mon 4/1, Tue 5/1
    assert d["code"] == "000.17.22.H56-261230-0001"
    assert (d["book_year"], d["book_number"], d["book_line"]) == (2026, 1, 1)
    today = intake.receive(c, request())
    assert today["due_at_local"] == "2027-01-07T17:00"
    assert (today["book_year"], today["book_line"]) == (2027, 1)
    receipt = pdftools.flat(documents.render(c, "form01", d["code"]))
    for expected in ("4. Thời gian nhận hồ sơ: 16 giờ 00 phút, ngày 30/12/2026",
                     "5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 05/01/2027",
                     "Quyển số: 01 Số thứ tự: 1", "ngày 30 tháng 12 năm 2026"):
        assert expected in receipt, expected
    book = pdftools.flat(render_form("form06", documents.tracking_book(c, 2026)))
    assert "Năm 2026" in book and d["code"] in book and today["code"] not in book
    assert "30/12/2026" in book and "05/01/2027" in book


def test_online_needs_portal_code_and_bad_input_is_refused(c):
    with pytest.raises(UserInputError, match="Cổng Dịch vụ công"):
        intake.receive(c, request(channel=Channel.ONLINE))
    d = intake.receive(c, request(channel=Channel.ONLINE, portal_code="G09.20-20261118-0092637"))
    assert d["channel_label"] == "Trực tuyến"
    with pytest.raises(UserInputError, match="lý do"):
        intake.receive(c, request(due_override=datetime(2026, 12, 1, 9)))
    with pytest.raises(UserInputError, match="12 chữ số"):
        intake.receive(c, request(applicant=Applicant(full_name="A", id_number="12345")))
    with pytest.raises(UserInputError, match="tương lai"):
        intake.receive(c, request(received_at=datetime(2027, 1, 1, 9)))


def test_full_path_transfer_supplement_resolve_return(c):
    d = intake.receive(c, request())
    code = d["code"]
    d = dossiers.transfer(c, code, "Công chức Tư pháp - Hộ tịch", receiver="Lê Văn Bình")
    assert d["status"] == Status.PROCESSING
    c.clock.advance(24 * 3600 * 1000)                        # Thursday
    d = dossiers.request_supplement(c, code, "Thiếu bản sao", [{"name": "Bản sao CCCD"}])
    assert d["supplement_count"] == 1
    c.clock.advance(24 * 3600 * 1000)                        # Friday 10:00: time restarts
    d = dossiers.supplement_received(c, code)
    assert d["due_at_local"] == "2026-11-26T17:00"           # 3 working days, 24/11 off
    assert dossiers.resolve(c, code)["status"] == Status.RESOLVED
    d = dossiers.return_result(c, code, "Nguyễn Thị Bình (người được ủy quyền)")
    assert d["status"] == Status.RETURNED and d["returned_to"].startswith("Nguyễn Thị Bình")
    with pytest.raises(UserInputError, match="Không thể chuyển hồ sơ"):
        dossiers.withdraw(c, code, "muốn rút")
    full = dossiers.detail(c, code)
    assert [h["type"] for h in full["history"]][0] == "dossier.received"
    assert full["handovers"][0]["to_agency"] == "Công chức Tư pháp - Hộ tịch"


def test_apology_only_once_and_later_than_before(c):
    code = intake.receive(c, request())["code"]
    with pytest.raises(UserInputError, match="sau ngày hẹn cũ"):
        dossiers.apologize(c, code, "Chờ xác minh", datetime(2026, 11, 20, 9))
    d = dossiers.apologize(c, code, "Chờ xác minh", datetime(2026, 11, 30, 9))
    assert d["apology_number"] == "01/2026/PXL" and d["due_at_local"] == "2026-11-30T09:00"
    with pytest.raises(UserInputError, match="chỉ được hẹn lại một lần"):
        dossiers.apologize(c, code, "Lại chậm", datetime(2026, 12, 5, 9))


def test_search_accent_insensitive_by_name_id_phone_code(c):
    d = intake.receive(c, request(applicant=Applicant(full_name="Nguyễn Văn Ánh",
                                                      id_number="001099000111", phone="0987654321")))
    intake.receive(c, request(applicant=Applicant(full_name="Trần Thị Đào")))
    assert [x["code"] for x in dossiers.search(c, "nguyen van a")] == [d["code"]]
    assert [x["applicant_name"] for x in dossiers.search(c, "DAO")] == ["Trần Thị Đào"]
    assert len(dossiers.search(c, "001099000111")) == 1
    assert len(dossiers.search(c, "0987654321")) == 1
    assert dossiers.search(c, d["code"])[0]["id"] == d["id"]
    assert len(dossiers.search(c, "xac nhan tinh trang hon nhan")) == 2
    assert dossiers.search(c, "khong co ai") == []


def test_overdue_and_due_today_filters(c):
    code = intake.receive(c, request())["code"]              # due Mon 23/11 17:00
    assert dossiers.search(c, overdue=True) == []
    c.clock = FixedClock(int(datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc).timestamp() * 1000))
    assert [d["code"] for d in dossiers.search(c, due_today=True)] == [code]
    c.clock.advance(4 * 3600 * 1000)                         # 12:00 local: not late yet
    assert dossiers.search(c, overdue=True) == []
    c.clock.advance(6 * 3600 * 1000)                         # 18:00 local
    assert [d["code"] for d in dossiers.search(c, overdue=True)] == [code]


def test_tracking_book_continues_across_a_new_book(c):
    intake.receive(c, request())
    assert intake.start_new_book(c, 2026) == 2
    d = intake.receive(c, request())
    assert (d["book_number"], d["book_line"]) == (2, 2)


def test_book_summary_and_entries_follow_the_books(c):
    assert (intake.current_book(c, 2026), intake.book_summary(c, 2026)) == (1, [])
    first = intake.receive(c, request())["code"]
    intake.start_new_book(c, 2026)
    second = intake.receive(c, request())["code"]
    third = intake.receive(c, request())["code"]
    assert intake.current_book(c, 2026) == 2
    assert intake.book_summary(c, 2026) == [(1, 1, 1, 1), (2, 2, 2, 3)]
    assert sorted(intake.book_entries(c, 2026)) == sorted(
        [(first, 1, ""), (second, 2, ""), (third, 2, "")])      # nobody collected yet
    assert intake.book_summary(c, 2025) == [] and intake.book_entries(c, 2025) == []


def test_rebuild_equals_live_including_search(c):
    code = intake.receive(c, request())["code"]
    dossiers.transfer(c, code, "Tư pháp")
    dossiers.apologize(c, code, "Chậm", datetime(2026, 12, 30, 9))
    live = table_dump(c.conn, projections.TABLES)
    commands.rebuild_projections(c.conn)
    assert table_dump(c.conn, projections.TABLES) == live
    assert len(dossiers.search(c, "nguyen van an")) == 1


def test_leader_cannot_receive(c):
    c.officer = None
    officers.authenticate(c, "lanhdao", DEMO_PASSWORD)
    from counter_app.errors import PermissionDenied
    with pytest.raises(PermissionDenied):
        intake.receive(c, request())


def test_db_check_verifies_the_search_index(c):
    from db.check import check
    intake.receive(c, request())
    assert check(c.conn, c.db_path)["ok"]
    c.conn.execute("INSERT INTO dossier_search (rowid, search_text) VALUES (999, 'rac')")
    report = check(c.conn, c.db_path)
    assert not report["ok"] and any("dossier_search" in p for p in report["problems"])
    commands.rebuild_projections(c.conn)
    assert check(c.conn, c.db_path)["ok"]


def test_search_whole_words_then_prefixes(c):
    intake.receive(c, request(applicant=Applicant(full_name="Nguyễn Văn Ánh")))
    assert len(dossiers.search(c, "nguyen van an")) == 1       # last word as a prefix
    assert len(dossiers.search(c, "ng v anh")) == 1            # falls back to all prefixes
    assert dossiers.search(c, "nguyen vu") == []


def test_a_dossier_can_be_handed_over_several_times(c):
    code = intake.receive(c, request())["code"]
    dossiers.transfer(c, code, "Tư pháp - Hộ tịch")
    d = dossiers.transfer(c, code, "Lãnh đạo UBND", note="trình ký")
    assert d["status"] == Status.PROCESSING
    assert [h["to_agency"] for h in dossiers.detail(c, code)["handovers"]] == \
        ["Tư pháp - Hộ tịch", "Lãnh đạo UBND"]


def test_due_today_excludes_already_overdue(c):
    early = intake.receive(c, request())["code"]                 # due Mon 23/11 17:00
    c.clock = FixedClock(int(datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc).timestamp() * 1000))
    assert early not in [d["code"] for d in dossiers.search(c, due_today=True)]
    assert early in [d["code"] for d in dossiers.search(c, overdue=True)]
