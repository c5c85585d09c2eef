"""The leader's today: the queue now, the deadlines, the on-time trend and the ratings,
on the deadline tests' office (Wednesday 18/11/2026 10:00 in Hà Nội)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counter_app.errors import PermissionDenied
from counter_app.services import dashboard, officers, queue, ratings
from counter_app.services.core import Core
from counter_app.services.setup import DEMO_PASSWORD
from tests.core.test_due_list import NOW, at, office  # noqa: F401


@pytest.fixture
def busy(core, office):  # noqa: F811
    """Tickets: A001 waiting since 9:30, A002 called at counter 1 at 9:50 and finished
    at 9:58; two paper surveys (one satisfied, one not) in the last days."""
    at(core, NOW - timedelta(minutes=30))
    queue.issue_ticket(core, "A")
    at(core, NOW - timedelta(minutes=20))
    second = queue.issue_ticket(core, "A")
    at(core, NOW - timedelta(minutes=10))
    queue.act(core, second["id"], "call", 1)
    at(core, NOW - timedelta(minutes=2))
    queue.act(core, second["id"], "finish", 1)
    levels = [lv.code for lv in ratings.scale(core)]
    ratings.record_paper(core, levels[0], rated_on=NOW - timedelta(days=2))
    ratings.record_paper(core, levels[2], rated_on=NOW - timedelta(days=40))   # too old
    ratings.record_paper(core, levels[3], rated_on=NOW - timedelta(days=1))
    at(core, NOW)
    officers.authenticate(core, "lanhdao", DEMO_PASSWORD)    # the leader looks
    return office


def test_the_queue_now_and_each_counters_day(core, busy):
    q = dashboard.today(core)["queue"]
    assert q["waiting"] == 1 and q["longest_wait_min"] == 30.0
    assert q["issued"] == 2 and q["served"] == 1
    one = next(c for c in q["counters"] if c["number"] == 1)
    assert one["served"] == 1 and one["avg_wait_min"] == 10.0 and one["avg_service_min"] == 8.0
    assert [c["number"] for c in q["counters"]] == [1, 2, 3]
    assert next(s for s in q["services"] if s["prefix"] == "A")["waiting"] == 1


def test_deadlines_trend_and_ratings(core, busy):
    data = dashboard.today(core)
    assert data["day"] == "2026-11-18"
    assert data["due"] == {"overdue": 1, "due_today": 1}     # A late, B due at 17:00
    trend = data["trend"]
    assert len(trend) == dashboard.TREND_WEEKS and trend[-1]["week_start"] == "2026-11-16"
    resolved = [w for w in trend if w["resolved"]]
    assert resolved == [{"week_start": "2026-11-09", "resolved": 1, "late": 0, "on_time": 1,
                         "on_time_rate": 100.0}]
    assert all(w["on_time_rate"] is None for w in trend if not w["resolved"])
    r = data["ratings"]
    assert r["total"] == 2 and r["satisfaction_rate"] == 50.0
    assert [lv["count"] for lv in r["levels"]] == [1, 0, 0, 1]
    assert r["levels"][0]["label"] == "Rất hài lòng"


def test_a_late_resolution_lowers_the_weeks_rate(core, office):  # noqa: F811
    from counter_app.services import dossiers
    at(core, NOW)
    dossiers.resolve(core, office["A"])                     # five days after its date
    officers.authenticate(core, "lanhdao", DEMO_PASSWORD)
    this_week = dashboard.today(core)["trend"][-1]
    assert (this_week["resolved"], this_week["late"], this_week["on_time_rate"]) == (1, 1, 0.0)


def test_only_leaders_and_administrators(demo_paths):
    with Core.open(*demo_paths) as c:
        officers.authenticate(c, "canbo1", DEMO_PASSWORD)
        with pytest.raises(PermissionDenied):
            dashboard.today(c)
        officers.authenticate(c, "lanhdao", DEMO_PASSWORD)
        assert dashboard.today(c)["queue"]["waiting"] == 0
