"""Catalogue files without a database: cell syntax, encodings, headers, broken files, rules."""

import csv
import io
import json
import zipfile

import openpyxl
import pytest

from counter_app import catalogue_io
from counter_app.catalogue_io import tabular
from counter_app.domain.catalogue import (DocumentRequirement, Fee, Field, InvalidRecord,
                                          Procedure, parse_decimal, parse_procedure)
from counter_app.errors import UserInputError

HEADER = ",".join(tabular.PROCEDURE_COLUMNS)
VIETNAMESE = "Ắ ằ ẳ ẵ ặ Ề ể ễ ệ Ọ ộ ổ ỗ ơ ớ ờ ở ỡ ợ ư ứ ừ ử ữ ự Đ đ ỹ"

FIELD = Field("HOTICH", "Hộ tịch – Đăng ký, quản lý")
PROCEDURE = Procedure(
    code="1.001193", name=f"Đăng ký khai sinh {VIETNAMESE}", field_code="HOTICH",
    processing_days=0.5, agency="UBND phường Ngọc Hà",
    fees=(Fee("Lệ phí", amount_vnd=8000),
          Fee("Phí chứng thực", text="2.000 đồng/trang; tối đa 200.000 đồng")),
    documents=(DocumentRequirement("Tờ khai đăng ký khai sinh"),
               DocumentRequirement("Bản sao giấy tờ, văn bản", 0, 2, True)),
    result_delivery=("Nhận trực tiếp", "Bưu chính công ích"), online_level="Toàn trình",
    citizen_forms=("Tờ khai đăng ký khai sinh",), legal_basis="Luật Hộ tịch 2014 Điều 16",
    source="Nguồn: thử nghiệm — dữ liệu mẫu", demo=True)


def procedure_of(raw) -> Procedure:
    return parse_procedure({k: v for k, v in raw.values.items() if k != "field_name"})


@pytest.mark.parametrize("fmt", sorted(catalogue_io.FORMATS))
def test_every_format_round_trips_values_and_diacritics(fmt):
    data = catalogue_io.render(fmt, [FIELD], [PROCEDURE])
    back = catalogue_io.read_bytes(data, fmt, f"x.{fmt}")
    assert [r.problems for r in back.procedures] == [[]]
    assert procedure_of(back.procedures[0]) == PROCEDURE
    if fmt != "csv":  # CSV carries fields only as field_name beside each procedure
        assert back.fields[0].values["name"] == FIELD.name
    else:
        assert back.procedures[0].values["field_name"] == FIELD.name


def test_csv_is_written_with_bom_for_excel_and_read_with_or_without():
    data = catalogue_io.render("csv", [FIELD], [PROCEDURE])
    assert data.startswith(b"\xef\xbb\xbf")
    for variant in (data, data[3:]):
        rows = catalogue_io.read_bytes(variant, "csv", "x.csv").procedures
        assert rows[0].values["code"] == "1.001193"


def test_csv_with_semicolons_as_excel_saves_it_in_vietnamese_windows():
    text = "code;name;field_code;processing_days\nA1;Chứng thực chữ ký;CT;0,5\n"
    rows = catalogue_io.read_bytes(text.encode(), "csv", "x.csv").procedures
    assert rows[0].values == {"code": "A1", "name": "Chứng thực chữ ký", "field_code": "CT",
                              "processing_days": "0,5"}
    assert parse_decimal("0,5") == 0.5


def test_cell_syntax_of_fees_and_documents():
    text = ("code,fees,documents\nA1,\"Lệ phí: 8.000 đồng\nPhí: theo HĐND tỉnh\","
            "\"Tờ khai | Giấy chứng sinh [2 chính, 1 sao, không bắt buộc]\"\n")
    record = catalogue_io.read_bytes(text.encode(), "csv", "x.csv").procedures[0]
    assert record.values["fees"] == [{"name": "Lệ phí", "text": "8.000 đồng"},
                                     {"name": "Phí", "text": "theo HĐND tỉnh"}]
    assert record.values["documents"] == [
        {"name": "Tờ khai", "originals": 1, "copies": 0, "optional": False},
        {"name": "Giấy chứng sinh", "originals": 2, "copies": 1, "optional": True}]
    fees = parse_procedure(base(**record.values)).fees
    assert fees == (Fee("Lệ phí", amount_vnd=8000), Fee("Phí", text="theo HĐND tỉnh"))


