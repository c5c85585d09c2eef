"""``counter-app report …`` as scripts use it: one JSON object with the issue's keys,
Vietnamese refusals with exit 2 that write nothing, and the roles that may read reports."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from counter_app.cli import main
from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.errors import PermissionDenied
from counter_app.reports.period import Period
from counter_app.services import dossiers, intake, officers, reports
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from tests.core.test_cli import run

ISSUE_KEYS = ("received", "received_online", "received_direct", "received_post",
              "carried_over", "resolved_early", "resolved_on_time", "resolved_late",
              "in_progress_within", "in_progress_overdue", "withdrawn", "stopped", "returned",
              "apologies", "digitised", "citizen_not_write")


@pytest.fixture
def office(core, demo_paths):
    """Two dossiers received in January 2026: one resolved the next day, one online."""
    core.clock = FixedClock(int(datetime(2026, 1, 12, 9, tzinfo=LOCAL_TZ).timestamp() * 1000))
    first = intake.receive(core, IntakeRequest("DEMO-HT-05", Applicant(full_name="Lê An")))
    intake.receive(core, IntakeRequest("DEMO-CT-03", Applicant(full_name="Đỗ Bình"),
                                       channel=2, portal_code="G22.1"))
    core.clock.advance(24 * 3600 * 1000)
    dossiers.resolve(core, first["code"])
    db, cfg = demo_paths
    return ["--db", str(db), "--config", str(cfg), "--user", "lanhdao"]


def test_json_to_stdout_has_period_totals_and_rows(office):
    r = run(*office, "report", "dossiers", "--from", "2026-01-01", "--to", "2026-01-31",
            "--by", "channel", "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)                 # exactly one JSON document
    assert out["period"] == {"from": "2026-01-01", "to": "2026-01-31"}
    assert set(ISSUE_KEYS) <= set(out["totals"])
    assert (out["totals"]["received"], out["totals"]["received_online"],
            out["totals"]["resolved_early"] + out["totals"]["resolved_on_time"]) == (2, 1, 1)
    assert [(row["key"], row["name"], row["received"]) for row in out["rows"]] == [
        ("direct", "Trực tiếp", 1), ("online", "Trực tuyến", 1)]
    assert all(set(ISSUE_KEYS) <= set(row) for row in out["rows"])
    assert out["previous_period"] == {"from": "2025-01-01", "to": "2025-01-31"}


def test_without_by_there_are_no_rows(office, capsys):
    assert main([*office, "report", "queue", "--from", "2026-01-01", "--to", "2026-01-31"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "rows" not in out and out["totals"]["tickets"] == 0
    assert out["totals"]["avg_wait_min"] is None


@pytest.mark.parametrize("args, message", [
    (["--from", "2026-02-30", "--to", "2026-03-01"], "ngày phải có dạng YYYY-MM-DD"),
    (["--from", "2026-03-01", "--to", "2026-02-01"], "ngày kết thúc 01/02/2026 trước ngày bắt"),
    (["--from", "2026-01-01", "--to", "2026-01-31", "--format", "pdf"], "cần --out"),
    (["--from", "2026-01-01", "--to", "2026-01-31", "--by", "month"], "lệnh không hợp lệ"),
])
def test_bad_input_exits_2_in_vietnamese_and_writes_nothing(office, tmp_path, args, message):
    r = run(*office, "report", "dossiers", *args)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""


def test_an_unwritable_file_is_refused_clearly(office, tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    code = main([*office, "report", "dossiers", "--from", "2026-01-01", "--to", "2026-01-31",
                 "--format", "xlsx", "--out", str(blocker / "r.xlsx")])
    assert code == 2
    assert "Không ghi được tệp" in capsys.readouterr().err
    assert blocker.read_text() == "x"


def test_a_leader_reads_reports_a_counter_officer_does_not(core, office):
    period = Period(date(2026, 1, 1), date(2026, 1, 31))
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        reports.build(core, "dossiers", period)
    officers.authenticate(core, "lanhdao", DEMO_PASSWORD)
    assert reports.build(core, "dossiers", period)["totals"]["received"] == 2
