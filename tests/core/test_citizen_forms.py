""""Công dân không viết": drafts, completing a form set, and the intake that uses it."""

import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timezone

import pytest

from counter_app.domain.cccd import parse
from counter_app.domain.clock import FixedClock
from counter_app.domain.form_templates.values import words_value
from counter_app.errors import NotFound, PermissionDenied, UserInputError
from counter_app.services import citizen_forms as cf
from counter_app.services import citizen_forms_stats, dossiers, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from db import commands, projections
from tests.conftest import table_dump
from tests.printing.documents.pdftools import flat, needs_poppler

QR = ("001199012345|123456789|Nguyễn Thị Mai|03021990|Nữ|"
      "Số 1, phố Huế, phường Hai Bà Trưng, Hà Nội|15082021")
WED_10 = datetime(2026, 11, 18, 3, 0, tzinfo=timezone.utc)
BIRTH = {"nyc_quan_he": "Mẹ", "ho_ten": "Trần Minh An", "ngay_sinh": "01/11/2026",
         "ngay_sinh_chu": "Ngày một tháng mười một năm hai nghìn không trăm hai mươi sáu",
         "gioi_tinh": "Nam", "dan_toc": "Kinh", "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
         "que_quan": "Xã Tam Đảo, tỉnh Phú Thọ", "cha_me": [{"ho_ten": "Nguyễn Thị Mai"}]}


@pytest.fixture
def c(core):
    core.clock = FixedClock(int(WED_10.timestamp() * 1000))
    officers.authenticate(core, "hotro", DEMO_PASSWORD)
    return core


def mother() -> Applicant:
    return Applicant.from_cccd(parse(QR))


def filled_draft(c, applicant=None) -> cf.Draft:
    draft = cf.start(c, "DEMO-HT-01", applicant or mother())
    draft.forms["to-khai-khai-sinh"].update(BIRTH)
    return cf.save_draft(c, draft)


def test_start_prefills_the_procedures_forms_from_the_card_and_office(c):
    draft = cf.start(c, "DEMO-HT-01", mother())
    assert draft.templates == ["to-khai-khai-sinh"] and draft.missing_forms == []
    data = draft.forms["to-khai-khai-sinh"]
    assert data["nyc_ho_ten"] == "Nguyễn Thị Mai"
    assert data["nyc_ngay_sinh"] == "03/02/1990"
    assert data["nyc_giay_to"] == ("Căn cước công dân số 001199012345 do Cục Cảnh sát QLHC về "
                                   "TTXH cấp ngày 15/08/2021")
    assert data["kinh_gui"] == c.config.office.name
    assert data["ngay_lam"] == "18/11/2026"
    assert [d["id"] for d in cf.list_drafts(c)] == [draft.id]


def test_a_procedure_naming_an_unknown_form_lists_it_as_missing(c):
    draft = cf.start(c, "DEMO-KD-01")
    assert draft.templates == []
    assert draft.missing_forms == ["Giấy đề nghị đăng ký hộ kinh doanh"]
    draft = cf.add_form(c, draft, "don-de-nghi")
    assert draft.templates == ["don-de-nghi"]
    with pytest.raises(NotFound):
        cf.add_form(c, draft, "khong-co-mau-nay")


def test_a_card_scanned_later_keeps_what_the_officer_typed(c):
    draft = cf.start(c, "DEMO-HT-01")
    draft.forms["to-khai-khai-sinh"]["nyc_ho_ten"] = "Nguyễn Thị Mây"
    kept = cf.set_requester(c, draft, mother())
    assert kept == [("TỜ KHAI ĐĂNG KÝ KHAI SINH", "Họ, chữ đệm, tên người yêu cầu",
                     "Nguyễn Thị Mây", "Nguyễn Thị Mai")]
    data = draft.forms["to-khai-khai-sinh"]
    assert data["nyc_ho_ten"] == "Nguyễn Thị Mây" and data["nyc_ngay_sinh"] == "03/02/1990"
    assert cf.set_requester(c, draft, mother(), overwrite=True) == []
    assert data["nyc_ho_ten"] == "Nguyễn Thị Mai"


def test_a_mother_who_requests_fills_her_own_section_by_scanning_her_card(c):
    draft = cf.start(c, "DEMO-HT-01")
    draft.forms["to-khai-khai-sinh"]["nyc_quan_he"] = "Mẹ"
    assert cf.set_requester(c, draft, mother()) == []
    data = draft.forms["to-khai-khai-sinh"]
    assert data["nyc_ho_ten"] == "Nguyễn Thị Mai"
    assert data["cha_me"][0]["ho_ten"] == "Nguyễn Thị Mai"
    assert data["cha_me"][0]["giay_to"].startswith("Căn cước công dân số 001199012345")
    assert len(data["cha_me"]) == 1                       # the father's section not made up
    grandmother = cf.start(c, "DEMO-HT-01")
    grandmother.forms["to-khai-khai-sinh"]["nyc_quan_he"] = "Bà ngoại"
    cf.set_requester(c, grandmother, mother())
    assert not grandmother.forms["to-khai-khai-sinh"].get("cha_me")


