"""The demo catalogue shows the rules of issue 13 working: papers shown (the ID card) print
as presented on form 01, and form 04 names the agency the law names, with the right header
(the office's own committee under its parent; the commune police alone)."""

from datetime import datetime, timezone

import pytest

from counter_app.domain.cccd import parse
from counter_app.domain.clock import FixedClock
from counter_app.domain.office_names import is_office_committee
from counter_app.services import catalogue, documents, dossiers, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from tests.printing.documents import pdftools

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"


def at(y, mo, d, h) -> FixedClock:
    return FixedClock(int(datetime(y, mo, d, h - 7, tzinfo=timezone.utc).timestamp() * 1000))


@pytest.fixture
def c(core):
    core.clock = at(2026, 11, 18, 10)
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def receive(c, code: str) -> dict:
    return intake.receive(c, IntakeRequest(code, Applicant.from_cccd(parse(QR))))


def test_papers_shown_are_presented_in_the_demo_catalogue(c):
    procedures = catalogue.list_procedures(c, include_inactive=True)
    shown = [(p.code, d) for p in procedures for d in p.documents if d.presented]
    assert len(shown) >= 12
    assert all(d.originals == d.copies == 0 for _, d in shown)
    assert not [d.name for p in procedures for d in p.documents if "xuất trình" in d.name]
    ids = {code for code, d in shown if d.name.startswith("Giấy tờ tùy thân")}
    assert {"DEMO-HT-01", "DEMO-HT-02", "DEMO-HT-05", "DEMO-CT-02", "DEMO-TKQ-01"} <= ids


@pytest.mark.skipif(not pdftools.POPPLER, reason="needs poppler-utils")
def test_form01_prints_the_id_card_as_presented(c):
    d = receive(c, "DEMO-HT-02")
    text = pdftools.flat(documents.render(c, "form01", d["code"]))
    assert "Giấy tờ tùy thân còn giá trị của hai bên nam, nữ Xuất trình" in text
    assert "Tờ khai đăng ký kết hôn (hai bên cùng có mặt) 1 1" in text
    assert "Tại Trung tâm Phục vụ hành chính công phường Mẫu" in text   # not a fixed name
    assert "Bộ phận Tiếp nhận và Trả kết quả" not in text


@pytest.mark.skipif(not pdftools.POPPLER, reason="needs poppler-utils")
@pytest.mark.parametrize("code, agency, header", [
    ("DEMO-HT-05", "Ủy ban nhân dân phường Mẫu", "UBND THÀNH PHỐ HÀ NỘI"),
    ("DEMO-CTR-01", "Công an phường Mẫu", "CÔNG AN PHƯỜNG MẪU"),
])
def test_form04_names_the_agency_the_law_names(c, code, agency, header):
    assert catalogue.get_procedure(c, code).deciding_agency_name == agency
    d = receive(c, code)
    c.clock = at(2026, 11, 19, 9)
    dossiers.apologize(c, d["code"], "Phải xác minh thêm", datetime(2026, 12, 10, 10))
    text = pdftools.text(documents.render(c, "form04", d["code"]))
    first = text.splitlines()[:6]
    assert any(line.strip().startswith(header) for line in first), first
    flat = " ".join(text.split())
    assert f"{agency} xin lỗi Ông/Bà" in flat
    if code == "DEMO-CTR-01":                  # the police is not under the commune's UBND
        assert "UBND PHƯỜNG MẪU" not in " ".join(first)


@pytest.mark.parametrize("agency, office, same", [
    ("Ủy ban nhân dân phường Ba Đình", "UBND PHƯỜNG BA ĐÌNH", True),
    ("Ủy ban nhân dân phường Mẫu", "UBND PHƯỜNG MẪU (DỮ LIỆU MẪU)", True),
    ("UBND xã Tân Lập", "Ủy ban nhân dân xã Tân Lập", True),
    ("Công an phường Ba Đình", "UBND PHƯỜNG BA ĐÌNH", False),
    ("Ủy ban nhân dân phường Ngọc Hà", "UBND PHƯỜNG BA ĐÌNH", False),
    ("", "UBND PHƯỜNG BA ĐÌNH", False),
])
def test_the_office_committee_is_recognised_however_written(agency, office, same):
    assert is_office_committee(agency, office) is same
