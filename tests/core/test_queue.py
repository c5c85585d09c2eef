"""The queue: numbers, policy, lifecycle, transfers, statistics."""

from datetime import date, datetime, timezone

import pytest

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.domain.events import PUBLIC_ACTOR
from counter_app.domain.permissions import Device
from counter_app.errors import NotFound, PermissionDenied, UserInputError
from counter_app.services import officers, queue, queue_config, queue_stats, ticket_printing
from counter_app.services.core import Core
from counter_app.services.setup import DEMO_PASSWORD
from db import commands, event_store, projections
from printing.ticket import time_text
from tests.conftest import table_dump

# 09:00 on Monday 23/11/2026 in Hà Nội (02:00 UTC)
NINE = int(datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc).timestamp() * 1000)
MIN = 60_000


def local_clock(y, m, d, hh, mm) -> FixedClock:
    """A clock pinned at a wall-clock time in Hà Nội (UTC+7)."""
    return FixedClock(int(datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ).timestamp() * 1000))


def board_line(core, prefix: str) -> dict:
    """Today's counts of one service as the display board shows them."""
    return next(x for x in queue_stats.status(core)["services"] if x["prefix"] == prefix)


@pytest.fixture
def q(core):
    core.clock = FixedClock(NINE)
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def test_numbers_count_per_service_and_continue_after_restart(demo_paths):
    first = Core.open(*demo_paths, system=True)
    first.clock = FixedClock(NINE)
    assert [queue.issue_ticket(first, "A")["number"] for _ in range(3)] == ["A001", "A002", "A003"]
    assert queue.issue_ticket(first, "CHUNGTHUC")["number"] == "B001"
    first.close()
    again = Core.open(*demo_paths, system=True)
    again.clock = FixedClock(NINE + 5 * MIN)
    assert queue.issue_ticket(again, "hộ tịch")["number"] == "A004"
    again.clock = FixedClock(NINE + 24 * 60 * MIN)        # the next day
    assert queue.issue_ticket(again, "A")["number"] == "A001"
    again.close()


def test_the_day_is_the_local_day_not_the_utc_date(q):
    """From 00:00 to 07:00 in Hà Nội the UTC date is still yesterday's: numbering
    restarts at local midnight and "today" is the local day all morning."""
    q.clock = local_clock(2026, 11, 23, 23, 50)              # 16:50 UTC on the 23rd
    last_night = queue.issue_ticket(q, "A")
    q.clock = local_clock(2026, 11, 24, 0, 10)               # 17:10 UTC on the 23rd
    first = queue.issue_ticket(q, "A")
    q.clock = local_clock(2026, 11, 24, 6, 30)               # 23:30 UTC on the 23rd
    early = queue.issue_ticket(q, "A")
    assert (last_night["day"], last_night["number"]) == ("2026-11-23", "A001")
    assert [(t["day"], t["number"]) for t in (first, early)] == \
        [("2026-11-24", "A001"), ("2026-11-24", "A002")]
    assert early["waiting_ahead"] == 1
    assert time_text(ticket_printing.content_for(q, early["id"]).issued_at) == \
        "06:30  ·  Thứ Ba, 24/11/2026"
    assert [t["id"] for t in queue.waiting(q)] == [first["id"], early["id"]]
    assert queue.find_today(q, "A001")["id"] == first["id"]
    assert queue.call_next(q, 1)["id"] == first["id"]
    assert board_line(q, "A")["issued"] == 2
    q.clock = local_clock(2026, 11, 24, 7, 30)               # 00:30 UTC on the 24th
    later = queue.issue_ticket(q, "A")
    assert (later["day"], later["number"]) == ("2026-11-24", "A003")


