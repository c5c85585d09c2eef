"""A scanned card fills the section of the person's role (mother → the mother's section)."""

from counter_app.domain.form_templates.roles import role_entry, route_card
from counter_app.services import form_templates as forms

KHAI_SINH = forms.find("to-khai-khai-sinh")
KET_HON = forms.find("to-khai-ket-hon")
KHAI_TU = forms.find("to-khai-khai-tu")
MOTHER, FATHER = "001199012345", "001088054321"


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
