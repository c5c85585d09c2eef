"""Groups of linked procedures (liên thông) travel in CSV and XLSX as they do in JSON:
exported, imported into another office unchanged, edited in a spreadsheet, and refused
with the row named when a group row is wrong (docs/catalogue-format.md)."""

from __future__ import annotations

import csv
import io
import shutil

import openpyxl
import pytest

from counter_app import catalogue_io
from counter_app.catalogue_io import tabular
from counter_app.domain.catalogue import CatalogueImportError
from counter_app.services import catalogue
from counter_app.services.core import Core
from counter_app.services.setup import initialise


@pytest.fixture
def blank(tmp_path) -> Core:
    """An office with no catalogue at all (not the demo one)."""
    initialise(tmp_path / "blank.sqlite", tmp_path / "blank.json", demo=False,
               admin_password="mat-khau-quan-tri-1")
    c = Core.open(tmp_path / "blank.sqlite", tmp_path / "blank.json", system=True)
    yield c
    c.close()


def groups_of(core: Core) -> list[dict]:
    return [g.to_dict() for g in catalogue.list_groups(core, include_inactive=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_groups_go_to_another_office_through_a_spreadsheet(core, blank, tmp_path, fmt):
    path = tmp_path / f"danh-muc.{fmt}"
    report = catalogue.export_file(core, path)
    assert report["groups"] == 2
    assert catalogue.list_groups(blank, include_inactive=True) == []
    result = catalogue.import_file(blank, path)
    assert result.groups.added == 2
    assert groups_of(blank) == groups_of(core)
    group = catalogue.get_group(blank, "LT-KHAISINH")
    assert group.procedures == ("DEMO-HT-01", "DEMO-CTR-01", "DEMO-BH-01")
    assert "63/2024/NĐ-CP" in group.legal_basis and group.demo


def test_the_csv_carries_each_group_as_a_row_of_its_own(core, tmp_path):
    path = tmp_path / "danh-muc.csv"
    catalogue.export_file(core, path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    groups = {r["code"]: r for r in rows if r["group_procedures"]}
    assert set(groups) == {"LT-KHAISINH", "LT-KHAITU"}
    row = groups["LT-KHAISINH"]
    assert row["group_procedures"].splitlines() == ["DEMO-HT-01", "DEMO-CTR-01", "DEMO-BH-01"]
    assert row["field_code"] == row["processing_days"] == row["documents"] == ""
    assert all(not r["group_procedures"] for r in rows if r["code"].startswith("DEMO-"))


def test_a_group_edited_in_the_csv_is_updated_and_nothing_else(core, tmp_path):
    path = tmp_path / "danh-muc.csv"
    catalogue.export_file(core, path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    column = rows[0].index("group_procedures")
    target = next(r for r in rows if r[0] == "LT-KHAITU")
    target[column] = target[column].replace("\n", " | ", 1)     # "|" separates as well
    members = [m.strip() for m in target[column].replace("|", "\n").splitlines()]
    target[column] = "\n".join(members[:2])                   # funeral allowance left out
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    result = catalogue.import_file(core, path)
    assert (result.groups.updated, result.procedures.updated, result.events) == (1, 0, 1)
    assert catalogue.get_group(core, "LT-KHAITU").procedures == tuple(members[:2])


def test_a_group_row_with_a_procedure_cell_is_refused_with_its_row(core, tmp_path):
    header = "code,name,field_code,group_procedures"
    path = tmp_path / "nhom.csv"
    path.write_text(f"{header}\nLT-MOI,Nhóm mới,HOTICH,\"DEMO-HT-01\nDEMO-HT-02\"\n"
                    f"LT-MOT,Chỉ một thủ tục,,DEMO-HT-01\n", encoding="utf-8")
    before = groups_of(core)
    with pytest.raises(CatalogueImportError) as caught:
        catalogue.import_file(core, path)
    problems = "\n".join(caught.value.problems)
    assert "Dòng 2" in problems and "field_code" in problems
    assert "Dòng 3" in problems and "ít nhất hai thủ tục" in problems
    assert groups_of(core) == before                    # all or nothing


def test_a_csv_export_saved_as_xlsx_keeps_its_groups(core, blank, tmp_path):
    """Excel opening the CSV and saving it as .xlsx gives one sheet with the group rows."""
    source = tmp_path / "danh-muc.csv"
    catalogue.export_file(core, source)
    book = openpyxl.Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))):
        sheet.append([tabular.restore(c) for c in row])
    target = tmp_path / "danh-muc.xlsx"
    book.save(target)
    read = catalogue_io.read_file(target)
    assert [g.values["code"] for g in read.groups] == ["LT-KHAISINH", "LT-KHAITU"]
    catalogue.import_file(blank, target)
    assert groups_of(blank) == groups_of(core)


def test_the_xlsx_has_a_groups_sheet(core, tmp_path):
    path = tmp_path / "danh-muc.xlsx"
    catalogue.export_file(core, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["thu_tuc", "linh_vuc", "nhom_lien_thong"]
    rows = list(book["nhom_lien_thong"].iter_rows(values_only=True))
    assert rows[0] == tabular.GROUP_COLUMNS
    assert rows[1][0] == "LT-KHAISINH" and rows[1][2].splitlines()[0] == "DEMO-HT-01"
    copy = tmp_path / "copy.xlsx"
    shutil.copy(path, copy)
    assert len(catalogue_io.read_file(copy).groups) == 2