def test_a_cancelled_ticket_leaves_the_waiting_list(q):
    a, b, c = (queue.issue_ticket(q, "A") for _ in range(3))
    assert queue.act(q, b["id"], "cancel", 1)["status"] == "cancelled"
    assert [t["id"] for t in queue.waiting(q)] == [a["id"], c["id"]]
    assert [t["id"] for t in queue.waiting(q, 1)] == [a["id"], c["id"]]
    assert queue.get_ticket(q, c["id"])["waiting_ahead"] == 1
    assert queue.call_next(q, 1)["id"] == a["id"]
    assert queue.peek_next(q, 1) == "A003"
    assert queue.act(q, c["id"], "cancel", 1)["status"] == "cancelled"
    assert queue.waiting(q) == [] and queue.peek_next(q, 1) is None
    assert queue.call_next(q, 1) is None
    assert board_line(q, "A")["waiting"] == 0


def test_waiting_ahead_and_unknown_service(q):
    queue.issue_ticket(q, "A")
    queue.issue_ticket(q, "B")
    t = queue.issue_ticket(q, "A")
    assert t["waiting_ahead"] == 1 and t["service_name"] == "Hộ tịch"
    with pytest.raises(NotFound, match="Không có dịch vụ"):
        queue.issue_ticket(q, "Z")


def test_daily_cap_and_number_range(q):
    q.officer = None  # the administrator's settings, then the kiosk
    queue_config.update_service(q, "A", daily_cap=2)
    queue.issue_ticket(q, "A")
    queue.issue_ticket(q, "A")
    with pytest.raises(UserInputError, match="đã cấp đủ 2 số"):
        queue.issue_ticket(q, "A")
    queue_config.update_service(q, "B", number_start=998, number_end=999)
    assert queue.issue_ticket(q, "B")["number"] == "B998"
    queue.issue_ticket(q, "B")
    with pytest.raises(UserInputError, match="hết dãy số"):
        queue.issue_ticket(q, "B")


def test_counter_calls_only_its_services_in_order(q):
    for key in ("C", "A", "A"):       # C (đất đai) is served at counter 2 only
        queue.issue_ticket(q, key)
    assert queue.call_next(q, 1)["number"] == "A001"
    assert queue.call_next(q, 1)["number"] == "A002"
    assert queue.call_next(q, 1) is None
    assert queue.call_next(q, 2)["number"] == "C001"


def test_next_finishes_the_current_ticket(q):
    queue.issue_ticket(q, "A")
    queue.issue_ticket(q, "A")
    first = queue.call_next(q, 1)
    queue.call_next(q, 1)
    assert queue.get_ticket(q, first["id"])["status"] == "done"


def test_strict_priority_first(q):
    queue.issue_ticket(q, "A")
    p = queue.issue_ticket(q, "A", "NCT")
    assert p["priority_label"] == "Người cao tuổi (từ 60 tuổi)"
    assert queue.call_next(q, 1)["number"] == p["number"]


def test_one_priority_after_every_n_normal(q):
    q.officer = None
    queue_config.set_policy(q, "every_n", 2)
    officers.authenticate(q, "canbo1", DEMO_PASSWORD)
    for _ in range(4):
        queue.issue_ticket(q, "A")
    queue.issue_ticket(q, "A", "PNMT")                     # A005, priority
    called = [queue.call_next(q, 1)["number"] for _ in range(5)]
    assert called == ["A001", "A002", "A005", "A003", "A004"]


def test_a_priority_ticket_is_told_how_many_go_before_it(q):
    for _ in range(3):
        queue.issue_ticket(q, "A")
    first = queue.issue_ticket(q, "A", "NCT")            # A004: strict, so called first
    assert first["waiting_ahead"] == 0
    assert queue.issue_ticket(q, "A", "PNMT")["waiting_ahead"] == 1
    assert queue.issue_ticket(q, "A")["waiting_ahead"] == 5


@pytest.mark.parametrize("policy, every, called_before", [
    ("strict", 3, 0), ("every_n", 2, 1), ("every_n", 1, 0)])
