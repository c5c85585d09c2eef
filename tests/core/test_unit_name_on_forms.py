"""Every one-stop form names the counter unit the office configured (``office.unit_name``),
in its header and in its sentences; form 02's contact follows it unless the form set
names someone else; an office that kept the old name still prints it (issue 13 item 1)."""

from datetime import datetime, timezone

import pytest

from counter_app.domain.cccd import parse
from counter_app.domain.clock import FixedClock
from counter_app.services import documents, dossiers, intake, official_forms, officers, slips
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from printing.documents import render_form
from tests.printing.documents import pdftools

pytestmark = pdftools.needs_poppler
QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
WED_10 = datetime(2026, 11, 18, 3, 0, tzinfo=timezone.utc)     # Wednesday 10:00 in Hà Nội
UNIT = "Trung tâm Phục vụ hành chính công xã Tân Lập"
OLD = "Bộ phận Tiếp nhận và Trả kết quả"


@pytest.fixture
def c(core):
    core.clock = FixedClock(int(WED_10.timestamp() * 1000))
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    core.config.office.unit_name = UNIT
    return core


def _at(c, day: int, hour: int) -> None:
    c.clock = FixedClock(int(datetime(2026, 11, day, hour - 7, 0, tzinfo=timezone.utc)
                             .timestamp() * 1000))


def _request(outcome: str = "received", **kw) -> IntakeRequest:
    return IntakeRequest(procedure_code="DEMO-HT-05", applicant=Applicant.from_cccd(parse(QR)),
                         outcome=outcome, **kw)


def all_forms(c) -> dict[str, str]:
    """Forms 01–07 of the current set (01 … stop notice … book), read back as text."""
    received = intake.receive(c, _request())["code"]
    asked = intake.receive(c, _request())["code"]
    stopped = intake.receive(c, _request())["code"]
    guidance = intake.receive(c, _request("incomplete", reason="Thiếu giấy tờ",
                                          missing=[{"name": "Bản sao giấy khai sinh"}]))
    refusal = intake.receive(c, _request("refused", reason="Không thuộc thẩm quyền"))
    _at(c, 19, 9)
    dossiers.transfer(c, received, "Công chức Tư pháp - Hộ tịch")
    dossiers.request_supplement(c, asked, "Bản sao chưa chứng thực",
                                [{"name": "Giấy chứng sinh", "original": True}])
    dossiers.stop(c, stopped, "Giấy tờ giả mạo")
    _at(c, 24, 9)
    dossiers.apologize(c, received, "Chờ xác minh", datetime(2026, 11, 30, 10, 0))
    pdfs = {kind: documents.render(c, kind, code) for kind, code in (
        ("form01", received), ("form02", asked), ("form04", received), ("form05", received),
        ("stop_notice", stopped))}
    pdfs["form02 slip"] = slips.render(c, guidance)
    pdfs["form03 slip"] = slips.render(c, refusal)
    pdfs["form06"] = render_form("form06", documents.tracking_book(c, 2026),
                                 official_forms.current(c).wording("form06"))
    return {kind: pdftools.flat(pdf) for kind, pdf in pdfs.items()}


def test_forms_01_to_07_print_the_configured_unit(c):
    texts = all_forms(c)
    for kind, text in texts.items():
        assert OLD not in text and OLD.upper() not in text, kind
    # The header prints it in capitals (two lines when long: the text joins them).
    for kind in ("form01", "form02", "form02 slip", "form03 slip", "form05", "form06"):
        assert UNIT.upper() in texts[kind], kind
    assert f"Đăng ký nhận kết quả: Tại {UNIT}" in texts["form01"]
    assert f"Qua xem xét, {UNIT} thông báo không tiếp nhận" in texts["form03 slip"]
    for kind in ("form04", "stop_notice"):      # issued by the agency: the unit in sentences
        assert f"Ngày 18/11/2026, {UNIT} tiếp nhận hồ sơ của Ông/Bà." in texts[kind], kind
        assert f"- {UNIT};" in texts[kind], kind
    assert f"1. Giao: {UNIT} 2. Nhận: Công chức Tư pháp - Hộ tịch" in texts["form05"]
    assert f"Tại {UNIT}" in texts["form06"]


def test_form02_contact_follows_the_unit_unless_the_set_names_one(c):
    asked = intake.receive(c, _request())["code"]
    dossiers.request_supplement(c, asked, "Thiếu", [{"name": "Giấy chứng sinh"}])
    slip = intake.receive(c, _request("incomplete", reason="Thiếu",
                                      missing=[{"name": "Giấy chứng sinh"}]))
    contact = f"liên hệ với {UNIT} để được hướng dẫn./."
    assert contact in pdftools.flat(documents.render(c, "form02", asked))
    text = pdftools.flat(slips.render(c, slip))
    assert contact in text and "Mẫu số 02" in text        # slips print in the office's set
    # The office's copy of the set names someone else: that is printed instead.
    own = c.db_path.parent / "official-forms"
    own.mkdir()
    shipped = (official_forms.SHIPPED_DIR / "tt03-2025.yaml").read_text(encoding="utf-8")
    assert "default_contact: ''" in shipped
    (own / "tt03-2025.yaml").write_text(shipped.replace(
        "default_contact: ''", "default_contact: công chức Trần Văn Bình, 024 3823 4567"),
        encoding="utf-8")
    text = pdftools.flat(documents.render(c, "form02", asked))
    assert "liên hệ với công chức Trần Văn Bình, 024 3823 4567 để được" in text
    # A copy made before the unit was configuration says the old name: the unit wins.
    (own / "tt03-2025.yaml").write_text(shipped.replace(
        "default_contact: ''", f"default_contact: {OLD}"), encoding="utf-8")
    assert contact in pdftools.flat(slips.render(c, slip))


def test_an_office_that_kept_the_old_name_prints_it(c):
    c.config.office.unit_name = OLD.upper()       # as offices wrote it for the header
    code = intake.receive(c, _request())["code"]
    dossiers.request_supplement(c, code, "Thiếu", [{"name": "Giấy chứng sinh"}])
    text = pdftools.flat(documents.render(c, "form02", code))
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in text
    assert f"liên hệ với {OLD} để được hướng dẫn./." in text     # as a name, not capitals
    assert "TRUNG TÂM" not in text.upper()
