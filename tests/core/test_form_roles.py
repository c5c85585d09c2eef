"""A scanned card fills the section of the person's role (mother → the mother's section)."""

from counter_app.domain.cccd import parse
from counter_app.domain.form_templates.roles import (fill_requester_entry, requester_entry,
                                                     role_entry, route_card)
from counter_app.services import form_templates as forms
from counter_app.services.citizens import Applicant

KHAI_SINH = forms.find("to-khai-khai-sinh")
KET_HON = forms.find("to-khai-ket-hon")
KHAI_TU = forms.find("to-khai-khai-tu")
MOTHER, FATHER = "001199012345", "001088054321"
MOTHER_QR = f"{MOTHER}|123456789|Nguyễn Thị Mai|03021990|Nữ|Số 1 Phố Huế, Hà Nội|01012021"


def test_a_role_is_found_by_the_entry_names():
    assert role_entry(KHAI_SINH, "Nữ") == ("cha_me", 0)
    assert role_entry(KHAI_SINH, "Nam") == ("cha_me", 1)
    assert role_entry(KET_HON, "nữ") == ("hai_ben", 0)
    assert role_entry(KET_HON, "Nam") == ("hai_ben", 1)
    assert role_entry(KHAI_TU, "Nữ") is None               # "người đã chết": no role by sex


def test_the_mothers_card_fills_the_mothers_section_not_the_requester_or_father():
    requester = "079300000001"                             # the grandmother brings the papers
    assert route_card(KHAI_SINH, {}, requester, MOTHER, "Nữ") == ("cha_me", 0)
    assert route_card(KHAI_SINH, {}, requester, FATHER, "Nam") == ("cha_me", 1)


def test_the_first_card_and_the_requesters_own_card_are_the_requester():
    assert route_card(KHAI_SINH, {}, "", MOTHER, "Nữ") is None
    assert route_card(KHAI_SINH, {}, MOTHER, MOTHER, "Nữ") is None


def test_a_section_holding_another_persons_card_is_not_overwritten():
    data = {"cha_me": [{"ho_ten": "Lê Thị Hà", "giay_to": "Căn cước công dân số 001199099999"}]}
    assert route_card(KHAI_SINH, data, "079300000001", MOTHER, "Nữ") is None
    same = {"cha_me": [{"ho_ten": "Nguyễn Thị Mai",
                        "giay_to": f"Căn cước công dân số {MOTHER}"}]}
    assert route_card(KHAI_SINH, same, "079300000001", MOTHER, "Nữ") == ("cha_me", 0)


def test_the_requesters_relation_names_their_own_section():
    assert requester_entry(KHAI_SINH, {"nyc_quan_he": "Mẹ"}) == ("cha_me", 0)
    assert requester_entry(KHAI_SINH, {"nyc_quan_he": "bố"}) == ("cha_me", 1)
    assert requester_entry(KHAI_SINH, {"nyc_quan_he": " Cha  đẻ "}) == ("cha_me", 1)
    assert requester_entry(KHAI_SINH, {"nyc_quan_he": "Bà ngoại"}) is None
    assert requester_entry(KHAI_SINH, {}) is None
    assert requester_entry(KET_HON, {"nyc_quan_he": "Mẹ"}) is None     # asks no relation


def test_a_mother_requesting_fills_the_mothers_section_with_her_own_card():
    card = Applicant.from_cccd(parse(MOTHER_QR))
    data = {"nyc_quan_he": "Mẹ", "cha_me": [{}, {"ho_ten": "Trần Văn Bình"}]}
    assert fill_requester_entry(KHAI_SINH, data, card) == []
    assert data["cha_me"][0] == {"ho_ten": "Nguyễn Thị Mai", "nam_sinh": "03/02/1990",
                                 "noi_cu_tru": "Số 1 Phố Huế, Hà Nội",
                                 "giay_to": f"Căn cước công dân số {MOTHER} do Cục Cảnh sát "
                                            "QLHC về TTXH cấp ngày 01/01/2021"}
    assert data["cha_me"][1] == {"ho_ten": "Trần Văn Bình"}         # the father's untouched


def test_the_requesters_section_keeps_typed_values_and_other_peoples_cards():
    card = Applicant.from_cccd(parse(MOTHER_QR))
    typed = {"nyc_quan_he": "Mẹ", "cha_me": [{"ho_ten": "Nguyễn Thị Mây"}]}
    assert fill_requester_entry(KHAI_SINH, typed, card) == [
        ("Họ, chữ đệm, tên người mẹ", "Nguyễn Thị Mây", "Nguyễn Thị Mai")]
    assert typed["cha_me"][0]["ho_ten"] == "Nguyễn Thị Mây"
    assert fill_requester_entry(KHAI_SINH, typed, card, overwrite=True) == []
    assert typed["cha_me"][0]["ho_ten"] == "Nguyễn Thị Mai"
    other = {"nyc_quan_he": "Mẹ",
             "cha_me": [{"giay_to": "Căn cước công dân số 001199099999"}]}
    assert fill_requester_entry(KHAI_SINH, other, card) == []
    assert other["cha_me"] == [{"giay_to": "Căn cước công dân số 001199099999"}]