def test_waiting_ahead_is_the_order_the_counter_will_call(q, policy, every, called_before):
    q.officer = None
    queue_config.set_policy(q, policy, every)
    officers.authenticate(q, "canbo1", DEMO_PASSWORD)
    for key, prio in [("A", None)] * 3 + [("A", "NCT"), ("A", None), ("A", "PNMT"),
                                           ("A", None), ("A", "NKT")]:
        queue.issue_ticket(q, key, prio)
    for _ in range(called_before):                        # the policy's count runs on
        queue.call_next(q, 1)
    told = {t["number"]: queue.get_ticket(q, t["id"])["waiting_ahead"]
            for t in queue.waiting(q)}
    order = []
    while (t := queue.call_next(q, 1)) is not None:
        order.append(t["number"])
    assert told == {number: i for i, number in enumerate(order)}


def test_lifecycle_and_illegal_actions(q):
    t = queue.issue_ticket(q, "A")
    with pytest.raises(UserInputError, match="Không thể bắt đầu phục vụ số A001"):
        queue.act(q, t["id"], "start", 1)
    queue.call_next(q, 1)
    assert queue.act(q, t["id"], "recall", 1)["call_count"] == 2
    assert queue.act(q, t["id"], "start", 1)["status"] == "serving"
    assert queue.act(q, t["id"], "finish", 1)["status"] == "done"
    with pytest.raises(UserInputError, match="Đã xong"):
        queue.act(q, t["id"], "cancel", 1)


def test_no_show_and_requeue(q):
    t = queue.issue_ticket(q, "A")
    queue.call_next(q, 1)
    assert queue.act(q, t["id"], "no_show", 1)["status"] == "no_show"
    assert queue.act(q, t["id"], "requeue")["status"] == "waiting"
    assert queue.call_number(q, 1, "a001")["status"] == "called"


def test_transfer_to_service_keeps_number(q):
    t = queue.issue_ticket(q, "A")
    queue.call_next(q, 1)
    moved = queue.transfer(q, t["id"], to_service="C")
    assert moved["number"] == "A001" and moved["service_code"] == "DATDAI"
    assert queue.call_next(q, 1) is None
    assert queue.call_next(q, 2)["number"] == "A001"


def test_transfer_to_a_counter_goes_first_there(q):
    queue.issue_ticket(q, "B")
    t = queue.issue_ticket(q, "A")
    queue.call_number(q, 1, "A001")
    queue.transfer(q, t["id"], to_counter=3)
    assert queue.call_next(q, 3)["number"] == "A001"


def test_kiosk_issues_without_login_but_cannot_call(demo_paths):
    with Core.open(*demo_paths, device=Device.KIOSK) as kiosk:
        t = queue.issue_ticket(kiosk, "A")
        (e,) = [e for e in event_store.events_for(kiosk.conn, "ticket", t["id"])]
        assert e.officer_id == PUBLIC_ACTOR
        with pytest.raises(PermissionDenied):
            queue.call_next(kiosk, 1)
    with Core.open(*demo_paths) as nobody:       # no device role, nobody logged in
        with pytest.raises(PermissionDenied):
            queue.issue_ticket(nobody, "A")


def test_print_result_and_reprint(q):
    t = queue.issue_ticket(q, "A")
    assert t["printed"] == 0
    queue.record_print(q, t["id"], False, "Máy in hết giấy.")
    assert queue.get_ticket(q, t["id"])["print_error"] == "Máy in hết giấy."
    queue.record_print(q, t["id"], True, None)
    assert queue.get_ticket(q, t["id"])["printed"] == 1


def test_stats_wait_service_and_no_shows(q):
    a = queue.issue_ticket(q, "A")
    b = queue.issue_ticket(q, "A")
    q.clock.advance(10 * MIN)
    queue.call_next(q, 1)                    # a waited 10 min
    queue.act(q, a["id"], "start", 1)
    q.clock.advance(6 * MIN)
    queue.act(q, a["id"], "finish", 1)       # served 6 min
    q.clock.advance(14 * MIN)
    queue.call_next(q, 1)                    # b waited 30 min
    queue.act(q, b["id"], "no_show", 1)
    with pytest.raises(PermissionDenied):    # the office's figures are the leader's
        queue_stats.stats(q, date(2026, 11, 23), date(2026, 11, 23), "service")
    officers.authenticate(q, "lanhdao", DEMO_PASSWORD)
    (row,) = queue_stats.stats(q, date(2026, 11, 23), date(2026, 11, 23), "service")
    assert row["key"] == "HOTICH" and row["tickets"] == 2
    assert (row["served"], row["no_shows"]) == (1, 1)
    assert row["avg_wait_min"] == 20.0 and row["avg_service_min"] == 6.0
    assert row["service_level"] == 0.5
    (hour,) = queue_stats.stats(q, date(2026, 11, 23), date(2026, 11, 23), "hour")
    assert hour["key"] == "09:00"
    (officer,) = queue_stats.stats(q, date(2026, 11, 23), date(2026, 11, 23), "officer")
    assert officer["key"] == "canbo1"


