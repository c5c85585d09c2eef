"""Form 04's new date, form 05's transfer step, form 02's date, form 01's portal code
and papers shown (items 3, 5, 7 of issue 13)."""

from datetime import date, datetime, timezone

import pytest

from counter_app.domain.cccd import parse
from counter_app.domain.clock import FixedClock
from counter_app.domain.statuses import Channel
from counter_app.errors import UserInputError
from counter_app.services import documents, dossiers, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from tests.printing.documents import pdftools

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"


def at(y, mo, d, h, mi=0) -> FixedClock:
    """A clock at local time (UTC+7)."""
    return FixedClock(int(datetime(y, mo, d, h - 7, mi, tzinfo=timezone.utc).timestamp() * 1000))


@pytest.fixture
def c(core):
    core.clock = at(2026, 11, 18, 10)          # Wednesday 10:00
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def receive(c, **kw):
    return intake.receive(c, IntakeRequest(procedure_code="DEMO-HT-05",
                                           applicant=Applicant.from_cccd(parse(QR)), **kw))


def test_an_apology_dated_in_the_past_is_refused(c):
    d = receive(c)
    c.clock = at(2026, 11, 20, 9)
    with pytest.raises(UserInputError, match="đã qua"):
        dossiers.apologize(c, d["code"], "Chờ xác minh", datetime(2026, 11, 19, 16, 0))
    assert dossiers.by_code(c, d["code"])["apology_number"] in ("", None)


def test_an_apology_after_the_old_due_date_is_warned(c):
    d = receive(c)                               # due Monday 23/11 10:00
    c.clock = at(2026, 11, 24, 9)
    result = dossiers.apologize(c, d["code"], "Chờ xác minh", datetime(2026, 11, 27, 10, 0))
    assert result["apology_number"] and "đã qua" in result["warnings"][0]
    d2 = receive(c)
    fresh = dossiers.apologize(c, d2["code"], "Chờ xác minh", datetime(2026, 12, 4, 10, 0))
    assert fresh["warnings"] == []


@pytest.mark.skipif(not pdftools.POPPLER, reason="needs poppler-utils")
def test_a_date_without_time_means_the_closing_time(c):
    d = receive(c)
    c.clock = at(2026, 11, 20, 9)
    dossiers.apologize(c, d["code"], "Chờ xác minh", date(2026, 11, 27))
    history = dossiers.detail(c, d["code"])["history"]
    new_due = next(h for h in history if h["type"] == "dossier.apologized")["payload"]["new_due"]
    assert new_due.startswith("2026-11-27T10:00")   # 17:00 local, not midnight
    apology = documents.apology(c, dossiers.detail(c, d["code"]))
    assert (apology.new_due.hour, apology.new_due.minute) == (17, 0)


@pytest.mark.parametrize("received_hour, handed, result", [
    (10, (2026, 11, 18, 16), "Đúng hạn"),       # same day before closing
    (10, (2026, 11, 19, 9), "Quá hạn"),         # next day: late for the counter step
    (16, (2026, 11, 19, 11), "Đúng hạn"),       # after 15:00: next morning is in time
    (16, (2026, 11, 19, 14), "Quá hạn"),        # … but not next afternoon
])
def test_the_counter_step_is_judged_against_the_transfer_deadline(c, received_hour, handed,
                                                                  result):
    c.clock = at(2026, 11, 18, received_hour)
    d = receive(c)
    c.clock = at(*handed)
    dossiers.transfer(c, d["code"], "Công chức Tư pháp - Hộ tịch")
    slip = documents.control_slip(c, dossiers.detail(c, d["code"]))
    assert slip.handovers[0].result == result


@pytest.mark.skipif(not pdftools.POPPLER, reason="needs poppler-utils")
def test_an_online_receipt_shows_the_portal_code(c):
    d = receive(c, channel=Channel.ONLINE, portal_code="H56.22-261118-0042")
    pdf = documents.render(c, "form01", d["code"])
    text = pdftools.flat(pdf)
    assert "Mã hồ sơ: H56.22-261118-0042" in text
    assert f"Mã tiếp nhận tại quầy: {d['code']}" in text
    assert "H56.22-261118-0042" in pdftools.barcodes(pdf).get("QRCode", [])
    assert dossiers.by_code(c, "H56.22-261118-0042")["code"] == d["code"]  # the scan finds it
    assert pdftools.flat(documents.render(c, "form01", "H56.22-261118-0042")) == text
    direct = pdftools.flat(documents.render(c, "form01", receive(c)["code"]))
    assert "Mã tiếp nhận tại quầy" not in direct


@pytest.mark.skipif(not pdftools.POPPLER, reason="needs poppler-utils")
def test_papers_shown_print_as_presented_without_counts(c):
    docs = [{"name": "Thẻ căn cước của người đi đăng ký", "presented": True},
            {"name": "Giấy chứng sinh", "originals": 1, "copies": 0}]
    d = receive(c, documents=docs)
    text = pdftools.flat(documents.render(c, "form01", d["code"]))
    assert "Thẻ căn cước của người đi đăng ký Xuất trình" in text
    assert "Giấy chứng sinh 1 1" in text


@pytest.mark.skipif(not pdftools.POPPLER, reason="needs poppler-utils")
def test_form02_carries_the_day_it_was_issued(c):
    d = receive(c)
    dossiers.transfer(c, d["code"], "Công chức Tư pháp - Hộ tịch")
    c.clock = at(2026, 11, 19, 9)
    dossiers.request_supplement(c, d["code"], "Thiếu giấy", [{"name": "Giấy chứng sinh"}])
    c.clock = at(2026, 11, 25, 9)
    dossiers.apologize(c, d["code"], "Chờ bổ sung", date(2026, 11, 30))  # a later change
    text = pdftools.flat(documents.render(c, "form02", d["code"]))
    assert "ngày 19 tháng 11 năm 2026" in text


def test_the_portal_code_scanned_at_the_return_desk_opens_the_online_dossier(c):
    """NĐ 309/2026 Điều 17(3): the receipt's code is the portal's; a scan of it is read as
    a dossier code and finds the dossier (the window opens it as any scanned code)."""
    from counter_app.domain.scans import classify
    from counter_app.services import codes
    d = receive(c, channel=Channel.ONLINE, portal_code="G22.99-261118-0042")
    scan = classify("G22.99-261118-0042\r\n", codes.code_format(c))
    assert (scan.kind, scan.text) == ("dossier_code", "G22.99-261118-0042")
    assert dossiers.by_code(c, scan.text)["code"] == d["code"]
