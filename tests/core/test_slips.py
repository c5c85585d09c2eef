"""Guidance and refusal at the counter are numbered slips, not dossiers (issue 13 §4)."""

import json
from datetime import datetime, timezone

import pytest

from counter_app.domain.cccd import parse
from counter_app.domain.clock import FixedClock
from counter_app.errors import UserInputError
from counter_app.services import dossiers, intake, officers, slips
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from db import commands, projections
from tests.conftest import table_dump
from tests.core.test_cli import run as cli
from tests.printing.documents import pdftools

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
WED_10 = datetime(2026, 11, 18, 3, 0, tzinfo=timezone.utc)     # Wednesday 10:00 in Hà Nội


@pytest.fixture
def c(core):
    core.clock = FixedClock(int(WED_10.timestamp() * 1000))
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def incomplete(**kw) -> IntakeRequest:
    base = dict(procedure_code="DEMO-HT-05", applicant=Applicant.from_cccd(parse(QR)),
                outcome="incomplete", reason="Thiếu giấy tờ",
                missing=[{"name": "Giấy tờ chứng minh đã ly hôn", "original": True}])
    return IntakeRequest(**(base | kw))


def test_an_incomplete_submission_leaves_no_dossier_code(c):
    slip = intake.receive(c, incomplete())
    assert slip["number"] == "01/2026/HDHS" and slip["kind"] == "guidance"
    assert "code" not in slip and slip["legacy_code"] == ""
    assert c.conn.execute("SELECT count(*) FROM dossier_codes").fetchone()[0] == 0
    assert c.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0
    assert dossiers.search(c, status=5) == []
    assert slips.by_number(c, "01/2026/HDHS")["missing"][0]["name"] == \
        "Giấy tờ chứng minh đã ly hôn"


def test_each_kind_has_its_own_sequence_per_year(c):
    numbers = [intake.receive(c, incomplete())["number"] for _ in range(2)]
    refused = intake.receive(c, incomplete(outcome="refused", missing=[],
                                           reason="Không thuộc thẩm quyền"))
    assert numbers == ["01/2026/HDHS", "02/2026/HDHS"]
    assert refused["number"] == "01/2026/TCHS" and refused["kind"] == "refusal"
    c.clock = FixedClock(int(datetime(2027, 1, 4, 2, tzinfo=timezone.utc).timestamp() * 1000))
    assert intake.receive(c, incomplete())["number"] == "01/2027/HDHS"
    # The dossier codes are untouched: the first received dossier is still -0001.
    assert intake.receive(c, incomplete(outcome="received", missing=[], reason=""))["code"] \
        .endswith("-0001")


def test_the_device_block_bounds_the_sequence(c):
    c.config.codes.block_start, c.config.codes.block_end = 500, 501
    assert [intake.receive(c, incomplete())["number"] for _ in range(2)] == \
        ["500/2026/HDHS", "501/2026/HDHS"]
    with pytest.raises(UserInputError, match="khối số 500–501"):
        intake.receive(c, incomplete())
    assert len(slips.search(c)) == 2                # nothing recorded by the refused one


def test_guidance_then_receipt_is_not_a_supplement(c):
    """QĐ 766: more than one supplement request makes a dossier late. Guidance at the
    counter is not one: the dossier received afterwards starts with none."""
    intake.receive(c, incomplete())
    intake.receive(c, incomplete())
    d = intake.receive(c, incomplete(outcome="received", missing=[], reason=""))
    assert d["supplement_count"] == 0
    d = dossiers.request_supplement(c, d["code"], "Thiếu bản sao", [{"name": "Bản sao"}])
    assert d["supplement_count"] == 1 and d["status"] == 5


def test_bad_input_records_nothing(c):
    with pytest.raises(UserInputError, match="liệt kê giấy tờ"):
        intake.receive(c, incomplete(missing=[]))
    with pytest.raises(UserInputError, match="lý do"):
        intake.receive(c, incomplete(outcome="refused", reason="  "))
    assert slips.search(c) == []


def test_slips_survive_a_rebuild(c):
    intake.receive(c, incomplete())
    intake.receive(c, incomplete(outcome="refused", reason="Không thuộc thẩm quyền"))
    live = table_dump(c.conn, projections.TABLES)
    commands.rebuild_projections(c.conn)
    assert table_dump(c.conn, projections.TABLES) == live


def test_search_by_name_without_accents(c):
    intake.receive(c, incomplete())
    assert [s["number"] for s in slips.search(c, "nguyen van an")] == ["01/2026/HDHS"]
    assert slips.search(c, "tran thi") == []


