"""A card's address from before the 2025 mergers is offered in its two-level form, never
silently replaced; the officer's choice is what prints (docs/RULES.md, "Tờ khai công
dân và lịch nghỉ"). The offers come from the shipped vietnam-address-converter table."""

from datetime import datetime, timezone

import pytest

from counter_app.domain.cccd import parse
from counter_app.domain.clock import FixedClock
from counter_app.services import address_update, citizen_forms as cf, officers
from counter_app.services.citizens import Applicant
from counter_app.services.setup import DEMO_PASSWORD
from tests.printing.documents.pdftools import flat, needs_poppler

OLD = "Số 1, Phố X, Phường Đội Cấn, Quận Ba Đình, Hà Nội"    # split: Ba Đình or Ngọc Hà
QR = f"001199012345|123456789|Nguyễn Thị Mai|03021990|Nữ|{OLD}|15082021"
QR_FATHER = ("001099054321||Trần Văn Bình|12031988|Nam|"
             "Thôn 3, Xã Lê Ninh, Thị xã Kinh Môn, Tỉnh Hải Dương|20062022")
BIRTH = {"nyc_quan_he": "Mẹ", "ho_ten": "Trần Minh An", "ngay_sinh": "01/11/2026",
         "gioi_tinh": "Nam", "dan_toc": "Kinh", "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
         "que_quan": "Xã Tam Đảo, tỉnh Phú Thọ"}


@pytest.fixture
def c(core):
    core.clock = FixedClock(int(datetime(2026, 11, 18, 3, tzinfo=timezone.utc).timestamp() * 1000))
    officers.authenticate(core, "hotro", DEMO_PASSWORD)
    return core


def test_a_split_commune_offers_each_new_one():
    found = address_update.offer(OLD)
    assert found.old == OLD and found.ambiguous
    assert found.choices == ("Số 1, Phố X, Phường Ba Đình, Thành phố Hà Nội",
                             "Số 1, Phố X, Phường Ngọc Hà, Thành phố Hà Nội")
    assert found.source.startswith("vietnam-address-converter ")


@pytest.mark.parametrize("old, new", [
    ("Thôn 3, Xã Lê Ninh, Thị xã Kinh Môn, Tỉnh Hải Dương",          # province merged
     "Thôn 3, Phường Bắc An Phụ, Thành phố Hải Phòng"),
    ("59 Nguyễn Sỹ Sách, Phường 15, Quận Tân Bình, TP Hồ Chí Minh",
     "59 Nguyễn Sỹ Sách, Phường Tân Sơn, Thành phố Hồ Chí Minh"),
    ("Xóm Đông, xã Thiện Tân, huyện Hữu Lũng, tỉnh Lạng Sơn",        # only the district goes
     "Xóm Đông, Xã Thiện Tân, Tỉnh Lạng Sơn"),
])
def test_a_merged_commune_offers_one_address(old, new):
    found = address_update.offer(old)
    assert found.choices == (new,) and not found.ambiguous


@pytest.mark.parametrize("address", [
    "Số 12, ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội",   # already two-level
    "Số 1 Phố Huế, Hà Nội",                                 # no commune to convert
    "không rõ địa chỉ", "", "   "])
def test_nothing_is_offered_for_what_is_not_an_old_address(address):
    assert address_update.offer(address) is None


def test_the_card_address_stays_on_the_form_and_is_offered(c):
    draft = cf.start(c, "DEMO-HT-01", Applicant.from_cccd(parse(QR)))
    data = draft.forms["to-khai-khai-sinh"]
    assert data["nyc_noi_cu_tru"] == OLD                  # never silently replaced
    data["cha_me"] = [{}, {"ho_ten": "Trần Văn Bình", "noi_cu_tru": parse(QR_FATHER).address}]
    offers = cf.address_offers(c, draft)
    assert [(o.template_id, o.path, o.label) for o in offers] == [
        ("to-khai-khai-sinh", "nyc_noi_cu_tru", "Nơi cư trú"),
        ("to-khai-khai-sinh", "cha_me[2].noi_cu_tru", "Nơi cư trú (người cha)")]
    assert offers[0].offer.ambiguous and not offers[1].offer.ambiguous
    assert draft.forms["to-khai-khai-sinh"]["nyc_noi_cu_tru"] == OLD


@needs_poppler
def test_the_officers_choice_is_what_prints(c):
    draft = cf.start(c, "DEMO-HT-01", Applicant.from_cccd(parse(QR)))
    data = draft.forms["to-khai-khai-sinh"]
    data.update(BIRTH)
    chosen = cf.address_offers(c, draft)[0].offer.choices[1]       # the officer picks Ngọc Hà
    data["nyc_noi_cu_tru"] = chosen
    data["cha_me"] = [{"ho_ten": "Nguyễn Thị Mai"}]
    assert cf.address_offers(c, draft) == []                       # nothing left to offer
    s = cf.complete(c, draft)
    text = flat(cf.set_pdfs(c, s)[0][1])
    assert "Nơi cư trú(2) : Số 1, Phố X, Phường Ngọc Hà, Thành phố Hà Nội Giấy tờ" in text
    assert "Đội Cấn" not in text and "Phường Ba Đình" not in text
    assert s["applicant"]["address"] == chosen        # and the dossier's applicant takes it
