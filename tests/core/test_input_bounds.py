"""Bounds on input (issue 10 item 6): every text field has a maximum length that the
services enforce with a Vietnamese message, ID numbers are ASCII digits, invisible
control and bidi characters never reach the records, and search takes any text."""

from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.domain import limits
from counter_app.domain.catalogue import InvalidRecord, parse_procedure
from counter_app.domain.clock import FixedClock
from counter_app.domain.form_templates import Field
from counter_app.domain.form_templates.values import validate_data
from counter_app.errors import UserInputError
from counter_app.services import citizens, dossiers, form_templates, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD

WED_10 = datetime(2026, 11, 18, 3, 0, tzinfo=timezone.utc)
NAME = "Nguyễn Thị Hường"
ADDRESS = "Số 12, ngõ 34 phố Đội Cấn, phường Ba Đình, thành phố Hà Nội"
# What a paste or a scanner can smuggle in: NUL, other controls, bidi overrides and
# isolates, marks, zero-width and format characters.
INVISIBLE = ["\x00", "\x07", "\x1b", "\x7f", "\u202a", "\u202b", "\u202c", "\u202d",
             "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
             "\u200b", "\ufeff"]


@pytest.fixture
def c(core):
    core.clock = FixedClock(int(WED_10.timestamp() * 1000))
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def receive(c, applicant: Applicant, **kw) -> dict:
    return intake.receive(c, IntakeRequest(procedure_code="DEMO-HT-05", applicant=applicant,
                                           **kw))


def salted(text: str) -> str:
    """``text`` with one invisible character after every word."""
    return " ".join(w + INVISIBLE[i % len(INVISIBLE)] for i, w in enumerate(text.split()))


@pytest.mark.parametrize("key,label,limit", [
    ("full_name", "Họ và tên", limits.NAME), ("address", "Địa chỉ", limits.ADDRESS),
    ("phone", "Điện thoại", limits.PHONE), ("email", "Email", limits.EMAIL)])
def test_a_field_longer_than_its_bound_is_refused_not_cut(c, key, label, limit):
    at_bound = {"full_name": NAME, key: ("Hường" * limit)[:limit]}
    receive(c, Applicant(**at_bound))
    too_long = {"full_name": NAME, key: "Hường " * limit}
    with pytest.raises(UserInputError, match=f"^{label} quá dài: .* \\(tối đa {limit}\\)"):
        receive(c, Applicant(**too_long))
    assert c.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 1


def test_reasons_documents_and_portal_codes_have_bounds(c):
    applicant = Applicant(full_name=NAME)
    cases = [dict(outcome="refused", reason="Không thuộc thẩm quyền. " * 60),
             dict(documents=[{"name": "Giấy tờ " * 60}]),
             dict(outcome="incomplete", reason="Thiếu", missing=[{"name": "Tờ khai " * 60}]),
             dict(due_override=datetime(2026, 12, 1, 9), due_reason="Chờ xác minh. " * 100)]
    for kw in cases:
        with pytest.raises(UserInputError, match="quá dài"):
            receive(c, applicant, **kw)
    from counter_app.domain.statuses import Channel
    with pytest.raises(UserInputError, match="Mã hồ sơ trên Cổng Dịch vụ công quá dài"):
        receive(c, applicant, channel=Channel.ONLINE, portal_code="G09.20-" * 10)


def test_later_steps_refuse_overlong_text(c):
    code = receive(c, Applicant(full_name=NAME))["code"]
    with pytest.raises(UserInputError, match="Cơ quan, bộ phận nhận quá dài"):
        dossiers.transfer(c, code, "Phòng Tư pháp " * 30)
    with pytest.raises(UserInputError, match="Ghi chú quá dài"):
        dossiers.transfer(c, code, "Tư pháp", note="x" * (limits.NOTE + 1))
    with pytest.raises(UserInputError, match="Lý do quá dài"):
        dossiers.withdraw(c, code, "x" * (limits.REASON + 1))
    with pytest.raises(UserInputError, match="Lý do quá dài"):
        dossiers.request_supplement(c, code, "x" * (limits.REASON + 1), [{"name": "Tờ khai"}])
    with pytest.raises(UserInputError, match="Người nhận kết quả quá dài"):
        dossiers.return_result(c, code, "x" * (limits.NAME + 1))
    assert dossiers.by_code(c, code)["status"] == 2          # nothing was recorded


def test_full_width_id_digits_are_stored_in_ascii(c):
    d = receive(c, Applicant(full_name=NAME, id_number="００１０９９０１２３４５",
                             phone="０９１２ ３４５ ６７８"))
    assert d["applicant_id_number"] == "001099012345" and d["applicant_phone"] == "0912 345 678"
    assert citizens.lookup(c, "００１０９９０１２３４５")["id"] == d["citizen_id"]
    for odd in ("¹²³⁴⁵⁶⁷⁸⁹⁰¹²", "0010990123４x"):       # digits, but not decimal ones
        with pytest.raises(UserInputError, match="12 chữ số"):
            receive(c, Applicant(full_name=NAME, id_number=odd))


