"""Shipped templates, prefill from ID cards, the officer's data and its checks, admin folder."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from counter_app.domain import cccd
from counter_app.domain.form_templates import (FIELD_TYPES, FormContext, TemplateError, fill,
                                               parse_template, prefill, validate_data)
from counter_app.errors import NotFound
from counter_app.services import form_templates as forms
from counter_app.services.citizens import Applicant

TODAY = date(2027, 1, 5)
QR_AN = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
QR_TUYET = ("001199054321||Nguyễn Thị Ánh Tuyết|12031998|Nữ|"
            "Số 12, ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội|20072024")
IDS = {"to-khai-khai-sinh", "to-khai-ket-hon", "to-khai-khai-tu",
       "to-khai-cap-ban-sao-trich-luc", "to-khai-xac-nhan-tinh-trang-hon-nhan",
       "phieu-yeu-cau-chung-thuc", "don-de-nghi"}
CIVIL = {i for i in IDS if i.startswith("to-khai")}


def card(qr: str):
    return cccd.parse(qr, TODAY)


@pytest.fixture(scope="module")
def khai_sinh():
    return forms.find("to-khai-khai-sinh")


def context(**people) -> FormContext:
    return FormContext(today=TODAY, citizen=card(QR_AN), office_name="Ủy ban nhân dân phường "
                       "Ba Đình", office_place="Ba Đình", people=people)


@pytest.mark.parametrize("path", sorted(forms.SHIPPED_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_template_validates_and_cites_its_source(path):
    t = parse_template(path.read_bytes(), str(path))
    assert t.id == path.stem and t.title.isupper() and t.version >= 1
    assert len(t.source) > 40 and t.unverified, "each template says what is unverified"
    if t.id in CIVIL:
        assert "Thông tư 04/2020/TT-BTP" in t.source
        assert any("đối chiếu" in u for u in t.unverified)
    assert {f.type for f in t.fields} <= set(FIELD_TYPES)


def test_catalogue_lists_the_seven_shipped_templates():
    entries = forms.catalogue()
    assert {e.id for e in entries} == IDS
    assert all(e.origin == "shipped" and not e.problems for e in entries)
    assert entries[0].to_dict().keys() >= {"id", "title", "source", "file", "errors"}


def test_the_demo_catalogue_names_resolve_to_templates():
    demo = json.loads((forms.SHIPPED_DIR.parent / "demo_catalogue.json").read_text("utf-8"))
    # Dated versions (effective_from) carry only what changes: the base records name the forms.
    names = [n for p in demo["procedures"] if p.get("field_code") == "HOTICH"
             for n in p["citizen_forms"]]
    assert len(names) == 5
    assert {forms.find(n).id for n in names} == CIVIL - set()


def test_unknown_template_lists_what_exists():
    with pytest.raises(NotFound, match="to-khai-khai-sinh"):
        forms.find("to-khai-khong-co")


def test_prefill_from_the_requesters_card(khai_sinh):
    data = prefill(khai_sinh, context())
    assert data["nyc_ho_ten"] == "Nguyễn Văn An"
    assert data["nyc_ngay_sinh"] == "01/01/1999"
    assert data["nyc_noi_cu_tru"] == "Số 1, Phố X, Phường Y, Hà Nội"
    assert data["nyc_giay_to"] == ("Căn cước công dân số 001099012345 do Cục Cảnh sát QLHC về "
                                   "TTXH cấp ngày 15/08/2021")
    assert data["kinh_gui"] == "Ủy ban nhân dân phường Ba Đình"
    assert data["lam_tai"] == "Ba Đình" and data["ngay_lam"] == "05/01/2027"
    assert data["quoc_tich"] == "Việt Nam" and data["cha_me"] == []


def test_a_group_entry_is_prefilled_from_its_own_card(khai_sinh):
    data = prefill(khai_sinh, context(cha_me=[None, card(QR_TUYET)]))
    mother, father = data["cha_me"]
    assert mother == {}                       # an empty slot stays empty, no defaults
    assert father["ho_ten"] == "Nguyễn Thị Ánh Tuyết"
    assert father["nam_sinh"] == "12/03/1998"
    assert father["noi_cu_tru"] == "Số 12, ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội"
    assert father["giay_to"] == "Thẻ căn cước số 001199054321 do Bộ Công an cấp ngày 20/07/2024"
    assert father["quoc_tich"] == "Việt Nam"


def test_an_applicant_record_prefills_too(khai_sinh):
    person = Applicant(full_name="  Trần  Thị Bình ", id_number="079185000111",
                       birth_date="1985-04-30", address="Phường Bến Thành, TP. Hồ Chí Minh")
    data = prefill(khai_sinh, FormContext(today=TODAY, citizen=person))
    assert data["nyc_ho_ten"] == "Trần Thị Bình" and data["nyc_ngay_sinh"] == "30/04/1985"
    assert data["nyc_giay_to"] == "Căn cước công dân số 079185000111"


def test_typed_values_override_the_prefill_entry_by_entry(khai_sinh):
    typed = {"nyc_ho_ten": "Nguyễn Văn Ân", "cha_me": [{"ho_ten": "Lê Thị Hoa"},
                                                      {"dan_toc": "Tày"}]}
    data = fill(khai_sinh, context(cha_me=[None, card(QR_AN)]), typed)
    assert data["nyc_ho_ten"] == "Nguyễn Văn Ân"
    assert data["cha_me"][0] == {"ho_ten": "Lê Thị Hoa", "quoc_tich": "Việt Nam"}
    assert data["cha_me"][1]["ho_ten"] == "Nguyễn Văn An"
    assert data["cha_me"][1]["dan_toc"] == "Tày"


COMPLETE = {"nyc_quan_he": "Cha", "ho_ten": "Nguyễn Minh Khang", "ngay_sinh": "03/01/2027",
            "ngay_sinh_chu": "Ngày ba tháng một năm hai nghìn không trăm hai mươi bảy",
            "gioi_tinh": "Nam", "dan_toc": "Kinh", "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
            "que_quan": "Xã Đông Anh, thành phố Hà Nội",
            "cha_me": [{"ho_ten": "Nguyễn Thị Ánh Tuyết"}]}


def problems(template, typed, **people) -> dict[str, str]:
    data = fill(template, context(**people), typed)
    return {p.path: p.message for p in validate_data(template, data, TODAY)}


def test_a_complete_declaration_has_no_problems(khai_sinh):
    assert problems(khai_sinh, COMPLETE) == {}


@pytest.mark.parametrize("change, path, message", [
    ({"ho_ten": ""}, "ho_ten", "Họ, chữ đệm, tên: bắt buộc"),
    ({"cha_me": [{}, {"dan_toc": "Kinh"}]}, "cha_me[2].ho_ten",
     "Họ, chữ đệm, tên người cha: bắt buộc"),
    ({"ngay_sinh": "31/02/2027"}, "ngay_sinh",
     "Ngày, tháng, năm sinh: không đúng dạng ngày (ngày/tháng/năm, ví dụ 05/01/2027)"),
    ({"ngay_sinh": "06/01/2027"}, "ngay_sinh", "Ngày, tháng, năm sinh: ngày 06/01/2027 ở tương lai"),
    ({"gioi_tinh": "nam giới"}, "gioi_tinh", "Giới tính: chỉ chọn một trong: Nam, Nữ"),
    ({"so_ban_sao": "0"}, "so_ban_sao", "Số lượng bản sao: không được nhỏ hơn 1"),
    ({"so_ban_sao": "hai"}, "so_ban_sao", "Số lượng bản sao: phải là số nguyên không âm"),
    ({"cha_me": [{"ho_ten": "A", "nam_sinh": "95"}]}, "cha_me[1].nam_sinh",
     "Năm sinh (người mẹ): không đúng dạng quy định (năm (1995) hoặc đủ ngày, tháng, "
     "năm (12/03/1995))"),
    ({"cha_me": []}, "cha_me", "Cha, mẹ: cần ít nhất 1 người (mới có 0)"),
    ({"cha_me": [{"ho_ten": "A"}, {"ho_ten": "B"}, {"ho_ten": "C"}]}, "cha_me",
     "Cha, mẹ: tối đa 2 người (có 3)"),
    ({"ten_la": "x"}, "ten_la", "Dữ liệu có trường 'ten_la' không có trong mẫu to-khai-khai-sinh"),
    ({"cha_me": [{"ho_ten": "A", "x": 1}]}, "cha_me[1].x", "Cha, mẹ: trường 'x' không có trong mẫu"),
    ({"ho_ten": ["not", "text"]}, "ho_ten", "Họ, chữ đệm, tên: giá trị không hợp lệ"),
])
def test_problems_are_named_in_vietnamese(khai_sinh, change, path, message):
    assert problems(khai_sinh, {**COMPLETE, **change}).get(path) == message


@pytest.mark.parametrize("value, ok", [
    ("001099012345", True), ("001 099 012 345", True), ("00109901234", False),
    ("0010990123456", False), ("00109901234a", False)])
def test_id_numbers_have_twelve_digits(value, ok):
    t = forms.find("don-de-nghi")
    found = problems(t, {"noi_dung": "x", "so_dinh_danh": value})
    assert ("so_dinh_danh" not in found) is ok
    if not ok:
        assert found["so_dinh_danh"] == \
            "Số định danh cá nhân: số định danh cá nhân phải gồm 12 chữ số"


@pytest.mark.parametrize("value, ok", [
    ("0912345678", True), ("0912 345 678", True), ("+84912345678", True), ("091234567", False),
    ("1912345678", False), ("09123456789", False)])
def test_phone_numbers_have_ten_digits(value, ok):
    found = problems(forms.find("don-de-nghi"), {"noi_dung": "x", "dien_thoai": value})
    assert ("dien_thoai" not in found) is ok


@pytest.mark.parametrize("value, ok", [("14:30", True), ("7 giờ 5", True), ("25:00", False),
                                       ("chiều", False)])
def test_times(value, ok):
    found = problems(forms.find("to-khai-khai-tu"), {"gio_chet": value})
    assert ("gio_chet" not in found) is ok


def test_labels_in_messages_name_the_person():
    t = forms.find("phieu-yeu-cau-chung-thuc")
    found = problems(t, {"noi_dung": "x", "loai_yeu_cau": "Chữ ký",
                         "giay_to_kem": [{"ten": "A"}, {"so_luong": "2"}]})
    assert found["giay_to_kem[2].ten"] == "Tên giấy tờ (giấy tờ nộp kèm thứ 2): bắt buộc"
    found = problems(forms.find("to-khai-khai-tu"), {"nguoi_chet": [{"gioi_tinh": "Nam"}]})
    assert found["nguoi_chet[1].ho_ten"] == "Họ, chữ đệm, tên (người đã chết): bắt buộc"


def test_checkbox_and_choice_values():
    t = forms.find("phieu-yeu-cau-chung-thuc")
    assert "loai_yeu_cau" not in problems(t, {"loai_yeu_cau": "Chữ ký", "noi_dung": "x"})
    assert problems(t, {"noi_dung": "x"})["loai_yeu_cau"] == "Yêu cầu chứng thực: bắt buộc"


def test_an_administrator_template_replaces_the_shipped_one(tmp_path):
    admin = tmp_path / "forms"
    admin.mkdir()
    text = (forms.SHIPPED_DIR / "don-de-nghi.yaml").read_text("utf-8")
    (admin / "don-de-nghi.yaml").write_text(text.replace("title: ĐƠN ĐỀ NGHỊ",
                                                         "title: ĐƠN ĐỀ NGHỊ XÁC NHẬN"), "utf-8")
    new = text.replace("id: don-de-nghi", "id: don-rieng").replace("ĐƠN ĐỀ NGHỊ", "ĐƠN RIÊNG")
    (admin / "don-rieng.yaml").write_text(new, "utf-8")
    entries = {e.id: e for e in forms.catalogue(admin)}
    assert entries["don-de-nghi"].origin == "admin" and entries["don-de-nghi"].replaces_shipped
    assert entries["don-rieng"].origin == "admin" and not entries["don-rieng"].replaces_shipped
    assert forms.find("don-de-nghi", admin).title == "ĐƠN ĐỀ NGHỊ XÁC NHẬN"
    assert forms.find("don-de-nghi").title == "ĐƠN ĐỀ NGHỊ"


def test_a_broken_administrator_file_is_listed_and_never_silently_replaced(tmp_path):
    admin = tmp_path / "forms"
    admin.mkdir()
    shutil.copy(forms.SHIPPED_DIR / "to-khai-khai-tu.yaml", admin)
    path = admin / "to-khai-khai-tu.yaml"
    path.write_text(path.read_text("utf-8").replace("type: time", "type: giờ"), "utf-8")
    entry = next(e for e in forms.catalogue(admin) if e.id == "to-khai-khai-tu")
    assert entry.template is None and entry.origin == "admin"
    assert "kiểu 'giờ' không hợp lệ" in entry.to_dict()["errors"][0]
    with pytest.raises(TemplateError, match="dòng"):
        forms.find("to-khai-khai-tu", admin)


def test_a_file_path_is_read_directly(tmp_path):
    target = tmp_path / "to-khai-ket-hon.yaml"
    shutil.copy(forms.SHIPPED_DIR / target.name, target)
    assert forms.find(str(target)).id == "to-khai-ket-hon"
    with pytest.raises(Exception, match="Không mở được tệp mẫu"):
        forms.find(str(tmp_path / "khong-co.yaml"))


def test_the_shipped_folder_is_found_from_an_installed_package():
    assert Path(forms.SHIPPED_DIR).is_dir() and any(forms.SHIPPED_DIR.glob("*.yaml"))
