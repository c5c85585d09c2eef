"""The counter unit's name and the deciding agency's proper name, on forms and tickets."""

import json
from datetime import datetime, timezone

import pytest

from counter_app import config
from counter_app.domain.cccd import parse
from counter_app.domain.clock import FixedClock
from counter_app.domain.office_names import (commune_of, committee_name, unit_lines,
                                             unit_name)
from counter_app.services import catalogue, documents, dossiers, intake, officers, queue
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from counter_app import catalogue_io
from counter_app.services.ticket_printing import content_for
from tests.printing.documents import pdftools

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
WED_10 = datetime(2026, 11, 18, 3, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("office, commune", [
    ("Ủy ban nhân dân phường Ba Đình", "phường Ba Đình"),
    ("UBND XÃ TÂN LẬP", "xã Tân Lập"),
    ("Uỷ ban nhân dân đặc khu Côn Đảo", "đặc khu Côn Đảo"),
    ("UBND PHƯỜNG MẪU (DỮ LIỆU MẪU)", "phường Mẫu (Dữ Liệu Mẫu)"),
    ("Sở Tư pháp tỉnh Ninh Bình", ""),
    ("", ""),
])
def test_the_commune_is_read_from_the_office_name(office, commune):
    assert commune_of(office) == commune
    expected = f"Trung tâm Phục vụ hành chính công {commune}".strip()
    assert unit_name("", office) == expected
    assert unit_name("  Bộ phận Một cửa   xã Tân Lập ", office) == "Bộ phận Một cửa xã Tân Lập"
    assert committee_name(office) == (f"Ủy ban nhân dân {commune}" if commune else office)


def test_the_old_name_configured_in_capitals_reads_as_a_name():
    office = "Ủy ban nhân dân phường Ba Đình"
    assert unit_name("BỘ PHẬN TIẾP NHẬN  VÀ TRẢ KẾT QUẢ", office) == \
        "Bộ phận Tiếp nhận và Trả kết quả"
    assert unit_name("BỘ PHẬN MỘT CỬA", office) == "BỘ PHẬN MỘT CỬA"    # not guessed


def test_a_long_unit_is_cut_before_its_commune():
    assert unit_lines("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG ĐẶC KHU CÔN ĐẢO") == \
        ["TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "ĐẶC KHU CÔN ĐẢO"]
    assert unit_lines("Trung tâm Phục vụ hành chính công xã Tân Lập") == \
        ["Trung tâm Phục vụ hành chính công", "xã Tân Lập"]
    assert unit_lines("Bộ phận Một cửa") == ["Bộ phận Một cửa"]


@pytest.fixture
def c(core):
    core.clock = FixedClock(int(WED_10.timestamp() * 1000))
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def receive(c, code="DEMO-HT-05"):
    return intake.receive(c, IntakeRequest(procedure_code=code,
                                           applicant=Applicant.from_cccd(parse(QR))))


@pytest.mark.skipif(not pdftools.POPPLER, reason="needs poppler-utils")
def test_forms_print_the_centre_by_default_and_the_configured_name_when_set(c):
    d = receive(c)
    text = pdftools.flat(documents.render(c, "form01", d["code"]))
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG MẪU" in text
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" not in text
    c.config.office.unit_name = "Bộ phận Một cửa phường Mẫu"
    text = pdftools.flat(documents.render(c, "form01", d["code"]))
    assert "BỘ PHẬN MỘT CỬA PHƯỜNG MẪU" in text and "TRUNG TÂM" not in text


def test_unit_name_is_set_through_config_set_and_old_files_default(demo_paths):
    db, cfg_path = demo_paths
    raw = json.loads(cfg_path.read_text(encoding="utf-8"))
    raw["office"].pop("unit_name", None)        # a file written before the key existed
    cfg_path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert config.load(cfg_path).office.unit_name == ""
    config.set_value(cfg_path, "office.unit_name", "Trung tâm Phục vụ hành chính công xã X")
    core = Core.open(db, cfg_path, system=True)
    try:
        assert documents.header(core).unit_name == "Trung tâm Phục vụ hành chính công xã X"
    finally:
        core.close()


def test_the_ticket_names_the_centre_under_the_commune(c):
    ticket = queue.issue_ticket(c, "A")
    content = content_for(c, ticket["id"])
    assert content.agency_name == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG MẪU (DỮ LIỆU MẪU)"
    assert content.parent_name == c.config.office.name


def test_transfer_is_given_by_the_centre(c):
    d = receive(c)
    dossiers.transfer(c, d["code"], "Công chức Tư pháp - Hộ tịch")
    [h] = dossiers.detail(c, d["code"])["handovers"]
    assert h["from_agency"].startswith("Trung tâm Phục vụ hành chính công")


@pytest.mark.skipif(not pdftools.POPPLER, reason="needs poppler-utils")
def test_the_apology_names_the_deciding_agency_by_its_proper_name(c, demo_paths):
    d = receive(c, "DEMO-KD-01")       # the demo catalogue names no agency for it
    c.clock = FixedClock(int(datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc).timestamp()
                             * 1000))
    dossiers.apologize(c, d["code"], "Chờ xác minh", datetime(2026, 11, 30, 10, 0))
    apology = documents.apology(c, dossiers.detail(c, d["code"]))
    assert apology.agency_name == "Ủy ban nhân dân phường Mẫu (Dữ Liệu Mẫu)"  # no catalogue name
    row = dict(c.conn.execute("SELECT * FROM procedures WHERE code = 'DEMO-KD-01'").fetchone())
    record = catalogue.procedure_from_row(row).to_dict() | {
        "deciding_agency_name": "Ủy ban nhân dân xã Tân Lập"}
    admin = Core.open(*demo_paths, system=True)
    try:
        catalogue.import_records(admin, catalogue_io.read_bytes(
            json.dumps({"procedures": [record]}, ensure_ascii=False).encode(), "json", "x.json"))
    finally:
        admin.close()
    text = pdftools.flat(documents.render(c, "form04", d["code"]))
    assert "Ủy ban nhân dân xã Tân Lập xin lỗi" in text
    assert "Cơ quan đăng ký kinh doanh cấp xã xin lỗi" not in text   # the free text