def test_draft_round_trips_and_can_be_discarded(c):
    draft = filled_draft(c)
    again = cf.load_draft(c, draft.id)
    assert again.forms == draft.forms and again.requester == draft.requester
    assert again.procedure_name == "Đăng ký khai sinh"
    cf.discard_draft(c, draft.id)
    with pytest.raises(NotFound):
        cf.load_draft(c, draft.id)


def test_drafts_are_listed_with_the_typed_name(c):
    draft = cf.start(c, "DEMO-HT-01")                         # no card scanned
    draft.forms["to-khai-khai-sinh"]["nyc_ho_ten"] = "Phạm Văn Tư"
    cf.save_draft(c, draft)
    assert [d["applicant_name"] for d in cf.list_drafts(c)] == ["Phạm Văn Tư"]
    draft.forms["to-khai-khai-sinh"]["nyc_ho_ten"] = ""
    cf.save_draft(c, draft)
    assert [d["applicant_name"] for d in cf.list_drafts(c)] == [""]
    carded = cf.start(c, "DEMO-HT-01", mother())
    carded.forms["to-khai-khai-sinh"]["nyc_ho_ten"] = "Nguyễn Thị Mai Anh"   # corrected
    cf.save_draft(c, carded)
    names = {d["id"]: d["applicant_name"] for d in cf.list_drafts(c)}
    assert names[carded.id] == "Nguyễn Thị Mai Anh"


def test_a_corrupt_draft_is_reported_not_crashed_on(c):
    draft = filled_draft(c)
    with c.conn:
        c.conn.execute("UPDATE form_drafts SET state = '{broken' WHERE id = ?", (draft.id,))
    with pytest.raises(UserInputError, match="Bản nháp bị hỏng"):
        cf.load_draft(c, draft.id)


def test_complete_refuses_until_every_required_field_is_right(c):
    draft = cf.start(c, "DEMO-HT-01", mother())
    with pytest.raises(cf.FormProblems) as info:
        cf.complete(c, draft)
    problems = info.value.problems["to-khai-khai-sinh"]
    assert "Họ, chữ đệm, tên: bắt buộc" in [p.message for p in problems]
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in str(info.value)
    assert cf.load_draft(c, draft.id)            # nothing lost
    draft.forms["to-khai-khai-sinh"].update(BIRTH | {"ngay_sinh": "31/02/2026"})
    with pytest.raises(cf.FormProblems, match="không đúng dạng ngày"):
        cf.complete(c, draft)


def test_complete_records_the_set_and_removes_the_draft(c):
    draft = filled_draft(c)
    s = cf.complete(c, draft)
    assert (s["status"], s["officer_name"]) == ("completed", "Lê Thị Mai (mẫu)")
    assert s["applicant"]["full_name"] == "Nguyễn Thị Mai"
    assert s["applicant"]["birth_date"] == "1990-02-03"
    assert s["forms"][0]["data"]["ho_ten"] == "Trần Minh An"
    assert cf.list_drafts(c) == []
    assert [r["id"] for r in cf.ready(c, "nguyen thi mai")] == [s["id"]]
    assert cf.ready(c, "001199012345")[0]["id"] == s["id"]
    assert cf.ready(c, "tran van") == []


def test_the_forms_win_over_the_card_for_the_dossiers_applicant(c):
    draft = filled_draft(c)
    draft.forms["to-khai-khai-sinh"]["nyc_noi_cu_tru"] = "Thôn 3, xã Mới (sau sáp nhập)"
    s = cf.complete(c, draft)
    assert s["applicant"]["address"] == "Thôn 3, xã Mới (sau sáp nhập)"
    assert s["applicant"]["id_number"] == "001199012345"


def test_reopen_gives_the_draft_back_until_the_set_is_used(c):
    s = cf.complete(c, filled_draft(c))
    draft = cf.reopen(c, s["id"])
    assert draft.id == s["id"] and draft.forms["to-khai-khai-sinh"]["ho_ten"] == "Trần Minh An"
    assert cf.get_set(c, s["id"])["status"] == "reopened" and cf.ready(c) == []
    draft.forms["to-khai-khai-sinh"]["ho_ten"] = "Trần Minh Anh"
    again = cf.complete(c, draft)
    assert again["status"] == "completed"
    assert again["forms"][0]["data"]["ho_ten"] == "Trần Minh Anh"


