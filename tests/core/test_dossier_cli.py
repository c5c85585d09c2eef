import json

import pytest

from tests.core.test_cli import run

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"


@pytest.fixture
def paths(tmp_path):
    p = ["--db", tmp_path / "x.sqlite"]
    assert run(*p, "init", "--demo").returncode == 0
    return p + ["--user", "canbo1"]      # a counter officer of the demo office


def test_receive_search_and_return(paths):
    r = run(*paths, "dossier", "receive", "--procedure", "DEMO-HT-05", "--citizen-qr", QR,
            "--received", "2026-11-18T10:00", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["code"] == "000.17.22.H56-261118-0001" and d["due"] == "2026-11-23T17:00"
    assert d["status"] == 2 and d["applicant_name"] == "Nguyễn Văn An"
    found = json.loads(run(*paths, "dossier", "search", "nguyen van an", "--json").stdout)
    assert found["count"] == 1
    for step in (["transfer", d["code"], "--to", "Tư pháp - Hộ tịch"], ["resolve", d["code"]],
                 ["return", d["code"]]):
        assert run(*paths, "dossier", *step).returncode == 0
    shown = json.loads(run(*paths, "dossier", "show", d["code"], "--json").stdout)
    assert shown["status"] == 10 and len(shown["history"]) == 4


def test_citizen_json_online_and_refusal(paths, tmp_path):
    person = tmp_path / "p.json"
    person.write_text(json.dumps({"full_name": "Trần Thị Đào", "id_number": "079188000222",
                                  "address": "Phường Bến Thành"}, ensure_ascii=False),
                      encoding="utf-8")
    r = run(*paths, "dossier", "receive", "--procedure", "DEMO-KD-01", "--citizen-json", person,
            "--channel", "online", "--portal-code", "G09.20-20261118-0092637", "--json")
    assert r.returncode == 0, r.stderr and json.loads(r.stdout)["channel_label"] == "Trực tuyến"
    r = run(*paths, "dossier", "receive", "--procedure", "DEMO-KD-01", "--citizen-json", person,
            "--outcome", "refused", "--reason", "Không thuộc thẩm quyền",
            "--received", "2026-11-18T10:00", "--json")
    assert json.loads(r.stdout)["number"] == "01/2026/TCHS"     # a refusal slip, no dossier


@pytest.mark.parametrize("args,message", [
    (["--procedure", "KHONG-CO", "--citizen-qr", QR], "Không có thủ tục"),
    (["--procedure", "DEMO-HT-05", "--citizen-qr", "rác"], "thẻ căn cước"),
    (["--procedure", "DEMO-HT-05", "--citizen-qr", QR, "--channel", "fax"], "Kênh"),
    (["--procedure", "DEMO-HT-05", "--citizen-qr", QR, "--received", "hôm qua"], "không hợp lệ"),
    (["--procedure", "DEMO-HT-05", "--citizen-qr", QR.replace("Nguyễn Văn An", "Hường " * 160)],
     "Họ và tên quá dài"),
    (["--procedure", "DEMO-HT-05", "--citizen-qr", QR, "--outcome", "refused", "--reason",
      "Không thuộc thẩm quyền. " * 50], "Lý do quá dài"),
])
def test_bad_input_exit_2(paths, args, message):
    r = run(*paths, "dossier", "receive", *args, "--json")
    assert r.returncode == 2 and message in r.stderr and r.stdout == ""
    assert "Traceback" not in r.stderr


def test_illegal_step_and_second_apology(paths):
    d = json.loads(run(*paths, "dossier", "receive", "--procedure", "DEMO-HT-05", "--citizen-qr",
                       QR, "--received", "2026-11-18T10:00", "--json").stdout)
    r = run(*paths, "dossier", "return", d["code"])
    assert r.returncode == 2 and "Không thể chuyển hồ sơ" in r.stderr
    ok = run(*paths, "dossier", "apologize", d["code"], "--reason", "Chờ xác minh",
             "--new-due", "2026-12-20T10:00", "--json")
    number = json.loads(ok.stdout)["apology_number"]
    assert ok.returncode == 0 and number.startswith("01/") and number.endswith("/PXL")
    again = run(*paths, "dossier", "apologize", d["code"], "--reason", "Lại chậm",
                "--new-due", "2026-12-25T10:00")
    assert again.returncode == 2 and "một lần" in again.stderr
