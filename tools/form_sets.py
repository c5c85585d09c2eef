"""Write the shipped one-stop form sets (counter_app/data/one_stop_forms/*.yaml) from the
code's wording, with each set's numbers, legal-basis lines and replacements.

    python -m tools.form_sets

Run after changing a form's ``WORDING``; then review the diff of the YAML files (a test
checks that the TT 01/2018 file and the code agree, and that each file lists every key).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from printing.documents import WORDINGS

OUT = Path(__file__).resolve().parent.parent / "counter_app" / "data" / "one_stop_forms"
HEAD = ("# Bộ mẫu một cửa {id}: sửa lời văn tại đây, không cần sửa phần mềm (docs/RULES.md,\n"
        "# docs/cli.md). Chép tệp này vào thư mục official-forms bên cạnh tệp dữ liệu rồi sửa\n"
        "# bản chép; giữ nguyên các chỗ điền {{…}}. Dòng bắt đầu bằng # là ghi chú.\n"
        "# Mẫu 02, default_contact (nơi liên hệ): để trống ('') là tên đơn vị một cửa trong\n"
        "# cấu hình (office.unit_name); ghi một tên khác thì in tên đó.\n")
TT01 = "Ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ"
TT03 = "Ban hành kèm theo Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ"

SETS = [
    {"id": "tt01-2018", "name": "Bộ mẫu theo Thông tư 01/2018/TT-VPCP (NĐ 61/2018)",
     "source": "Thông tư 01/2018/TT-VPCP, Phụ lục (Mẫu 01–06); lời văn theo các hệ thống một "
               "cửa cấp tỉnh (Thanh Hóa, Đồng Nai, Ninh Thuận) vì không đọc được phụ lục gốc.",
     "unverified": [
         "Lời văn từng mẫu chưa đối chiếu từng chữ với phụ lục gốc của Thông tư 01/2018/TT-VPCP.",
         "Thông báo dừng giải quyết hồ sơ không có trong bộ mẫu này; mẫu in kèm là mẫu tự soạn."],
     "numbers": {"form01": "Mẫu số 01", "form02": "Mẫu số 02", "form03": "Mẫu số 03",
                 "form04": "Mẫu số 04", "form05": "Mẫu số 05", "form06": "Mẫu số 06"},
     "basis": TT01, "texts": {}},
    {"id": "tt03-2025",
     "name": "Bộ mẫu theo Thông tư 03/2025/TT-VPCP (NĐ 118/2025, sửa đổi bởi NĐ 309/2026)",
     "source": "Thông tư 03/2025/TT-VPCP ngày 15/9/2025, Phụ lục I (7 mẫu). Số thứ tự và tên "
               "mẫu theo bản liệt kê phụ lục của một trang thứ cấp (thuviennhadat.vn); không "
               "đọc được văn bản gốc.",
     "unverified": [
         "Không đọc được Thông tư 03/2025/TT-VPCP: chỉ tên và số thứ tự 7 mẫu lấy từ bản liệt kê "
         "thứ cấp.",
         "Lời văn trong từng mẫu giữ theo bộ TT 01/2018 (trừ mẫu 04 và mẫu 05 mới) và chưa đối "
         "chiếu với phụ lục gốc.",
         "Mẫu 04 (Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết) và Mẫu 05 (Thông báo "
         "dừng giải quyết hồ sơ): lời văn do chúng tôi soạn theo tên mẫu.",
         "Dòng căn cứ (ngày ban hành 15/9/2025) theo trang thứ cấp."],
     "numbers": {"form01": "Mẫu số 01", "form02": "Mẫu số 02", "form03": "Mẫu số 03",
                 "form04": "Mẫu số 04", "stop_notice": "Mẫu số 05", "form05": "Mẫu số 06",
                 "form06": "Mẫu số 07"},
     "basis": TT03,
     "texts": {"form04": {
         "title": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
         "apology": "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {agency} xin lỗi Ông/Bà và "
                    "đề nghị gia hạn thời gian giải quyết hồ sơ đến:",
         "new_due": "Thời gian đề nghị gia hạn trả kết quả"}}},
]
ORDER = ("form01", "form02", "form03", "form04", "stop_notice", "form05", "form06")


def document(spec: dict) -> dict:
    forms = {}
    for kind in ORDER:
        number = spec["numbers"].get(kind, "")
        entry = {"form_number": number, "basis": spec["basis"] if number else ""}
        texts = {**WORDINGS[kind], **spec["texts"].get(kind, {})}
        entry.update({k: list(v) if isinstance(v, tuple) else v for k, v in texts.items()})
        forms[kind] = entry
    return {"id": spec["id"], "name": spec["name"], "source": spec["source"],
            "unverified": spec["unverified"], "forms": forms}


def main() -> None:
    for spec in SETS:
        text = yaml.safe_dump(document(spec), allow_unicode=True, sort_keys=False, width=95)
        (OUT / f"{spec['id']}.yaml").write_text(HEAD.format(id=spec["id"]) + text,
                                                encoding="utf-8")
        print(OUT / f"{spec['id']}.yaml")


if __name__ == "__main__":
    main()
