"""Tiếp nhận hồ sơ: an applicant address from before the 2025 mergers (a card issued
then, or typed from one) is offered in its two-level form under the applicant; the
officer chooses or keeps it, and only the choice reaches the dossier and form 01."""

from __future__ import annotations

from counter_app.services import address_update, dossiers
from tests.ui.test_intake_page import choose, finish, open_page, scan  # noqa: F401
from ui.qt import QPushButton, Qt

OLD = "Số 1, Phố X, Phường Đội Cấn, Quận Ba Đình, Hà Nội"
NEW = ["Số 1, Phố X, Phường Ba Đình, Thành phố Hà Nội",
       "Số 1, Phố X, Phường Ngọc Hà, Thành phố Hà Nội"]
CARD = f"001199012345|123456789|Nguyễn Thị Mai|03021990|Nữ|{OLD}|15082021"
INDEX_BUILD_MS = 600_000     # the package builds its index on first use (seconds; busy CI)


def button(offers, name: str) -> QPushButton:
    return next(b for b in offers.findChildren(QPushButton) if b.objectName() == name)


def offered(qtbot, page):
    offers = page.address.offers
    qtbot.waitUntil(lambda: offers.isVisible() and bool(offers.offers), timeout=INDEX_BUILD_MS)
    return offers


def test_a_card_address_is_offered_in_two_levels_and_the_choice_is_received(qtbot, open_page,
                                                                             desk):
    page = open_page()
    choose(qtbot, page)
    scan(qtbot, page, CARD)
    qtbot.waitUntil(lambda: page.applicant.value("full_name") == "Nguyễn Thị Mai")
    offers = offered(qtbot, page)
    assert page.applicant.value("address") == OLD             # never replaced by itself
    combo = offers.combos[("intake", "address")]
    assert [combo.itemText(i) for i in range(combo.count())] == NEW
    assert any(OLD in label.text() for label in offers.findChildren(type(offers.heading)))
    combo.setCurrentIndex(1)
    qtbot.mouseClick(button(offers, "useAddress"), Qt.MouseButton.LeftButton)
    assert page.applicant.value("address") == NEW[1]
    qtbot.waitUntil(lambda: page.address.checked == NEW[1], timeout=INDEX_BUILD_MS)
    assert not offers.isVisible()                              # a two-level address: no offer
    qtbot.mouseClick(page.receive_button, Qt.MouseButton.LeftButton)
    d = finish(qtbot, page)
    assert dossiers.by_code(desk, d["code"])["applicant_address"] == NEW[1]


def test_keeping_the_address_changes_nothing_until_the_next_citizen(qtbot, open_page):
    page = open_page()
    choose(qtbot, page)
    edit = page.applicant.edits["address"]
    edit.setText(OLD)                                          # typed, not scanned
    offers = offered(qtbot, page)
    qtbot.mouseClick(button(offers, "keepAddress"), Qt.MouseButton.LeftButton)
    assert not offers.isVisible() and page.applicant.value("address") == OLD
    edit.setText(OLD + " ")                                    # the same address again
    qtbot.waitUntil(lambda: page.address.checked == OLD + " ", timeout=INDEX_BUILD_MS)
    assert not offers.isVisible()
    page.new_dossier()                                         # the next citizen
    assert not offers.isVisible()
    edit.setText(OLD)
    offered(qtbot, page)


def test_an_address_already_in_two_levels_is_left_alone(qtbot, open_page):
    assert address_update.applicant_offers(NEW[0]) == []
    page = open_page()
    page.applicant.edits["address"].setText(NEW[0])
    qtbot.waitUntil(lambda: page.address.checked == NEW[0], timeout=INDEX_BUILD_MS)
    assert not page.address.offers.isVisible()
    assert page.applicant.value("address") == NEW[0]
