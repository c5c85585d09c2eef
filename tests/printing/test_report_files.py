"""The report files as an office gets them from ``counter-app report …``: the XLSX read
back with openpyxl and the PDF with pdftotext and pdftoppm, on a generated history,
every figure in them equal to the JSON report of the same period."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from counter_app.cli import main
from counter_app.reports.measures import BREAKDOWNS, DOSSIER_COUNTS, QUEUE_BREAKDOWNS
from counter_app.services.core import Core
from printing.reports.columns import measures, text
from tests.core import report_dataset
from tests.printing.documents import pdftools

PERIOD = ["--from", "2026-01-01", "--to", "2026-03-31"]


@pytest.fixture(scope="module")
def office(tmp_path_factory, demo_template):
    folder = tmp_path_factory.mktemp("report-files")
    for name in ("db.sqlite", "config.json"):
        shutil.copy(demo_template / name, folder / name)
    core = Core.open(folder / "db.sqlite", folder / "config.json", system=True)
    report_dataset.build(core, folder, dossiers_count=150, seed=30)
    core.close()
    return ["--db", str(folder / "db.sqlite"), "--config", str(folder / "config.json"),
            "--user", "lanhdao"]


def report_json(capsys, office, kind: str, *extra: str) -> dict:
    assert main([*office, "report", kind, *PERIOD, *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_xlsx_has_every_measure_and_one_sheet_per_breakdown(office, tmp_path, capsys):
    full = {by: report_json(capsys, office, "dossiers", "--by", by) for by in BREAKDOWNS}
    out = tmp_path / "bao-cao.xlsx"
    assert main([*office, "report", "dossiers", *PERIOD, "--format", "xlsx", "--out",
                 str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == str(out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tổng hợp", *BREAKDOWNS.values()]
    summary = wb["Tổng hợp"]
    totals = full["field"]["totals"]
    previous = full["field"]["previous_totals"]
    by_code = {row[4]: row for row in summary.iter_rows(values_only=True) if row[4]}
    for key in measures("dossiers"):
        assert by_code[key][2] == totals[key], key
        assert by_code[key][3] == previous[key], key
    assert summary["A1"].value == "UBND PHƯỜNG MẪU (DỮ LIỆU MẪU)"
    assert summary.cell(5, 2).font.bold and summary.freeze_panes == "C6"
    texts = [c.value for c in summary["A"] if isinstance(c.value, str)]
    assert any(t.startswith("Trong kỳ báo cáo (từ ngày 01/01/2026") for t in texts)
    for by, title in BREAKDOWNS.items():
        sheet = wb[title]
        rows = [r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0]]
        assert [r[2] for r in rows] == [r["key"] for r in full[by]["rows"]]
        for got, want in zip(rows, full[by]["rows"]):
            assert got[1] == want["name"]
            assert list(got[3:3 + len(DOSSIER_COUNTS)]) == [want[k] for k in DOSSIER_COUNTS]
            assert got[-3] == want["previous"]["received"]


@pdftools.needs_poppler
def test_pdf_reads_back_with_the_figures_charts_and_signatures(office, tmp_path, capsys):
    data = report_json(capsys, office, "dossiers", "--by", "officer")
    out = tmp_path / "bao-cao.pdf"
    assert main([*office, "report", "dossiers", *PERIOD, "--format", "pdf", "--out",
                 str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    pdf = out.read_bytes()
    assert {round(w) for w, _ in pdftools.page_sizes(pdf)} == {595}      # A4 portrait
    flat = pdftools.flat(pdf)
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                   "BÁO CÁO KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
                   "Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 31/03/2026",
                   "Kết quả giải quyết: kỳ này và cùng kỳ năm trước",
                   "CHI TIẾT THEO CÔNG CHỨC TIẾP NHẬN", "NGƯỜI LẬP BÁO CÁO",
                   " ".join(data["text"].split("\n")[0].split())):
        assert phrase in flat, phrase
    t = data["totals"]
    assert f"Tổng số hồ sơ tiếp nhận {text(t['received'])} " in flat
    assert f"Giải quyết quá hạn {text(t['resolved_late'])} " in flat
    for row in data["rows"]:
        line = f"{row['name']} {text(row['received'])} {text(row['resolved'])} "
        assert line in flat, line
    assert all(embedded for embedded in pdftools.fonts(pdf).values())
    page = pdftools.png(pdf, 2, dpi=40).convert("RGB")
    colours = {page.getpixel((x, y)) for x in range(0, page.width, 3)
               for y in range(0, page.height, 3)}
    assert (46, 109, 164) in colours          # the chart's first series is drawn


@pdftools.needs_poppler
def test_queue_pdf_and_xlsx(office, tmp_path, capsys):
    data = report_json(capsys, office, "queue", "--by", "hour")
    for fmt in ("pdf", "xlsx"):
        assert main([*office, "report", "queue", *PERIOD, "--format", fmt, "--out",
                     str(tmp_path / f"q.{fmt}")]) == 0
    flat = pdftools.flat((tmp_path / "q.pdf").read_bytes())
    assert "Số phiếu theo giờ trong ngày" in flat
    assert f"Số phiếu đã phát {text(data['totals']['tickets'])} " in flat
    wb = openpyxl.load_workbook(tmp_path / "q.xlsx")
    assert wb.sheetnames == ["Tổng hợp", *QUEUE_BREAKDOWNS.values()]
    hours = [r for r in wb["Giờ trong ngày"].iter_rows(min_row=6, values_only=True) if r[0]]
    assert [(r[2], r[3]) for r in hours] == [(r["key"], r["tickets"]) for r in data["rows"]]


@pdftools.needs_poppler
def test_ratings_pdf_and_xlsx(office, tmp_path, capsys):
    data = report_json(capsys, office, "ratings", "--by", "officer")
    assert data["totals"]["ratings_total"] > 0
    for fmt in ("pdf", "xlsx"):
        assert main([*office, "report", "ratings", *PERIOD, "--format", fmt, "--out",
                     str(tmp_path / f"r.{fmt}")]) == 0
    flat = pdftools.flat((tmp_path / "r.pdf").read_bytes())
    assert "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ SỰ HÀI LÒNG CỦA NGƯỜI DÂN" in flat
    assert f"Tổng số lượt đánh giá {text(data['totals']['ratings_total'])} " in flat
    assert f"Hài lòng {text(data['totals']['ratings']['satisfied'])} " in flat
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    rows = [r for r in wb["Công chức được đánh giá"].iter_rows(min_row=6, values_only=True)
            if r[0]]
    assert [(r[1], r[-5]) for r in rows] == [(row["name"], row["ratings_total"])
                                             for row in data["rows"]]