@pytest.mark.parametrize("cell, reason", [
    ("Lệ phí 8000", "phải viết 'Tên khoản phí: mức thu'"),
    ("Lệ phí:", "phải viết 'Tên khoản phí: mức thu'"),
])
def test_bad_fee_cell_is_a_row_problem(cell, reason):
    text = f"code,fees\nA1,\"{cell}\"\n"
    record = catalogue_io.read_bytes(text.encode(), "csv", "x.csv").procedures[0]
    assert record.location == "Dòng 2" and reason in record.problems[0]


def test_bad_document_cell_is_a_row_problem():
    text = "code,documents\nA1,\"Tờ khai [một bản chính]\"\n"
    record = catalogue_io.read_bytes(text.encode(), "csv", "x.csv").procedures[0]
    assert "không hiểu 'mot ban chinh'" in record.problems[0]


@pytest.mark.parametrize("header, message", [
    ("ma,ten,linh_vuc", "không có cột 'ma', 'ten', 'linh_vuc'"),
    ("code,name,name", "cột 'name' xuất hiện hai lần"),
    ("name,field_code", "thiếu cột 'code'"),
])
def test_wrong_header_is_refused_clearly(header, message):
    with pytest.raises(UserInputError) as err:
        catalogue_io.read_bytes(f"{header}\nA,B,C\n".encode(), "csv", "x.csv")
    assert message in str(err.value) and "x.csv" in str(err.value)


def test_windows_1258_csv_is_refused_with_the_line():
    data = f"{HEADER}\nA1,Chung thuc,CT,1\nA2,Đăng,CT,1\n".encode("cp1258")
    with pytest.raises(UserInputError) as err:
        catalogue_io.read_bytes(data, "csv", "x.csv")
    assert "không phải mã UTF-8" in str(err.value) and "dòng văn bản 3" in str(err.value)


def test_utf16_csv_from_excel_unicode_text_is_refused():
    with pytest.raises(UserInputError, match="UTF-16"):
        catalogue_io.read_bytes("code\tname\n".encode("utf-16"), "csv", "x.csv")


def test_unbalanced_quote_in_csv_is_refused():
    with pytest.raises(UserInputError, match="không đọc được như CSV"):
        catalogue_io.read_bytes(b'code,name\nA1,"Chung thuc\n', "csv", "x.csv")


