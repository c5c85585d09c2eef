import json

import pytest

from tests.core.test_cli import ADMIN, run


@pytest.fixture
def paths(tmp_path):
    p = ["--db", tmp_path / "x.sqlite", "--config", tmp_path / "c.json"]
    assert run(*p, "init", "--demo").returncode == 0
    return p


def test_due_json(paths):
    r = run(*paths, "calendar", "due", "--received", "2027-02-03T10:00", "--days", "3", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["due"] == "2027-02-15T17:00" and data["days"] == 3


def test_due_same_day_text(paths):
    r = run(*paths, "calendar", "due", "--received", "2026-11-23T15:30", "--days", "0",
            "--same-day")
    assert r.returncode == 0
    assert "17 giờ 00 phút, Thứ Tư ngày 25/11/2026" in r.stdout


@pytest.mark.parametrize("args", [["--received", "hôm nay", "--days", "1"],
                                  ["--received", "2026-11-23T10:00", "--days", "ba"],
                                  ["--received", "2026-11-23T10:00", "--days", "-1"],
                                  ["--received", "2026-11-23T10:00", "--days", "nan"]])
def test_due_bad_input_exit_2(paths, args):
    r = run(*paths, "calendar", "due", *args, "--json")
    assert r.returncode == 2 and r.stderr.startswith("Lỗi:") and r.stdout == ""
    assert "Traceback" not in r.stderr


def test_off_work_list_clear(paths):
    r = run(*paths, *ADMIN, "calendar", "off", "2027-03-05", "--reason", "Bầu cử")
    assert r.returncode == 0, r.stderr
    r = run(*paths, *ADMIN, "calendar", "work", "2027-03-06", "--reason", "Làm bù")
    assert r.returncode == 0, r.stderr
    r = run(*paths, "calendar", "list", "--year", "2027", "--json")
    days = {d["date"]: d for d in json.loads(r.stdout)["days"]}
    assert days["2027-03-05"] == {"date": "2027-03-05", "kind": "off", "reason": "Bầu cử",
                                  "source": "override"}
    assert days["2027-03-06"]["kind"] == "work"
    assert days["2027-02-08"]["source"] == "holidays"          # Tết
    r = run(*paths, "calendar", "due", "--received", "2027-03-04T10:00", "--days", "1", "--json")
    assert json.loads(r.stdout)["due"] == "2027-03-06T17:00"
    assert run(*paths, *ADMIN, "calendar", "clear", "2027-03-05").returncode == 0
    r = run(*paths, *ADMIN, "calendar", "off", "2027-03-07", "--reason", "Chủ nhật")
    assert r.returncode == 2 and "vốn đã là ngày nghỉ" in r.stderr
    r = run(*paths, *ADMIN, "calendar", "off", "07/03/2027", "--reason", "x")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr


def test_changing_the_calendar_needs_an_administrator(paths):
    """Without --user, or as a counter officer, refused with exit 2 and nothing changed."""
    r = run(*paths, "calendar", "off", "2027-03-05", "--reason", "Bầu cử")
    assert r.returncode == 2 and "--user" in r.stderr and "Traceback" not in r.stderr
    r = run(*paths, "--user", "canbo1", "calendar", "off", "2027-03-05", "--reason", "Bầu cử")
    assert r.returncode == 2 and "không có quyền" in r.stderr
    r = run(*paths, "calendar", "list", "--year", "2027", "--json")   # reading stays open
    assert r.returncode == 0
    assert "2027-03-05" not in {d["date"] for d in json.loads(r.stdout)["days"]}
