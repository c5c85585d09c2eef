"""A card read with a pre-2025 address: the page offers the two-level address beside the
card's, the officer chooses (or keeps the card's), and only the choice is saved."""

from __future__ import annotations

from counter_app.services import citizen_forms as cf
from tests.ui.test_citizen_forms_page import TEMPLATE, open_forms, scan, start  # noqa: F401
from ui.qt import Qt

OLD = "Số 1, Phố X, Phường Đội Cấn, Quận Ba Đình, Hà Nội"
MOTHER = f"001199012345|123456789|Nguyễn Thị Mai|03021990|Nữ|{OLD}|15082021"
INDEX_BUILD_MS = 120_000     # the package builds its index on first use (seconds; slow CI)


def offered(qtbot, page, editor):
    scan(qtbot, editor.widget_for("dan_toc"), MOTHER)
    qtbot.waitUntil(lambda: page.work.editors[TEMPLATE].data().get("nyc_ho_ten")
                    == "Nguyễn Thị Mai")
    offers = page.work.addresses
    qtbot.waitUntil(lambda: offers.isVisible() and bool(offers.offers), timeout=INDEX_BUILD_MS)
    return page.work.editors[TEMPLATE], offers


def test_the_new_address_is_offered_and_the_choice_is_saved(qtbot, open_forms, desk):
    window, page = open_forms("canbo1")
    editor, offers = offered(qtbot, page, start(qtbot, page))
    assert editor.widget_for("nyc_noi_cu_tru").value() == OLD     # not replaced by itself
    [found] = [o for o in offers.offers if o.path == "nyc_noi_cu_tru"]
    assert found.offer.old == OLD
    combo = offers.combos[(TEMPLATE, "nyc_noi_cu_tru")]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Số 1, Phố X, Phường Ba Đình, Thành phố Hà Nội",
        "Số 1, Phố X, Phường Ngọc Hà, Thành phố Hà Nội"]
    assert any(OLD in label.text() for label in offers.findChildren(type(offers.heading)))
    combo.setCurrentIndex(1)
    use = next(b for b in offers.findChildren(type(page.work.complete_button))
               if b.objectName() == "useAddress")
    qtbot.mouseClick(use, Qt.MouseButton.LeftButton)
    assert editor.widget_for("nyc_noi_cu_tru").value() == \
        "Số 1, Phố X, Phường Ngọc Hà, Thành phố Hà Nội"
    qtbot.waitUntil(lambda: "Đã lưu nháp" in page.work.saved_label.text(), timeout=10_000)
    saved = cf.load_draft(desk, page.draft.id)
    assert saved.forms[TEMPLATE]["nyc_noi_cu_tru"] == \
        "Số 1, Phố X, Phường Ngọc Hà, Thành phố Hà Nội"
    qtbot.waitUntil(lambda: not offers.isVisible(), timeout=INDEX_BUILD_MS)


def test_keeping_the_card_address_hides_the_offer_and_changes_nothing(qtbot, open_forms):
    window, page = open_forms("canbo1")
    editor, offers = offered(qtbot, page, start(qtbot, page))
    keep = next(b for b in offers.findChildren(type(page.work.complete_button))
                if b.objectName() == "keepAddress")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert not [o for o in offers.offers if o.path == "nyc_noi_cu_tru"]
    assert editor.widget_for("nyc_noi_cu_tru").value() == OLD
