"""``counter-app form …`` as scripts use it: real processes, exit codes, one JSON document.

The commands are run through ``counter_app.cli.main`` with ``form`` registered if the
composition root does not (yet) register it, so these tests hold before and after.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from counter_app.services.form_templates import SHIPPED_DIR

pytestmark = pytest.mark.slow

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
QR2 = ("001199054321||Nguyễn Thị Ánh Tuyết|12031998|Nữ|"
       "Số 12, ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội|20072024")
RUNNER = """
import argparse, sys
from counter_app import cli
from counter_app.commands import citizen_forms
build = cli.build_parser
def with_form():
    parser = build()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "form" not in sub.choices:
        citizen_forms.register(sub, cli.common_options())
    return parser
cli.build_parser = with_form
sys.exit(cli.main(sys.argv[1:]))
"""
BIRTH = {"nyc_quan_he": "Cha", "ho_ten": "Nguyễn Minh Khang", "ngay_sinh": "03/01/2027",
         "ngay_sinh_chu": "Ngày ba tháng một năm hai nghìn không trăm hai mươi bảy",
         "gioi_tinh": "Nam", "dan_toc": "Kinh", "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
         "que_quan": "Xã Đông Anh, thành phố Hà Nội", "kinh_gui": "Ủy ban nhân dân phường Ba Đình"}


def run(tmp_path, *args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-c", RUNNER, "--db", str(tmp_path / "x.sqlite"),
                           *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=120)


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_list_json_is_one_document_with_every_template(tmp_path):
    r = run(tmp_path, "form", "list", "--json")
    assert r.returncode == 0, r.stderr
    entries = json.loads(r.stdout)
    assert len(entries) == 7 and all(e["ok"] and e["errors"] == [] for e in entries)
    birth = next(e for e in entries if e["id"] == "to-khai-khai-sinh")
    assert birth["title"] == "TỜ KHAI ĐĂNG KÝ KHAI SINH" and "04/2024/TT-BTP" in birth["source"]
    assert birth["file"].endswith("to-khai-khai-sinh.yaml") and birth["origin"] == "shipped"


def test_list_shows_administrator_files_and_their_errors(tmp_path):
    admin = tmp_path / "forms"
    admin.mkdir()
    text = (SHIPPED_DIR / "don-de-nghi.yaml").read_text("utf-8")
    (admin / "don-de-nghi.yaml").write_text(text.replace("type: phone", "type: sdt"), "utf-8")
    r = run(tmp_path, "form", "list")
    assert r.returncode == 0, r.stderr
    assert "don-de-nghi" in r.stdout and "[quản trị viên, thay mẫu có sẵn]" in r.stdout
    assert "kiểu 'sdt' không hợp lệ" in r.stdout and "dòng" in r.stdout


def test_validate_a_good_file(tmp_path):
    r = run(tmp_path, "form", "validate", SHIPPED_DIR / "to-khai-ket-hon.yaml")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Mẫu hợp lệ: to-khai-ket-hon — TỜ KHAI ĐĂNG KÝ KẾT HÔN")


def test_validate_a_broken_file_names_the_line(tmp_path):
    path = tmp_path / "to-khai-khai-tu.yaml"
    lines = (SHIPPED_DIR / path.name).read_text("utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if "type: time" in line)
    lines[n] = lines[n].replace("time", "giờ")
    path.write_text("".join(lines), "utf-8")
    r = run(tmp_path, "form", "validate", path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"Tệp to-khai-khai-tu.yaml, dòng {n + 1}: trường 'gio_chet' có kiểu 'giờ'" in r.stderr
    r = run(tmp_path, "form", "validate", path, "--json")
    report = json.loads(r.stdout)
    assert r.returncode == 2 and report["ok"] is False
    assert report["problems"][0]["line"] == n + 1


def test_validate_a_missing_file(tmp_path):
    r = run(tmp_path, "form", "validate", tmp_path / "khong-co.yaml")
    assert r.returncode == 2 and "Không mở được tệp mẫu" in r.stderr


def test_fill_prefills_from_two_cards_and_writes_the_pdf(tmp_path):
    data = write_json(tmp_path / "d.json", {**BIRTH, "cha_me": [{}, {"dan_toc": "Kinh"}]})
    out = tmp_path / "khai-sinh.pdf"
    r = run(tmp_path, "form", "fill", "to-khai-khai-sinh", "--data", data, "--citizen-qr", QR,
            "--person-qr", f"cha_me:2={QR2}", "--date", "2027-01-05", "--out", out, "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report == {"ok": True, "template": "to-khai-khai-sinh", "path": str(out),
                      "problems": []}
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = " ".join(subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True,
                                       capture_output=True, text=True).stdout.split())
        for expected in ("Nguyễn Văn An", "01/01/1999", "Nguyễn Thị Ánh Tuyết", "12/03/1998",
                         "Số 12, ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội",
                         "ngày 05 tháng 01 năm 2027", "Nguyễn Minh Khang"):
            assert expected in text, expected


def test_fill_refuses_an_incomplete_form_unless_a_draft_is_asked(tmp_path):
    data = write_json(tmp_path / "d.json", {"ho_ten": "Nguyễn Minh Khang", "gioi_tinh": "Trai"})
    out = tmp_path / "o.pdf"
    r = run(tmp_path, "form", "fill", "to-khai-khai-sinh", "--data", data, "--out", out,
            "--json")
    report = json.loads(r.stdout)
    assert r.returncode == 2 and report["ok"] is False and report["path"] is None
    assert {"path": "gioi_tinh", "message": "Giới tính: chỉ chọn một trong: Nam, Nữ"} \
        in report["problems"]
    assert not out.exists()
    r = run(tmp_path, "form", "fill", "to-khai-khai-sinh", "--data", data, "--out", out,
            "--draft")
    assert r.returncode == 0 and out.exists() and "bản nháp" in r.stdout
    assert "- Giới tính: chỉ chọn một trong: Nam, Nữ" in r.stderr


@pytest.mark.parametrize("args, message", [
    (["to-khai-khong-co"], "Không có mẫu 'to-khai-khong-co'"),
    (["to-khai-khai-sinh", "--person-qr", f"ong_ba:1={QR}"], "cần dạng NHÓM[:SỐ]=QR"),
    (["to-khai-khai-sinh", "--person-qr", f"cha_me:3={QR}"], "chỉ có từ 1 đến 2 người"),
    (["to-khai-khai-sinh", "--citizen-qr", "xin chào"], "Mã QR"),
    (["to-khai-khai-sinh", "--data", "missing.json"], "Không mở được tệp dữ liệu"),
])
def test_fill_input_errors_exit_2_in_vietnamese(tmp_path, args, message):
    r = run(tmp_path, "form", "fill", *args, "--out", tmp_path / "o.pdf")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert message in r.stderr


def test_fill_rejects_data_that_is_not_an_object(tmp_path):
    data = tmp_path / "d.json"
    data.write_text("[1, 2]", encoding="utf-8")
    r = run(tmp_path, "form", "fill", "don-de-nghi", "--data", data, "--out", tmp_path / "o.pdf")
    assert r.returncode == 2 and "phải là một đối tượng JSON" in r.stderr
