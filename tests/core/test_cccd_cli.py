"""``counter-app cccd parse`` as scripts use it: real processes, exit codes, one JSON document."""

import json
import os
import subprocess
import sys

import pytest

EXAMPLE = "001099012345|123456789|Nguyễn Văn A|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"


def run(*args, stdin=None, tmp_path):
    # --db beside the test keeps the log file out of the user's folders.
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "--db", str(tmp_path / "x.sqlite"), *args],
        input=stdin, capture_output=True, env=env, timeout=120)


def out(r):
    return r.stdout.decode("utf-8"), r.stderr.decode("utf-8")


def test_json_is_one_document_with_iso_dates(tmp_path):
    r = run("cccd", "parse", EXAMPLE, "--json", tmp_path=tmp_path)
    stdout, stderr = out(r)
    assert r.returncode == 0, stderr
    data = json.loads(stdout)
    assert data["id_number"] == "001099012345" and data["old_id_number"] == "123456789"
    assert data["full_name"] == "Nguyễn Văn A" and data["gender"] == "Nam"
    assert data["birth_date"] == "1999-01-01" and data["issue_date"] == "2021-08-15"
    assert data["address"] == "Số 1, Phố X, Phường Y, Hà Nội"
    assert data["warnings"] == [] and data["extra"] == []


def test_json_flag_before_the_subcommand_and_warnings_as_items(tmp_path):
    text = EXAMPLE.replace("|Nam|", "|Nữ|").replace("01011999", "31021999")
    r = run("--json", "cccd", "parse", text, tmp_path=tmp_path)
    assert r.returncode == 0
    data = json.loads(out(r)[0])
    assert data["birth_date"] is None and data["birth_date_raw"] == "31021999"
    assert [w["code"] for w in data["warnings"]] == ["birth_date_invalid", "gender_digit_mismatch"]
    assert all(set(w) == {"code", "message"} for w in data["warnings"])


def test_readable_output_has_vietnamese_labels(tmp_path):
    r = run("cccd", "parse", EXAMPLE.replace("|Nam|", "|Nữ|"), tmp_path=tmp_path)
    stdout, _ = out(r)
    assert r.returncode == 0
    for expected in ("Số định danh:", "Họ và tên:", "Nguyễn Văn A", "Ngày sinh:", "01/01/1999",
                     "Nơi thường trú:", "Ngày cấp:", "15/08/2021", "Cảnh báo:",
                     "gender_digit_mismatch"):
        assert expected in stdout


def test_stdin_with_dash_tolerates_bom_and_crlf(tmp_path):
    raw = b"\xef\xbb\xbf" + EXAMPLE.encode("utf-8") + b"\r\n"
    r = run("cccd", "parse", "-", "--json", stdin=raw, tmp_path=tmp_path)
    assert r.returncode == 0, out(r)[1]
    data = json.loads(out(r)[0])
    assert data["full_name"] == "Nguyễn Văn A" and data["warnings"] == []


def test_stdin_bad_utf8_becomes_a_warning(tmp_path):
    raw = EXAMPLE.encode("utf-8").replace("Văn".encode("utf-8"), b"V\xe3n")
    r = run("cccd", "parse", "-", "--json", stdin=raw, tmp_path=tmp_path)
    assert r.returncode == 0
    assert "replacement_char" in [w["code"] for w in json.loads(out(r)[0])["warnings"]]


@pytest.mark.parametrize("text, phrase", [
    ("xin chào", "thẻ căn cước"),
    ("a|b|c", "trường"),
    ("000.17.22.H56-210531-0001", "mã hồ sơ"),
    ("123456789", "chứng minh nhân dân"),
    ("", "trống"),
])
def test_garbage_exits_2_in_vietnamese_without_traceback(tmp_path, text, phrase):
    r = run("cccd", "parse", text, "--json", tmp_path=tmp_path)
    stdout, stderr = out(r)
    assert r.returncode == 2
    assert stderr.startswith("Lỗi:") and phrase in stderr and "Traceback" not in stderr
    assert stdout == ""


def test_empty_stdin_exits_2(tmp_path):
    r = run("cccd", "parse", "-", stdin=b"\r\n", tmp_path=tmp_path)
    assert r.returncode == 2 and "trống" in out(r)[1]


def test_missing_subcommand_or_text_exit_2(tmp_path):
    assert run("cccd", tmp_path=tmp_path).returncode == 2
    r = run("cccd", "parse", tmp_path=tmp_path)
    assert r.returncode == 2 and "lệnh không hợp lệ" in out(r)[1]
