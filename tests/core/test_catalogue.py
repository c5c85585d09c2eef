"""The catalogue in the database: demo data, import/export, all-or-nothing, search, CLI."""

import csv
import io
import json
import os
import subprocess
import sys
import zipfile

import pytest

from counter_app.domain.events import Event
from counter_app.domain.roles import Role
from counter_app.errors import PermissionDenied, UserInputError
from counter_app.services import catalogue
from counter_app.services.core import Officer
from db import commands, event_store, projections
from db.connection import write_transaction
from tests.conftest import table_dump

TABLES = ["fields", "procedures", "field_versions"]
HEADER = "code,name,field_code,field_name,processing_days"


@pytest.fixture
def seeded(core):
    catalogue.seed_demo_catalogue(core)
    return core


def snapshot(core):
    return event_store.count(core.conn), table_dump(core.conn, TABLES)


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_demo_catalogue_loads_and_every_procedure_says_where_its_figures_come_from(seeded):
    procedures = catalogue.list_procedures(seeded, include_inactive=True)
    assert len(procedures) >= 12
    assert {p.field_code for p in procedures} >= {"HOTICH", "CHUNGTHUC", "KINHDOANH", "BAOTRO",
                                                  "TRAKETQUA"}
    for p in procedures:
        assert p.demo and "DỮ LIỆU MẪU" in p.source and len(p.source) > 80, p.code
        assert p.legal_basis and p.documents, p.code
        assert p.same_day == (p.processing_days == 0), p.code
    assert catalogue.get_procedure(seeded, "DEMO-CT-03").processing_days == 2


def test_seeding_twice_records_nothing_the_second_time(seeded):
    before = snapshot(seeded)
    result = catalogue.seed_demo_catalogue(seeded)
    assert result.events == 0 and result.procedures.added == result.procedures.updated == 0
    assert snapshot(seeded) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_then_import_is_unchanged(seeded, tmp_path, fmt):
    path = tmp_path / f"catalogue.{fmt}"
    report = catalogue.export_file(seeded, path)
    assert report["procedures"] == len(catalogue.list_procedures(seeded, include_inactive=True))
    before = snapshot(seeded)
    result = catalogue.import_file(seeded, path)
    assert result.events == 0 and result.procedures.updated == 0 and result.fields.updated == 0
    # Dated versions are rows too (effective_from); groups travel in every format.
    assert result.procedures.unchanged == report["procedures"] + report["versions"]
    assert report["versions"] == 5 and report["groups"] == 2
    assert result.groups.unchanged == 2
    assert snapshot(seeded) == before


