"""The home page's deadlines: open dossiers due today and overdue, the most overdue first,
read by role (counter officers and leaders see their office's)."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.errors import PermissionDenied
from counter_app.services import dossiers, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=LOCAL_TZ)       # Wednesday 18/11/2026, Hà Nội


def at(core, moment: datetime) -> None:
    core.clock = FixedClock(int(moment.timestamp() * 1000))


@pytest.fixture
def office(core):
    """Received by canbo1: A due Thu 12/11 17:00 (overdue), B due today 17:00, C due Fri
    20/11, R resolved though overdue, X refused (a refusal slip, not a dossier)."""
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)

    def receive(name: str, moment: datetime, outcome: str = "received") -> str:
        at(core, moment)
        request = IntakeRequest("DEMO-HT-05", Applicant(full_name=name), outcome=outcome,
                                reason="Không thuộc thẩm quyền" if outcome == "refused" else "")
        recorded = intake.receive(core, request)
        return recorded["number"] if outcome == "refused" else recorded["code"]
    codes = {
        "A": receive("Nguyễn Văn An", datetime(2026, 11, 9, 9, 0, tzinfo=LOCAL_TZ)),
        "B": receive("Trần Thị Bình", datetime(2026, 11, 13, 14, 0, tzinfo=LOCAL_TZ)),
        "C": receive("Lê Văn Cường", datetime(2026, 11, 17, 9, 0, tzinfo=LOCAL_TZ)),
        "R": receive("Đỗ Thị Rạng", datetime(2026, 11, 9, 8, 0, tzinfo=LOCAL_TZ)),
        "X": receive("Vũ Văn Xuân", datetime(2026, 11, 9, 8, 30, tzinfo=LOCAL_TZ), "refused"),
    }
    dossiers.resolve(core, codes["R"])
    at(core, NOW)
    return codes


def test_due_today_and_overdue_most_overdue_first(core, office):
    found = dossiers.due_today_and_overdue(core)
    rows = [(d["code"], d["applicant_name"], d["due_at_local"], d["late_minutes"])
            for d in found["dossiers"]]
    assert rows == [
        (office["A"], "Nguyễn Văn An", "2026-11-12T17:00", (6 * 24 - 7) * 60),
        (office["B"], "Trần Thị Bình", "2026-11-18T17:00", -7 * 60),
    ]
    assert found["total"] == 2
    assert found["dossiers"][0]["procedure_name"]


def test_the_end_of_the_local_day_is_the_limit(core, office):
    at(core, datetime(2026, 11, 20, 0, 30, tzinfo=LOCAL_TZ))   # Friday 00:30: C is due today
    codes = [d["code"] for d in dossiers.due_today_and_overdue(core)["dossiers"]]
    assert codes == [office["A"], office["B"], office["C"]]
    at(core, datetime(2026, 11, 19, 23, 59, tzinfo=LOCAL_TZ))  # Thursday 23:59 (16:59 UTC)
    assert office["C"] not in [d["code"] for d in dossiers.due_today_and_overdue(core)
                               ["dossiers"]]


def test_the_limit_keeps_the_total(core, office):
    found = dossiers.due_today_and_overdue(core, limit=1)
    assert [d["code"] for d in found["dossiers"]] == [office["A"]]
    assert found["total"] == 2


def test_a_leader_sees_it_and_support_staff_do_not(core, office):
    core.officer = None
    officers.authenticate(core, "lanhdao", DEMO_PASSWORD)
    assert dossiers.due_today_and_overdue(core)["total"] == 2
    core.officer = None
    officers.authenticate(core, "hotro", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        dossiers.due_today_and_overdue(core)