def test_status_for_the_board(q):
    queue.issue_ticket(q, "A")
    queue.issue_ticket(q, "A", "NCT")
    queue.call_next(q, 1)
    s = queue_stats.status(q)
    a = next(x for x in s["services"] if x["prefix"] == "A")
    assert (a["waiting"], a["issued"]) == (1, 2)
    assert s["counters"][0] == {"number": 1, "name": "Quầy 1", "current": "A002",
                                "status": "called"}
    assert s["recent_calls"][0]["number"] == "A002"


def test_rebuild_equals_live_after_a_busy_morning(q):
    for key in "AABCAB":
        queue.issue_ticket(q, key)
    queue.call_next(q, 1)
    queue.call_next(q, 2)
    t = queue.call_next(q, 3)
    queue.transfer(q, t["id"], to_counter=1)
    live = table_dump(q.conn, projections.TABLES)
    commands.rebuild_projections(q.conn)
    assert table_dump(q.conn, projections.TABLES) == live


def test_bad_policy_refused(q):
    q.officer = None
    with pytest.raises(UserInputError):
        queue_config.set_policy(q, "random")


def test_waiting_list_per_counter_and_calls_since(q):
    for key in ("A", "C", "B"):
        queue.issue_ticket(q, key)
    assert [t["number"] for t in queue.waiting(q)] == ["A001", "C001", "B001"]
    assert [t["number"] for t in queue.waiting(q, 1)] == ["A001", "B001"]
    assert [t["number"] for t in queue.waiting(q, 2)] == ["C001"]
    first = queue.call_next(q, 1)
    calls = queue_stats.calls_since(q, None)
    assert [c["number"] for c in calls] == ["A001"] and calls[0]["service_name"] == "Hộ tịch"
    queue.act(q, first["id"], "recall", 1)
    queue.call_next(q, 2)
    later = queue_stats.calls_since(q, calls[-1]["hlc"])
    assert [(c["number"], c["counter"], c["recall"]) for c in later] == \
        [("A001", 1, True), ("C001", 2, False)]


def test_peek_matches_call_and_no_show_can_be_called_back(q):
    queue.issue_ticket(q, "A")
    queue.issue_ticket(q, "A", "NCT")
    assert queue.peek_next(q, 1) == "A002"
    assert queue.call_next(q, 1)["number"] == "A002"
    t = queue.call_next(q, 1)
    queue.act(q, t["id"], "no_show", 1)
    assert queue.call_number(q, 1, "A001")["status"] == "called"


def test_other_counters_cannot_act_on_a_held_ticket_and_targets_must_exist(q):
    queue.issue_ticket(q, "A")
    t = queue.call_next(q, 1)
    with pytest.raises(UserInputError, match="đang ở quầy 1"):
        queue.act(q, t["id"], "finish", 2)
    with pytest.raises(UserInputError, match="Không có quầy số 9"):
        queue.transfer(q, t["id"], to_counter=9)
    with pytest.raises(UserInputError, match="đã thuộc dịch vụ này"):
        queue.transfer(q, t["id"], to_service="A")


def test_a_service_can_be_switched_off(q):
    q.officer = None
    s = queue_config.update_service(q, "F", active=0)
    assert s["active"] == 0
    assert "F" not in [x["prefix"] for x in queue_config.list_services(q)]