@pytest.mark.parametrize("data, message", [
    (b"code,name\nA1,Text file\n", "không phải là tệp Excel .xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "kiểu cũ (.xls)"),
    (b"PK\x03\x04 broken zip", "bị hỏng"),
])
def test_xlsx_that_is_not_an_xlsx_is_refused(data, message):
    with pytest.raises(UserInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        catalogue_io.read_bytes(data, "xlsx", "x.xlsx")


def test_xlsx_code_typed_as_a_number_is_a_row_problem(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["code", "name", "field_code", "processing_days"])
    workbook.active.append([2.00072, "Đăng ký hộ kinh doanh", "KD", 3])
    workbook.save(tmp_path / "x.xlsx")
    record = catalogue_io.read_file(tmp_path / "x.xlsx").procedures[0]
    assert record.location == "Trang Sheet, dòng 2"
    assert "đang là số" in record.problems[0]
    assert record.values["processing_days"] == "3"


@pytest.mark.parametrize("text, message", [
    ('{"fields": [{"code": "HT", "name": "Hộ tị', "bị cắt cụt: lỗi ở dòng 1"),
    ("[1, 2]", "phải là một đối tượng"),
    ('{"format": "other"}', "không phải tệp danh mục"),
    ('{"procedure": []}', "khóa 'procedure' không có"),
])
def test_broken_json_is_refused(text, message):
    with pytest.raises(UserInputError, match=message):
        catalogue_io.read_bytes(text.encode(), "json", "x.json")


def test_json_unknown_key_in_a_procedure_is_a_row_problem():
    text = json.dumps({"procedures": [{"code": "A1", "processing_day": 3}]})
    record = catalogue_io.read_bytes(text.encode(), "json", "x.json").procedures[0]
    assert record.location == "Thủ tục thứ 1 (mã A1)"
    assert record.problems == ["khóa 'processing_day' không được hỗ trợ"]


def test_unknown_extension_and_missing_file(tmp_path):
    with pytest.raises(UserInputError, match=r"\.csv, \.xlsx hoặc \.json"):
        catalogue_io.read_file(tmp_path / "x.txt")
    with pytest.raises(UserInputError, match="Không tìm thấy tệp"):
        catalogue_io.read_file(tmp_path / "x.csv")


def base(**changes):
    return {"code": "A1", "name": "Chứng thực", "field_code": "CT", "processing_days": 1} | changes


@pytest.mark.parametrize("changes, reason", [
    ({"processing_days": "ba"}, "'ba' không phải là số ngày làm việc"),
    ({"processing_days": -1}, "không được âm (-1)"),
    ({"processing_days": 2, "same_day": "có"}, "phải có thời hạn 0"),
    ({"processing_days": 1000}, "quá lớn"),
    ({"name": "  "}, "thiếu tên thủ tục"),
    ({"code": "A 1"}, "mã thủ tục 'A 1' chỉ được gồm"),
    ({"code": ""}, "thiếu mã thủ tục"),
    ({"same_day": "có lẽ"}, "không phải có/không"),
    ({"fees": [{"name": "Lệ phí", "amount_vnd": -5}]}, "số đồng nguyên, không âm"),
    ({"documents": [{"name": "Tờ khai", "originals": 0, "copies": 0}]}, "ít nhất một bản"),
    ({"documents": [{"name": "Tờ khai [x]"}]}, "không được chứa '['"),
])
def test_rules_give_vietnamese_reasons(changes, reason):
    with pytest.raises(InvalidRecord) as err:
        parse_procedure(base(**changes))
    assert any(reason in r for r in err.value.reasons), err.value.reasons


def test_every_reason_of_a_record_is_reported_at_once():
    with pytest.raises(InvalidRecord) as err:
        parse_procedure({"code": "", "name": "", "field_code": "", "processing_days": "x"})
    assert len(err.value.reasons) == 4


def test_text_is_cleaned_and_nfc():
    nfd = "Đăng ky\u0301   khai sinh "
    assert parse_procedure(base(name=nfd)).name == "Đăng ký khai sinh"


def test_xlsx_keeps_text_that_looks_like_a_formula():
    weird = Procedure("A1", "=HYPERLINK(\"x\") Đăng ký", "F", 1)
    data = catalogue_io.render("xlsx", [Field("F", "Lĩnh vực")], [weird])
    record = catalogue_io.read_bytes(data, "xlsx", "x.xlsx").procedures[0]
    assert record.values["name"] == weird.name


def test_a_short_csv_row_leaves_its_missing_cells_empty():
    record = catalogue_io.read_bytes(b"code,name,agency\nA1,Ten\n", "csv", "x.csv").procedures[0]
    assert record.values == {"code": "A1", "name": "Ten", "agency": ""}


FORMULAS = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
            "'=already quoted", "'plain quote"]


def test_csv_neutralises_formulas_and_reads_them_back_unchanged():
    procedures = [Procedure(f"A{i}", name, "F", 1, agency=name)
                  for i, name in enumerate(FORMULAS)]
    data = catalogue_io.render("csv", [Field("F", "Lĩnh vực")], procedures)
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
             for cell in row]
    # What a spreadsheet would evaluate: a cell starting with = + - @ tab or CR.
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://x\",\"bấm\")" in cells and "'plain quote" in cells
    records = catalogue_io.read_bytes(data, "csv", "x.csv").procedures
    assert [r.values["agency"] for r in records] == FORMULAS


@pytest.mark.parametrize("fmt, data", [
    ("csv", b"\xef\xbb\xbf"),                                    # only Excel's BOM
    ("json", b"[" * 100_000 + b"]" * 100_000),                   # nested past recursion
    ("xlsx", None),                                              # a zip with broken XML
])
def test_a_file_that_does_not_parse_is_a_clear_refusal(fmt, data):
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("[Content_Types].xml", "<Types")
            z.writestr("xl/workbook.xml", "<workbook")
        data = buffer.getvalue()
    with pytest.raises(UserInputError, match=r"Tệp x\.\w+ "):
        catalogue_io.read_bytes(data, fmt, f"x.{fmt}")