@pytest.mark.skipif(not pdftools.POPPLER, reason="needs pdftotext")
def test_slips_print_their_own_number(c, tmp_path):
    guidance = intake.receive(c, incomplete())
    refusal = intake.receive(c, incomplete(outcome="refused", reason="Không thuộc thẩm quyền"))
    text = pdftools.flat(slips.render(c, guidance))
    assert "Số: 01/2026/HDHS" in text and "PHIẾU YÊU CẦU BỔ SUNG" in text
    assert "Giấy tờ chứng minh đã ly hôn" in text
    text = pdftools.flat(slips.render(c, refusal))
    assert "Số: 01/2026/TCHS" in text and "Mã hồ sơ" not in text
    assert "Không thuộc thẩm quyền" in text


def run(paths, *args):
    db, cfg = paths
    return cli("--db", db, "--config", cfg, "--user", "canbo1", *args)


def test_cli_incomplete_prints_a_slip_and_can_print_it_again(demo_paths, tmp_path):
    r = run(demo_paths, "dossier", "receive", "--procedure", "DEMO-HT-05", "--citizen-qr", QR,
            "--outcome", "incomplete", "--reason", "Thiếu giấy tờ", "--missing", "Bản sao CCCD",
            "--received", "2026-11-18T10:00", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["number"] == "01/2026/HDHS" and "code" not in data
    listed = json.loads(run(demo_paths, "slip", "list", "nguyen", "--json").stdout)
    assert [s["number"] for s in listed["slips"]] == ["01/2026/HDHS"]
    assert listed["slips"][0]["citizen_not_write"] == 0
    for args, found in ((["--procedure", "DEMO-HT-05", "--from", "2026-11-18"], 1),
                        (["--to", "2026-11-17"], 0), (["--procedure", "DEMO-CT-03"], 0)):
        listed = json.loads(run(demo_paths, "slip", "list", *args, "--json").stdout)
        assert listed["count"] == found, args
    r = run(demo_paths, "slip", "list", "--from", "18/11/2026")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr and "Traceback" not in r.stderr
    out = tmp_path / "phieu.pdf"
    r = run(demo_paths, "print", "form02", "01/2026/HDHS", "--out", str(out), "--json")
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF")
    r = run(demo_paths, "print", "form03", "01/2026/HDHS", "--out", str(out))
    assert r.returncode == 2 and "in bằng form02" in r.stderr and "Traceback" not in r.stderr
    r = run(demo_paths, "slip", "show", "99/2026/HDHS")
    assert r.returncode == 2 and "Không có phiếu số 99/2026/HDHS" in r.stderr


@pytest.mark.skipif(not pdftools.POPPLER, reason="needs pdftotext")
def test_old_guided_and_refused_dossiers_print_as_they_were_printed(demo_paths, tmp_path):
    """A v11 database (before slips): after migration the old guidance and refusal are
    slips found by the dossier code printed on them, and print that code again."""
    import shutil
    from pathlib import Path

    from counter_app.services.core import Core
    fixture = Path(__file__).parent.parent / "fixtures" / "db" / "schema_v11.sqlite"
    db = tmp_path / "old.sqlite"
    shutil.copy(fixture, db)
    with Core.open(db, demo_paths[1], system=True) as core:
        old = {s["kind"]: s for s in slips.search(core)}
        guidance, refusal = old["guidance"], old["refusal"]
        assert guidance["number"] == guidance["legacy_code"] != ""
        assert slips.by_number(core, guidance["legacy_code"])["id"] == guidance["id"]
        text = pdftools.flat(slips.render(core, guidance))
        assert f"Số: {guidance['legacy_code']}/HDHS" in text and "Hợp đồng" in text
        text = pdftools.flat(slips.render(core, refusal))
        assert f"Mã hồ sơ: {refusal['legacy_code']}" in text
        with pytest.raises(Exception, match="Không có hồ sơ mã"):
            dossiers.by_code(core, guidance["legacy_code"])


# --- search (the slips tab) and "Công dân không viết" (schema v15) ------------------------

BIRTH = {"nyc_quan_he": "Mẹ", "ho_ten": "Trần Minh An", "ngay_sinh": "01/03/2026",
         "gioi_tinh": "Nam", "dan_toc": "Kinh", "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
         "que_quan": "Xã Mẫu, tỉnh Mẫu", "cha_me": [{"ho_ten": "Phạm Thị Ngọc Ánh"}]}


def _on(c, y, m, d, hour=10):
    moment = datetime(y, m, d, hour, tzinfo=timezone.utc)
    c.clock = FixedClock(int(moment.timestamp() * 1000))


def test_slips_are_searched_by_procedure_and_local_day(c):
    from datetime import date
    _on(c, 2026, 11, 16, 16)          # 23:00 on Monday 16/11 in Hà Nội
    late = intake.receive(c, incomplete())["number"]
    _on(c, 2026, 11, 16, 18)          # 01:00 on Tuesday 17/11 in Hà Nội
    other = intake.receive(c, incomplete(procedure_code="DEMO-CT-03",
                                         missing=[{"name": "Hợp đồng"}]))["number"]
    day = [s["number"] for s in slips.search(c, date_from=date(2026, 11, 16),
                                             date_to=date(2026, 11, 16))]
    assert day == [late]
    assert [s["number"] for s in slips.search(c, date_from=date(2026, 11, 17))] == [other]
    assert [s["number"] for s in slips.search(c, procedure_code="DEMO-CT-03")] == [other]
    assert [s["number"] for s in slips.search(c, "an", procedure_code="DEMO-HT-05")] == [late]
    assert dict(slips.procedures(c)).keys() == {"DEMO-HT-05", "DEMO-CT-03"}
    with pytest.raises(UserInputError, match="Ngày kết thúc"):
        slips.search(c, date_from=date(2026, 11, 17), date_to=date(2026, 11, 16))


def test_a_slip_records_citizen_not_write_by_hand_or_from_a_form_set(c):
    from counter_app.services import citizen_forms, citizen_forms_stats
    plain = intake.receive(c, incomplete())
    by_hand = intake.receive(c, incomplete(citizen_not_write=True))
    draft = citizen_forms.start(c, "DEMO-HT-01", Applicant.from_cccd(parse(QR)))
    draft.forms["to-khai-khai-sinh"].update(BIRTH)
    form_set = citizen_forms.complete(c, draft)
    with pytest.raises(UserInputError, match="Bộ tờ khai được điền cho thủ tục"):
        intake.receive(c, incomplete(form_set_id=form_set["id"]))      # another procedure
    from_set = intake.receive(c, incomplete(procedure_code="DEMO-HT-01",
                                            form_set_id=form_set["id"]))
    assert plain["citizen_not_write"] == 0 and plain["citizen_not_write_by"] is None
    assert (by_hand["citizen_not_write"], by_hand["citizen_not_write_by"]) == (1, c.officer_id)
    assert (from_set["citizen_not_write"], from_set["form_set_id"]) == (1, form_set["id"])
    # Nothing was received: the set waits for the citizen to come back with the papers.
    assert citizen_forms.get_set(c, form_set["id"])["status"] == "completed"
    day = WED_10.date()
    stats = citizen_forms_stats.served(c, day, day)["total"]
    assert stats == {"served": 2, "forms": form_set["form_count"], "dossiers": 0}
    before = table_dump(c.conn, projections.TABLES)
    commands.rebuild_projections(c.conn)
    assert table_dump(c.conn, projections.TABLES) == before


def _office_pc(c, tag: str) -> None:
    """This PC enrolled in office mode with island tag ``tag`` (no server is needed:
    slips and apologies are numbered on the PC)."""
    s = c.config.sync
    s.server_url, s.device_secret, s.office, s.office_queue, s.island_tag = (
        "http://127.0.0.1:9", "bi-mat", "P01", True, tag)
    c.save_config()             # the hub's settings are read from the file


def test_in_office_mode_slip_and_apology_numbers_carry_the_pcs_tag(c):
    """Two PCs of one office number their slips and apologies each on its own: the
    island tag in front keeps the numbers printed on paper apart (docs/OFFICE.md)."""
    _office_pc(c, "K")
    assert intake.receive(c, incomplete())["number"] == "K-01/2026/HDHS"
    assert intake.receive(c, incomplete())["number"] == "K-02/2026/HDHS"
    d = intake.receive(c, incomplete(outcome="received", missing=[], reason=""))
    apology = dossiers.apologize(c, d["code"], "Chờ xác minh", datetime(2026, 12, 2, 16, 0))
    assert apology["apology_number"] == "K-01/2026/PXL"
    _office_pc(c, "L2")          # another PC's numbers, counted among its own
    assert intake.receive(c, incomplete())["number"] == "L2-01/2026/HDHS"
    assert slips.by_number(c, "K-02/2026/HDHS")["kind"] == "guidance"
    c.config.sync.server_url = ""                    # a PC alone: numbers as before
    c.save_config()
    assert intake.receive(c, incomplete())["number"] == "01/2026/HDHS"