def counter_officer(c) -> None:
    officers.logout(c)
    officers.authenticate(c, "canbo1", DEMO_PASSWORD)


@needs_poppler
def test_intake_from_a_set_fills_the_dossier_attaches_the_forms_and_counts(c):
    helper = c.officer.id
    s = cf.complete(c, filled_draft(c))
    counter_officer(c)
    d = intake.receive(c, IntakeRequest("DEMO-HT-01", Applicant(**s["applicant"]),
                                        form_set_id=s["id"]))
    assert d["citizen_not_write"] == 1 and d["citizen_not_write_by"] == helper
    assert d["form_set_id"] == s["id"] and d["officer_id"] == c.officer.id
    detail = dossiers.detail(c, d["code"])
    files = detail["files"]
    assert [(f["title"], f["generated"], f["document_index"]) for f in files] == \
        [("TỜ KHAI ĐĂNG KÝ KHAI SINH", 1, 0)]
    assert detail["digitised"] == 0                  # a printed form is not a scan
    assert detail["citizen_not_write_by_name"] == "Lê Thị Mai (mẫu)"
    text = flat((c.db_path.parent / "attachments" / files[0]["path"]).read_bytes())
    for value in ("Trần Minh An", "Nguyễn Thị Mai", "Bệnh viện Phụ sản Hà Nội"):
        assert value in text
    used = cf.get_set(c, s["id"])
    assert (used["status"], used["dossier_code"]) == ("used", d["code"])
    with pytest.raises(UserInputError, match=f"đã dùng cho hồ sơ {d['code']}"):
        intake.receive(c, IntakeRequest("DEMO-HT-01", Applicant(**s["applicant"]),
                                        form_set_id=s["id"]))
    with pytest.raises(UserInputError, match="không sửa được"):
        cf.reopen(c, s["id"])
    report = citizen_forms_stats.served(c, date(2026, 11, 1), date(2026, 11, 30),
                                        ("officer", "field", "month"))
    [row] = report["rows"]
    assert (row["officer_id"], row["officer_name"], row["field_name"], row["month"]) == \
        (helper, "Lê Thị Mai (mẫu)", "Hộ tịch", "2026-11")
    assert (row["served"], row["forms"], row["dossiers"]) == (1, 1, 1)


def test_the_phone_from_an_earlier_visit_is_kept_when_intake_takes_a_set(c):
    counter_officer(c)
    earlier = Applicant.from_cccd(parse(QR))
    earlier.phone, earlier.email = "0912345678", "mai@example.vn"
    intake.receive(c, IntakeRequest("DEMO-HT-05", earlier))
    officers.logout(c)
    officers.authenticate(c, "hotro", DEMO_PASSWORD)
    s = cf.complete(c, filled_draft(c))               # from the card: no phone on it
    assert not s["applicant"].get("phone")
    prefill = cf.intake_applicant(c, s)               # what the intake page is filled with
    assert (prefill.phone, prefill.email, prefill.full_name) == \
        ("0912345678", "mai@example.vn", "Nguyễn Thị Mai")
    counter_officer(c)
    d = intake.receive(c, IntakeRequest("DEMO-HT-01", Applicant(**s["applicant"]),
                                        form_set_id=s["id"]))
    assert d["applicant_phone"] == "0912345678" and d["applicant_email"] == "mai@example.vn"
    citizen = c.conn.execute("SELECT phone FROM citizens WHERE id_number = ?",
                             ("001199012345",)).fetchone()
    assert citizen["phone"] == "0912345678"


def test_the_birth_date_in_words_is_generated_and_typed_words_are_kept(c):
    draft = cf.start(c, "DEMO-HT-01", mother())
    birth = {k: v for k, v in BIRTH.items() if k != "ngay_sinh_chu"} | {"ngay_sinh": "05/03/2019"}
    draft.forms["to-khai-khai-sinh"].update(birth)
    assert cf.check(c, draft)["to-khai-khai-sinh"] == []
    s = cf.complete(c, cf.save_draft(c, draft))
    assert s["forms"][0]["data"]["ngay_sinh_chu"] == \
        "Ngày năm, tháng ba, năm hai nghìn không trăm mười chín"
    typed = filled_draft(c)                         # the officer wrote the words themselves
    assert cf.complete(c, typed)["forms"][0]["data"]["ngay_sinh_chu"] == BIRTH["ngay_sinh_chu"]