def test_control_and_bidi_characters_never_reach_the_records(c):
    d = receive(c, Applicant(full_name=salted(NAME), address=salted(ADDRESS),
                             id_number="\u202d001099012345\u202c"),
                outcome="refused", reason=salted("Không thuộc thẩm quyền cấp xã"))
    assert d["applicant_name"] == NAME and d["applicant_address"] == ADDRESS
    assert d["applicant_id_number"] == "001099012345"
    assert d["reason"] == "Không thuộc thẩm quyền cấp xã"
    citizen = citizens.lookup(c, "001099012345")
    assert citizen["full_name"] == NAME and citizen["address"] == ADDRESS


def test_a_lone_surrogate_in_a_name_is_dropped_not_a_crash(c):
    d = receive(c, Applicant(full_name="Nguyễn\ud800 Văn An\udfff"))
    assert d["applicant_name"] == "Nguyễn Văn An"


FTS_SYNTAX = st.sampled_from(['"', "*", "^", ":", "(", ")", "-", "+", "NEAR", "AND", "OR",
                              "NOT", "\x00", "\ud800", "\udfff", "\u202e", "'", "\\", "%", "_",
                              "Nguyễn", "an"])
ANY_TEXT = st.lists(st.one_of(st.text(st.characters(exclude_categories=())), FTS_SYNTAX),
                    max_size=8).map(" ".join)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=ANY_TEXT)
def test_search_never_fails_on_any_text(c, query):
    found = dossiers.search(c, query)
    assert isinstance(found, list) and len(found) <= dossiers.SEARCH_LIMIT


def test_search_still_finds_through_invisible_characters(c):
    receive(c, Applicant(full_name="Nguyễn Văn An", id_number="001099012345"))
    for query in ("nguyen\x00 van", "\u202enguyễn văn an", "001099012345\ud800",
                  "００１０９９"):
        assert [d["applicant_name"] for d in dossiers.search(c, query)] == ["Nguyễn Văn An"], \
            query


def test_a_scanned_code_with_garbage_is_not_found_rather_than_a_crash(c):
    code = receive(c, Applicant(full_name=NAME))["code"]
    assert dossiers.by_code(c, "\x00" + code + "\u202c")["code"] == code
    from counter_app.errors import NotFound
    with pytest.raises(NotFound):
        dossiers.by_code(c, code + "\ud800x")


def test_citizen_form_answers_are_bounded_by_their_type():
    template = form_templates.find("to-khai-khai-sinh")
    data = {"ho_ten": "A" * (limits.FORM_TEXT + 1), "dan_toc": "Kinh" + " " * 5000}
    messages = [p.message for p in validate_data(template, data, WED_10.date())]
    assert (f"Họ, chữ đệm, tên: quá dài: {limits.FORM_TEXT + 1} ký tự "
            f"(tối đa {limits.FORM_TEXT})") in messages
    assert not [m for m in messages if m.startswith("Dân tộc")]


def test_citizen_form_values_are_cleaned_keeping_line_breaks():
    from counter_app.domain.form_templates.values import clean_value
    assert clean_value(Field("a", "A"), salted(NAME)) == NAME
    assert clean_value(Field("a", "A", type="multiline"), "dòng\u202e một\x00\ndòng hai") == \
        "dòng một\ndòng hai"
    assert clean_value(Field("a", "A", type="id_number"), "０٠1099012345") == "001099012345"
    assert clean_value(Field("a", "A", type="date"), "０５/０１/２０２７") == "05/01/2027"
    assert clean_value(Field("a", "A", type="checkbox"), True) is True


def test_catalogue_names_longer_than_the_forms_can_print_are_refused():
    raw = {"code": "X-1", "name": "Thủ tục " * 100, "field_code": "HT", "processing_days": 3,
           "agency": "Ủy ban " * 50, "documents": [{"name": "Giấy " * 100}]}
    with pytest.raises(InvalidRecord) as e:
        parse_procedure(raw)
    text = str(e.value)
    assert f"tên thủ tục dài quá {limits.PROCEDURE_NAME}" in text
    assert f"cơ quan giải quyết dài quá {limits.AGENCY}" in text
    assert f"tên giấy tờ dài quá {limits.DOCUMENT_NAME}" in text


def test_an_officer_name_is_cleaned_and_bounded(core):
    officer = officers.create_officer(core, "canbo9", "Trần\u202e Thị\x00 Bình", "counter",
                                      "mat-khau-dai")
    assert officer.full_name == "Trần Thị Bình"      # printed as the receiver on form 01
    with pytest.raises(UserInputError, match="Họ và tên cán bộ quá dài"):
        officers.create_officer(core, "canbo10", "Bình " * 40, "counter", "mat-khau-dai")
