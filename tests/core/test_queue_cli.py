import json

import pytest

from tests.core.test_cli import run


@pytest.fixture
def paths(tmp_path):
    p = ["--db", tmp_path / "x.sqlite", "--config", tmp_path / "c.json"]
    assert run(*p, "init", "--demo").returncode == 0
    return p + ["--user", "admin"]       # service settings and the policy are the admin's


def test_issue_prints_to_the_file_printer_by_default(paths, tmp_path):
    r = run(*paths, "ticket", "issue", "A", "--json")
    assert r.returncode == 0, r.stderr
    t = json.loads(r.stdout)
    assert (t["number"], t["service"], t["waiting_ahead"], t["printed"], t["error"]) == \
        ("A001", "HOTICH", 0, True, None)
    data = (tmp_path / "printer-output" / "ticket-printer.escpos").read_bytes()
    assert data.startswith(b"\x1b@") and b"\x1dV" in data


def test_issue_with_unreachable_printer_still_gives_a_number(paths):
    r = run(*paths, "ticket", "issue", "B", "--priority", "NCT", "--printer", "tcp:127.0.0.1:9",
            "--json")
    assert r.returncode == 0, r.stderr
    t = json.loads(r.stdout)
    assert t["number"] == "B001" and t["printed"] is False and t["error"]
    assert t["priority"] == "Người cao tuổi (từ 60 tuổi)"
    r = run(*paths, "ticket", "reprint", "B001", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["printed"] is True


def test_call_status_and_actions(paths):
    for s in ("A", "A", "C"):
        run(*paths, "ticket", "issue", s, "--no-print")
    r = run(*paths, "ticket", "call", "--counter", "1", "--json")
    assert json.loads(r.stdout)["number"] == "A001"
    r = run(*paths, "ticket", "call", "--counter", "1")
    assert "Xin mời số A002 đến quầy số 1" in r.stdout
    status = json.loads(run(*paths, "queue", "status", "--json").stdout)
    assert status["counters"][0]["current"] == "A002"
    assert run(*paths, "ticket", "no-show", "A002").returncode == 0
    r = run(*paths, "ticket", "transfer", "A002", "--service", "C", "--json")
    assert r.returncode == 2 and "Vắng mặt" in r.stderr
    assert run(*paths, "ticket", "call", "--counter", "2", "--number", "C001").returncode == 0
    r = run(*paths, "ticket", "call", "--counter", "1", "--json")
    assert json.loads(r.stdout)["number"] is None


def test_bad_input_exit_2(paths):
    r = run(*paths, "ticket", "issue", "Z", "--json")
    assert r.returncode == 2 and "Không có dịch vụ" in r.stderr and r.stdout == ""
    r = run(*paths, "ticket", "finish", "A999")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = run(*paths, "queue", "stats", "--from", "2026-11-30", "--to", "2026-11-01")
    assert r.returncode == 2


def test_service_settings_and_policy(paths):
    r = run(*paths, "queue", "service", "A", "--range", "100-199", "--cap", "50",
            "--counters", "1,2", "--json")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert (s["number_start"], s["number_end"], s["daily_cap"], s["counters"]) == (100, 199, 50, [1, 2])
    assert json.loads(run(*paths, "ticket", "issue", "A", "--no-print", "--json").stdout)["number"] == "A100"
    assert run(*paths, "queue", "policy", "every_n", "--every", "2").returncode == 0
    r = run(*paths, "queue", "stats", "--from", "2020-01-01", "--to", "2030-01-01", "--by", "hour",
            "--json")
    assert json.loads(r.stdout)["rows"][0]["tickets"] == 1