def test_changed_processing_time_updates_exactly_that_procedure(seeded, tmp_path):
    path = tmp_path / "catalogue.csv"
    catalogue.export_file(seeded, path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    index = rows[0].index("processing_days")
    target = next(r for r in rows if r[0] == "DEMO-HT-05")
    target[index] = "4,5"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    count = event_store.count(seeded.conn)
    result = catalogue.import_file(seeded, path)
    assert (result.events, result.procedures.updated, result.fields.updated) == (1, 1, 0)
    assert event_store.count(seeded.conn) == count + 1
    [event] = list(event_store.all_events(seeded.conn))[-1:]
    assert (event.type, event.entity_id, event.payload["processing_days"]) == (
        "procedure.upserted", "DEMO-HT-05", 4.5)
    assert catalogue.get_procedure(seeded, "DEMO-HT-05").processing_days == 4.5


def test_columns_missing_from_a_file_keep_their_values(seeded, tmp_path):
    before = catalogue.get_procedure(seeded, "DEMO-KD-01")
    path = write(tmp_path, "times.csv", "code,processing_days\nDEMO-KD-01,5\n")
    assert catalogue.import_file(seeded, path).events == 1
    after = catalogue.get_procedure(seeded, "DEMO-KD-01")
    assert after.processing_days == 5 and after.documents == before.documents
    assert after.source == before.source


BROKEN = {
    "wrong_header.csv": ("ma,ten\nX,Y\n", "không có cột 'ma', 'ten'"),
    "days_text.csv": (f"{HEADER}\nN-1,Thủ tục mới,HOTICH,,ba ngày\n",
                      "Dòng 2: thời hạn giải quyết 'ba ngày' không phải là số"),
    "days_negative.csv": (f"{HEADER}\nN-1,Thủ tục mới,HOTICH,,1\nN-2,Thủ tục hai,HOTICH,,-2\n",
                          "Dòng 3: thời hạn giải quyết không được âm"),
    "duplicate.csv": (f"{HEADER}\nN-1,Một,HOTICH,,1\nN-2,Hai,HOTICH,,1\nN-1,Ba,HOTICH,,1\n",
                      "Dòng 4: mã thủ tục 'N-1' trùng với dòng 2"),
    "unknown_field.csv": (f"{HEADER}\nN-1,Một,KHONGCO,,1\n",
                          "Dòng 2: lĩnh vực 'KHONGCO' chưa có trong danh mục"),
    "empty_name.csv": (f"{HEADER}\nN-1,Một,HOTICH,,1\nN-2,,HOTICH,,1\n",
                       "Dòng 3: thiếu tên thủ tục"),
    "bad_utf8.csv": (f"{HEADER}\nN-1,Một,HOTICH,,1\nN-2,Hai,HOTICH,,1\n".encode("utf-8")
                     .replace("Hai".encode(), "H\xe0i".encode("latin-1")),
                     "không phải mã UTF-8 (lỗi ở dòng văn bản 3"),
    "text.xlsx": ("code,name\nN-1,Một\n", "không phải là tệp Excel .xlsx"),
    "truncated.json": ('{"procedures": [{"code": "N-1", "name": "Mộ', "bị cắt cụt"),
    "bad_field_name.csv": (f"{HEADER}\nN-1,Một,MOI,Lĩnh vực mới,1\nN-2,Hai,MOI,Tên khác,1\n",
                           "Dòng 3: lĩnh vực 'MOI' đã có tên 'Lĩnh vực mới' ở dòng 2"),
    "json_row.json": (json.dumps({"procedures": [{"code": "N-1", "name": "Một",
                                                  "field_code": "HOTICH", "processing_days": 1},
                                                 {"code": "N-2", "name": "Hai",
                                                  "field_code": "HOTICH", "processing_days": -1}]}),
                      "Thủ tục thứ 2 (mã N-2): thời hạn giải quyết không được âm"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_reports_row_and_reason_and_changes_nothing(seeded, tmp_path, name):
    content, message = BROKEN[name]
    path = write(tmp_path, name, content)
    before = snapshot(seeded)
    with pytest.raises(UserInputError) as err:
        catalogue.import_file(seeded, path)
    assert message in str(err.value)
    assert snapshot(seeded) == before
    assert not seeded.conn.in_transaction


def test_good_rows_beside_a_bad_one_are_not_half_imported(seeded, tmp_path):
    path = write(tmp_path, "mixed.csv", f"{HEADER}\nN-1,Một,MOI,Lĩnh vực mới,1\n"
                                        "DEMO-HT-05,Đổi tên,HOTICH,,7\nN-3,Ba,HOTICH,,x\n")
    before = snapshot(seeded)
    with pytest.raises(UserInputError, match="Dòng 4") as err:
        catalogue.import_file(seeded, path)
    assert "chưa có gì được ghi" in str(err.value)
    assert snapshot(seeded) == before


def test_new_field_from_field_name_column(seeded, tmp_path):
    path = write(tmp_path, "new.csv", f"{HEADER}\nDD-1,Đăng ký đất đai lần đầu,DATDAI,"
                                      "Đất đai - Xây dựng,20\nDD-2,Tách thửa,DATDAI,"
                                      "Đất đai - Xây dựng,15\n")
    result = catalogue.import_file(seeded, path)
    assert (result.fields.added, result.procedures.added, result.events) == (1, 2, 3)
    assert {f.code: f.name for f in catalogue.list_fields(seeded)}["DATDAI"] == "Đất đai - Xây dựng"


@pytest.mark.parametrize("query", ["khai sinh", "KHAI SINH", "Đăng ký khai sinh", "dang ky khai",
                                   "DEMO-HT-01"])
def test_search_is_accent_and_case_insensitive(seeded, query):
    names = [p.name for p in catalogue.list_procedures(seeded, search=query)]
    assert "Đăng ký khai sinh" in names
    assert "Đăng ký kết hôn" not in names


def test_filter_by_field_and_inactive_hidden_by_default(seeded, tmp_path):
    assert {p.field_code for p in catalogue.list_procedures(seeded, field_code="CHUNGTHUC")} == {
        "CHUNGTHUC"}
    catalogue.import_file(seeded, write(tmp_path, "off.csv", "code,active\nDEMO-CT-04,không\n"))
    assert "DEMO-CT-04" not in [p.code for p in catalogue.list_procedures(seeded)]
    everything = catalogue.list_procedures(seeded, include_inactive=True)
    assert "DEMO-CT-04" in [p.code for p in everything]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_vietnamese_text_survives_import_and_export(core, tmp_path, fmt):
    name = "Chứng thực chữ ký người dịch – Ắ Ằ Ẳ Ẵ Ặ ữ ự ỹ Đ đ"
    source = write(tmp_path, "in.json", json.dumps({
        "fields": [{"code": "VN", "name": "Lĩnh vực Ưu tiên Đặc biệt"}],
        "procedures": [{"code": "VN-1", "name": name, "field_code": "VN", "processing_days": 1,
                        "documents": [{"name": "Giấy tờ tùy thân (xuất trình)"}],
                        "fees": [{"name": "Phí chứng thực", "text": "10.000 đồng/trường hợp"}]}]},
        ensure_ascii=False))
    catalogue.import_file(core, source)
    out = tmp_path / f"out.{fmt}"
    catalogue.export_file(core, out)
    assert catalogue.import_file(core, out).events == 0
    procedure = catalogue.get_procedure(core, "VN-1")
    assert procedure.name == name
    assert procedure.fees[0].text == "10.000 đồng/trường hợp"


def test_only_an_administrator_may_import(seeded, tmp_path):
    seeded.officer = Officer("o1", "canbo1", "Cán bộ", Role.COUNTER)
    with pytest.raises(PermissionDenied):
        catalogue.import_file(seeded, write(tmp_path, "x.csv", "code,processing_days\nA,1\n"))


def remote_upsert(core, hlc: str, seq: int, days: float) -> None:
    current = catalogue.get_procedure(core, "DEMO-HT-05")
    event = Event(id=f"01REMOTE{seq:018d}", device_id="other", device_seq=seq, hlc=hlc,
                  officer_id="x", entity="procedure", entity_id="DEMO-HT-05",
                  type="procedure.upserted", schema_version=1,
                  payload=current.to_payload() | {"processing_days": days},
                  recorded_at="2020-01-01T00:00:00Z")
    with write_transaction(core.conn):
        projections.apply(core.conn, event)


def test_the_newest_upsert_on_the_clock_wins_the_whole_record(seeded):
    remote_upsert(seeded, "0000000000001-000000-other", 1, 9.0)
    assert catalogue.get_procedure(seeded, "DEMO-HT-05").processing_days == 3
    remote_upsert(seeded, "9999999999999-000000-other", 2, 7.0)
    assert catalogue.get_procedure(seeded, "DEMO-HT-05").processing_days == 7


def test_rebuild_gives_the_same_catalogue(seeded, tmp_path):
    catalogue.import_file(seeded, write(tmp_path, "t.csv", "code,processing_days\nDEMO-HT-05,4\n"))
    live = table_dump(seeded.conn, projections.TABLES)
    commands.rebuild_projections(seeded.conn)
    assert table_dump(seeded.conn, projections.TABLES) == live


def run(*args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "counter_app", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


@pytest.mark.slow
def test_cli_import_export_list(demo_paths, tmp_path):
    db = ["--db", demo_paths[0], "--config", demo_paths[1]]
    source = write(tmp_path, "in.csv", f"{HEADER}\nDD-1,Đăng ký đất đai,DATDAI,Đất đai,20\n")
    r = run(*db, "--user", "admin", "catalogue", "import", source, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["procedures"] == {"added": 1, "updated": 0, "unchanged": 0}
    r = run(*db, "catalogue", "export", "--format", "xlsx", "--out", tmp_path / "all.xlsx")
    assert r.returncode == 0 and "Đã xuất" in r.stdout
    r = run(*db, "--user", "admin", "catalogue", "import", tmp_path / "all.xlsx")
    assert r.returncode == 0 and "Thủ tục: thêm 0, cập nhật 0" in r.stdout
    r = run(*db, "catalogue", "list", "--json", "--search", "dat dai")
    listing = json.loads(r.stdout)  # exactly one JSON document
    assert [p["code"] for p in listing["procedures"]] == ["DD-1"]
    assert listing["procedures"][0]["field_name"] == "Đất đai"
    assert "DATDAI" in [f["code"] for f in listing["fields"]]


@pytest.mark.slow
def test_cli_bad_file_exits_2_in_vietnamese_without_traceback(demo_paths, tmp_path):
    db = ["--db", demo_paths[0], "--config", demo_paths[1]]
    bad = write(tmp_path, "bad.csv", f"{HEADER}\nN-1,,HOTICH,,-1\n")
    r = run(*db, "--user", "admin", "catalogue", "import", bad, "--json")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("Lỗi:") and "Traceback" not in r.stderr
    assert "Dòng 2: thiếu tên thủ tục" in r.stderr and "không được âm" in r.stderr
    r = run(*db, "catalogue", "export", "--out", tmp_path / "x.pdf")
    assert r.returncode == 2 and ".csv, .xlsx hoặc .json" in r.stderr


def broken_xlsx() -> bytes:
    """A zip that looks like a workbook but whose XML is cut off."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
        z.writestr("xl/workbook.xml", "<workbook")
    return buffer.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("name, content", [
    ("bom.csv", b"\xef\xbb\xbf"), ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("cut.json", b'{"procedures": [{"code": "A'), ("latin.json", b'{"x": "\xe9"}'),
    ("broken.xlsx", None)])
def test_cli_a_file_that_does_not_parse_exits_2_with_a_message(demo_paths, tmp_path, name,
                                                               content):
    db = ["--db", demo_paths[0], "--config", demo_paths[1]]
    path = write(tmp_path, name, broken_xlsx() if content is None else content)
    r = run(*db, "--user", "admin", "catalogue", "import", path, "--json")
    assert r.returncode == 2 and r.stdout == "", r.stderr
    assert r.stderr.startswith(f"Lỗi: Tệp {name} ") and "Traceback" not in r.stderr


def test_problems_are_listed_in_row_order(seeded, tmp_path):
    rows = "".join(f"N-{i},,HOTICH,,1\n" for i in range(2, 12))
    rows += "N-X,Tên,MOI,Một,1\nN-Y,Tên,MOI,Hai,1\n"  # row 13 renames the field of row 12
    with pytest.raises(UserInputError) as err:
        catalogue.import_file(seeded, write(tmp_path, "many.csv", f"{HEADER}\n{rows}"))
    lines = [line for line in str(err.value).splitlines() if line.startswith("  - ")]
    expected = [f"  - Dòng {n}" for n in [*range(2, 12), 13]]
    assert [line.split(":")[0] for line in lines] == expected
