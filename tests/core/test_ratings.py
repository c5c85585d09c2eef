"""Ratings: one per finished service from the rating screen, paper surveys recorded by an
officer, a configurable scale, and the ratings report."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from counter_app.cli import main
from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.domain.events import PUBLIC_ACTOR
from counter_app.errors import UserInputError
from counter_app.reports.period import Period
from counter_app.services import intake, officers, queue, ratings, reports
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from db import commands, projections
from tests.conftest import table_dump

MINUTE = 60_000


@pytest.fixture
def served(core):
    """canbo1 at counter 2 served A001 (a dossier received on that ticket), finished."""
    core.clock = FixedClock(int(datetime(2026, 11, 23, 9, tzinfo=LOCAL_TZ).timestamp() * 1000))
    ticket = queue.issue_ticket(core, "A")
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    queue.call_number(core, 2, ticket["number"])
    queue.act(core, ticket["id"], "start", 2)
    dossier = intake.receive(core, IntakeRequest("DEMO-HT-05", Applicant(full_name="Lê Văn An"),
                                                 ticket_id=ticket["id"]))
    core.clock.advance(5 * MINUTE)
    queue.act(core, ticket["id"], "finish", 2)
    core.officer = None
    return ticket, dossier


def test_a_finished_service_is_rated_once(core, served):
    ticket, dossier = served
    asked = ratings.pending(core, 2)
    assert (asked["ticket_id"], asked["officer_name"], asked["dossier_id"]) == \
        (ticket["id"], "Nguyễn Thị Lan (mẫu)", dossier["id"])
    assert ratings.pending(core, 1) is None
    rating = ratings.rate_service(core, ticket["id"], "satisfied", ["Thái độ phục vụ"])
    assert (rating["officer_id"], rating["dossier_id"], rating["level"], rating["satisfied"],
            json.loads(rating["reasons"]), rating["source"], rating["recorded_by"]) == \
        (asked["officer_id"], dossier["id"], "satisfied", 1, ["Thái độ phục vụ"], "screen",
         PUBLIC_ACTOR)
    assert ratings.pending(core, 2) is None
    with pytest.raises(UserInputError, match="đã được đánh giá"):
        ratings.rate_service(core, ticket["id"], "unsatisfied")
    assert core.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 1


def test_the_screen_stops_asking_after_ten_minutes(core, served):
    core.clock.advance(11 * MINUTE)
    assert ratings.pending(core, 2) is None


def test_bad_ratings_are_refused_and_nothing_is_recorded(core, served):
    ticket, _ = served
    with pytest.raises(UserInputError, match="Mức đánh giá không có trong thang"):
        ratings.rate_service(core, ticket["id"], "excellent")
    with pytest.raises(UserInputError, match="Lý do không có trong danh sách"):
        ratings.rate_service(core, ticket["id"], "satisfied", ["DROP TABLE"])
    with pytest.raises(UserInputError, match="ngày đánh giá không được ở tương lai".capitalize()):
        ratings.record_paper(core, "satisfied", rated_on=datetime(2027, 1, 1, 9))
    assert core.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0
    assert ratings.pending(core, 2) is not None


def test_paper_surveys_and_a_configured_scale(core, served):
    _, dossier = served
    paper = ratings.record_paper(core, "very_satisfied", officer="canbo1",
                                 dossier_code=dossier["code"],
                                 rated_on=datetime(2026, 11, 20, 10), comment="Cán bộ tận tình")
    assert (paper["source"], paper["dossier_id"], paper["rated_at"], paper["comment"]) == \
        ("paper", dossier["id"], "2026-11-20T03:00:00Z", "Cán bộ tận tình")
    ratings.set_scale(core, [{"code": "good", "label": "Hài lòng", "satisfied": True},
                             {"code": "bad", "label": "Chưa hài lòng", "satisfied": False}])
    assert [lv.label for lv in ratings.scale(core)] == ["Hài lòng", "Chưa hài lòng"]
    with pytest.raises(UserInputError):
        ratings.set_scale(core, [{"code": "only", "label": "Một mức", "satisfied": True}])
    ratings.rate_service(core, served[0]["id"], "bad")
    live = table_dump(core.conn, projections.TABLES)
    commands.rebuild_projections(core.conn)
    assert table_dump(core.conn, projections.TABLES) == live
    assert len(live["ratings"]) == 2


def test_the_ratings_report_and_the_dossier_report_measure(core, served, demo_paths, capsys):
    ticket, _ = served
    ratings.rate_service(core, ticket["id"], "neutral")
    ratings.record_paper(core, "very_satisfied", officer="canbo1",
                         rated_on=datetime(2026, 11, 20, 10))
    ratings.record_paper(core, "satisfied", rated_on=datetime(2025, 11, 3, 10))
    period = Period(date(2026, 11, 1), date(2026, 11, 30))
    data = reports.build(core, "ratings", period)
    assert data["totals"]["ratings"] == {"very_satisfied": 1, "satisfied": 0, "neutral": 1,
                                         "unsatisfied": 0}
    assert (data["totals"]["satisfaction_rate"], data["previous_totals"]["ratings_total"]) == \
        (50.0, 1)
    by_source = {r["key"]: r["ratings_total"] for r in data["breakdowns"]["source"]}
    assert by_source == {"paper": 1, "screen": 1}
    assert reports.build(core, "dossiers", period)["totals"]["ratings"]["neutral"] == 1
    db, cfg = demo_paths
    assert main(["--db", str(db), "--config", str(cfg), "--user", "lanhdao", "report",
                 "ratings", "--from", "2026-11-01", "--to", "2026-11-30", "--by", "officer"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["ratings_total"], r["previous"]["ratings_total"])
            for r in out["rows"]] == [("(không rõ)", 0, 1), ("Nguyễn Thị Lan (mẫu)", 2, 0)]
    assert "tỷ lệ hài lòng 50,0%" in out["text"]


def test_paper_surveys_from_the_command_line(core, demo_paths, tmp_path, capsys):
    db, cfg = demo_paths
    paths = ["--db", str(db), "--config", str(cfg), "--user", "admin"]
    assert main([*paths, "rating", "paper", "--level", "unsatisfied", "--reason",
                 "Thời gian chờ đợi", "--officer", "canbo2", "--date", "2026-11-02",
                 "--json"]) == 0
    rating = json.loads(capsys.readouterr().out)
    assert (rating["level"], rating["source"], rating["rated_at"][:10]) == \
        ("unsatisfied", "paper", "2026-11-02")
    assert main([*paths, "rating", "paper", "--level", "tuyệt vời"]) == 2
    assert "Mức đánh giá không có trong thang" in capsys.readouterr().err
    scale = tmp_path / "scale.json"
    scale.write_text('[{"code": "tot", "label": "Tốt", "satisfied": true}, '
                     '{"code": "chua_tot", "label": "Chưa tốt", "satisfied": false}]',
                     encoding="utf-8")
    assert main([*paths, "rating", "scale", "--set", str(scale), "--json"]) == 0
    assert [lv["label"] for lv in json.loads(capsys.readouterr().out)["levels"]] == \
        ["Tốt", "Chưa tốt"]
    scale.write_text("[không phải json", encoding="utf-8")
    assert main([*paths, "rating", "scale", "--set", str(scale)]) == 2
    assert "Không đọc được tệp thang đánh giá" in capsys.readouterr().err
    assert core.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 1