def test_words_follow_the_date_until_the_officer_types_over_them():
    generated = "Ngày năm, tháng ba, năm hai nghìn không trăm mười chín"
    assert words_value("", "", "05/03/2019") == generated
    assert words_value(generated, generated, "15/04/2024") == \
        "Ngày mười lăm, tháng tư, năm hai nghìn không trăm hai mươi tư"
    assert words_value(generated, generated, "05/03/20") == ""      # no date yet: blank
    assert words_value("Ngày mồng năm …", generated, "06/03/2019") is None
    assert words_value(generated, generated, "05/03/2019") is None   # unchanged


def test_a_set_for_another_procedure_is_refused(c):
    s = cf.complete(c, filled_draft(c))
    counter_officer(c)
    with pytest.raises(UserInputError, match="Đăng ký khai sinh"):
        intake.receive(c, IntakeRequest("DEMO-HT-05", mother(), form_set_id=s["id"]))
    assert cf.get_set(c, s["id"])["status"] == "completed"


def test_stats_count_sets_by_day_officer_and_hand_marked_dossiers(c):
    cf.complete(c, filled_draft(c))
    c.clock = FixedClock(int(datetime(2026, 12, 1, 2, tzinfo=timezone.utc).timestamp() * 1000))
    cf.complete(c, filled_draft(c))
    counter_officer(c)
    intake.receive(c, IntakeRequest("DEMO-HT-05", mother(), citizen_not_write=True))
    nov = citizen_forms_stats.served(c, date(2026, 11, 1), date(2026, 11, 30), ("month",))
    assert nov["rows"] == [{"month": "2026-11", "served": 1, "forms": 1, "dossiers": 0}]
    dec = citizen_forms_stats.served(c, date(2026, 12, 1), date(2026, 12, 31), ("officer",))
    by_officer = {r["officer_name"]: r["served"] for r in dec["rows"]}
    assert sorted(by_officer.values()) == [1, 1] and len(by_officer) == 2
    assert dec["total"] == {"served": 2, "forms": 1, "dossiers": 1}
    with pytest.raises(UserInputError):
        citizen_forms_stats.served(c, date(2026, 12, 1), date(2026, 11, 1))


def test_a_leader_cannot_fill_forms(c):
    officers.logout(c)
    officers.authenticate(c, "lanhdao", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        cf.start(c, "DEMO-HT-01")


def test_rebuild_equals_live_after_the_whole_flow(c):
    s = cf.complete(c, filled_draft(c))
    cf.reopen(c, cf.complete(c, filled_draft(c))["id"])
    counter_officer(c)
    intake.receive(c, IntakeRequest("DEMO-HT-01", mother(), form_set_id=s["id"]))
    live = table_dump(c.conn, projections.TABLES)
    commands.rebuild_projections(c.conn)
    assert table_dump(c.conn, projections.TABLES) == live


DRAFT_WRITER = """
import sys, time
from pathlib import Path
from counter_app.services import citizen_forms as cf, officers
from counter_app.services.core import Core
core = Core.open(Path(sys.argv[1]), Path(sys.argv[2]))
officers.authenticate(core, "hotro", "demo1234")
draft = cf.start(core, "DEMO-HT-01")
i = 0
while True:
    i += 1
    draft.forms["to-khai-khai-sinh"]["ho_ten"] = f"Lần gõ {i}"
    cf.save_draft(core, draft)
    if i == 1:
        print(draft.id, flush=True)
"""


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_draft_survives_the_process_being_killed(demo_paths):
    proc = subprocess.Popen([sys.executable, "-c", DRAFT_WRITER, *map(str, demo_paths)],
                            stdout=subprocess.PIPE, cwd=os.getcwd())
    draft_id = proc.stdout.readline().decode().strip()
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    core = Core.open(*demo_paths)
    try:
        officers.authenticate(core, "hotro", DEMO_PASSWORD)
        draft = cf.load_draft(core, draft_id)
        typed = draft.forms["to-khai-khai-sinh"]["ho_ten"]
        assert typed.startswith("Lần gõ ") and int(typed.split()[-1]) > 1
    finally:
        core.close()


@needs_poppler
def test_the_whole_set_is_one_pdf_kept_with_the_documents(c):
    draft = filled_draft(c)
    draft = cf.add_form(c, draft, "don-de-nghi")
    draft.forms["don-de-nghi"].update({"noi_dung": "Đề nghị cấp bản sao giấy khai sinh."})
    problems = cf.check(c, draft)["don-de-nghi"]
    for p in problems:        # fill whatever else the general letter requires
        draft.forms["don-de-nghi"].setdefault(p.path, "Nội dung mẫu")
    s = cf.complete(c, draft)
    path = cf.save_set_pdf(c, s)
    assert path.parent.name == "cong-dan-khong-viet" and "nguyen-thi-mai" in path.name
    text = flat(path.read_bytes())
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in text and "Trần Minh An" in text
    assert "ĐƠN ĐỀ NGHỊ" in text.upper()
    assert text.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 2
