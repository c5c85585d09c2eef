"""Every figure of the dossier and queue reports on a generated office history
(tests/core/report_dataset.py), against answers computed here from the generated facts
with datetimes — not from the database and not with the report's code."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest

from counter_app.domain.clock import LOCAL_TZ, to_local
from counter_app.reports.measures import DOSSIER_COUNTS
from counter_app.reports.period import Period
from counter_app.services import citizen_forms_stats, reports
from counter_app.services.core import Core
from tests.core import report_dataset

PERIODS = [Period(date(2026, 1, 1), date(2026, 3, 31)),      # a quarter, across New Year
           Period(date(2026, 2, 1), date(2026, 2, 28)),      # a month
           Period(date(2025, 7, 1), date(2025, 12, 31))]     # a half year
CHANNELS = {1: "direct", 2: "online", 3: "post"}


@pytest.fixture(scope="module")
def office(tmp_path_factory, demo_template):
    import shutil
    folder = tmp_path_factory.mktemp("report-office")
    for name in ("db.sqlite", "config.json"):
        shutil.copy(demo_template / name, folder / name)
    core = Core.open(folder / "db.sqlite", folder / "config.json", system=True)
    history = report_dataset.build(core, folder)
    yield core, history
    core.close()


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), LOCAL_TZ)


SLIP_MEASURE = {"guidance": "guided", "refusal": "refused"}


def expected_dossiers(facts, slips, start: date, end: date, now: datetime) -> Counter:
    """The measures of docs/REPORTS.md, restated over the facts: dossiers (all of them
    received) and the counter's guidance and refusal slips."""
    lo, hi = local_midnight(start), local_midnight(end + timedelta(days=1))
    judged_at = min(hi, now)
    c = Counter({k: 0 for k in DOSSIER_COUNTS})

    def within(moment):
        return moment is not None and lo <= moment < hi

    for s in slips:
        c[SLIP_MEASURE[s.kind]] += within(s.issued_at)
        c["citizen_not_write_slips"] += within(s.issued_at) and s.citizen_not_write
    for f in facts:
        if f.received_at >= hi:
            continue
        new = f.received_at >= lo
        c["citizen_not_write"] += new and f.citizen_not_write
        finished = f.resolved_at or (f.closed[1] if f.closed else None)
        if new:
            c["received"] += 1
            c["received_" + CHANNELS[f.channel]] += 1
            c["digitised"] += f.digitised
        elif finished is None or finished >= lo:
            c["received"] += 1
            c["carried_over"] += 1
        if within(f.returned_at):
            c["returned"] += 1
            c["results_post"] += f.delivery == "post"
        c["apologies"] += within(f.apologized_at)
        if not (new or finished is None or finished >= lo):
            continue
        deadline = f.judged_due or f.due
        if f.resolved_at is not None and f.resolved_at < hi:
            c["resolved"] += 1
            c["results_online"] += f.delivery == "online"
            if f.supplements >= 2 or f.resolved_at > deadline:
                c["resolved_late"] += 1
            elif to_local(f.resolved_at).date() < to_local(deadline).date():
                c["resolved_early"] += 1
            else:
                c["resolved_on_time"] += 1
        elif f.closed is not None and f.closed[1] < hi:
            c[f.closed[0]] += 1
        else:
            c["in_progress"] += 1
            late = f.supplements >= 2 or (not f.waiting and deadline < judged_at)
            c["in_progress_overdue" if late else "in_progress_within"] += 1
    return c


def test_guidance_and_refusal_are_slips_not_dossiers(office):
    """Every guided or refused submission is a numbered slip; no dossier was made of
    it, and each dossier the report counts was received."""
    core, history = office
    numbers = {s.number for s in history.slips}
    assert len(numbers) == len(history.slips)
    assert all(n.endswith(("/HDHS", "/TCHS")) for n in numbers)
    stored = dict(core.conn.execute("SELECT number, kind FROM counter_slips").fetchall())
    assert stored == {s.number: s.kind for s in history.slips}
    assert core.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] == \
        len(history.dossiers)
    assert {r[0] for r in core.conn.execute("SELECT DISTINCT outcome FROM dossiers")} == \
        {"received"}


def group_of(f, by: str) -> str:
    return {"field": f.field, "procedure": f.procedure, "officer": f.officer,
            "channel": CHANNELS[f.channel]}[by]


def counts_only(measures: dict) -> dict:
    return {k: measures[k] for k in DOSSIER_COUNTS}


def test_the_history_covers_every_case(office):
    _, history = office
    facts = history.dossiers
    came_back = [f for f in facts if f.guided_at]
    assert history.visits == 400 == len(facts) - len(came_back) + len(history.slips)
    seen = Counter(s.kind for s in history.slips)
    seen["came back"] = len(came_back)
    seen["came back in another month"] = sum(
        (to_local(f.guided_at).year, to_local(f.guided_at).month) !=
        (to_local(f.received_at).year, to_local(f.received_at).month) for f in came_back)
    for f in facts:
        seen[f"channel {f.channel}"] += 1
        seen[f"supplements {f.supplements}"] += 1
        seen["waiting"] += f.waiting
        seen["apology"] += f.apologized_at is not None
        seen["resolved"] += f.resolved_at is not None
        seen["late"] += bool(f.resolved_at and f.resolved_at > (f.judged_due or f.due))
        seen["returned"] += f.returned_at is not None
        seen["closed " + (f.closed[0] if f.closed else "no")] += 1
        seen["digitised"] += f.digitised
        seen["cnw"] += f.citizen_not_write
    seen["cnw slip"] = sum(s.citizen_not_write for s in history.slips)
    for case in ("guidance", "refusal", "came back", "came back in another month",
                 "channel 1", "channel 2", "channel 3", "supplements 1", "supplements 2", "waiting", "apology",
                 "resolved", "late", "returned", "closed withdrawn", "closed stopped",
                 "digitised", "cnw", "cnw slip"):
        assert seen[case] >= 3, (case, seen)


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_every_dossier_figure_and_breakdown(office, period):
    core, history = office
    data = reports.build(core, "dossiers", period)
    now = history.now
    slips = history.slips
    totals = expected_dossiers(history.dossiers, slips, period.start, period.end, now)
    assert counts_only(data["totals"]) == dict(totals)
    previous = period.year_before()
    assert counts_only(data["previous_totals"]) == dict(
        expected_dossiers(history.dossiers, slips, previous.start, previous.end, now))
    # The balance of a period: every dossier received is resolved, closed or in progress.
    t = data["totals"]
    assert t["received"] == (t["resolved"] + t["in_progress"] + t["withdrawn"] + t["stopped"])
    assert t["resolved"] == t["resolved_early"] + t["resolved_on_time"] + t["resolved_late"]
    assert t["received"] > 0 and t["resolved_late"] > 0 and t["carried_over"] > 0
    assert t["guided"] > 0 and t["refused"] > 0
    resolved = totals["resolved"]
    assert t["on_time_rate"] == round(
        100 * (totals["resolved_early"] + totals["resolved_on_time"]) / resolved, 1)
    new = totals["received_online"] + totals["received_direct"] + totals["received_post"]
    assert t["online_share"] == round(100 * totals["received_online"] / new, 1)
    assert t["procedures"] == core.conn.execute(
        "SELECT count(*) FROM procedures WHERE active = 1").fetchone()[0]
    for by in ("field", "procedure", "officer", "channel"):
        rows = {r["key"]: r for r in data["breakdowns"][by]}
        keys = {group_of(f, by) for f in [*history.dossiers, *slips]}
        for key in keys:
            mine = [f for f in history.dossiers if group_of(f, by) == key]
            my_slips = [s for s in slips if group_of(s, by) == key]
            want = expected_dossiers(mine, my_slips, period.start, period.end, now)
            want_before = expected_dossiers(mine, my_slips, previous.start, previous.end, now)
            if not any(want.values()) and not any(want_before.values()):
                assert key not in rows
                continue
            assert counts_only(rows[key]) == dict(want), (by, key)
            assert counts_only(rows[key]["previous"]) == dict(want_before), (by, key)
        assert sum(r["received"] for r in rows.values()) == t["received"]
        assert sum(r["guided"] for r in rows.values()) == t["guided"]


def test_group_names_are_the_catalogue_and_officer_names(office):
    core, history = office
    data = reports.build(core, "dossiers", PERIODS[0])
    officers = {r["key"]: r["name"] for r in data["breakdowns"]["officer"]}
    assert officers == {k: history.officers[k] for k in officers}
    channels = {r["key"]: r["name"] for r in data["breakdowns"]["channel"]}
    assert channels == {"direct": "Trực tiếp", "online": "Trực tuyến",
                        "post": "Bưu chính công ích"}
    fields = {r["key"]: r["name"] for r in data["breakdowns"]["field"]}
    assert fields["HOTICH"] == "Hộ tịch"


def test_citizen_not_write_dossiers_agree_with_the_form_statistics(office):
    """With no form sets, the dossiers and the slips marked at intake are exactly the
    citizens ``counter-app form stats`` counts as served (a slip: served, no dossier)."""
    core, _ = office
    period = PERIODS[0]
    t = reports.build(core, "dossiers", period)["totals"]
    stats = citizen_forms_stats.served(core, period.start, period.end)
    assert t["citizen_not_write_slips"] > 0
    assert t["citizen_not_write"] + t["citizen_not_write_slips"] == stats["total"]["served"]
    assert t["citizen_not_write"] == stats["total"]["dossiers"]


def nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[math.ceil(p / 100 * len(ordered)) - 1] if ordered else None


def expected_queue(tickets, start: date, end: date, threshold: float = 15.0) -> dict:
    mine = [t for t in tickets if start <= to_local(t.issued_at).date() <= end]
    waits = [(t.called_at - t.issued_at).total_seconds() / 60 for t in mine if t.called_at]
    service = [(t.finished_at - t.started_at).total_seconds() / 60
               for t in mine if t.status == "done"]

    def one(x):
        return None if x is None else round(x, 1)
    return {
        "tickets": len(mine), "called": len(waits),
        "served": sum(t.status == "done" for t in mine),
        "no_shows": sum(t.status == "no_show" for t in mine), "cancelled": 0,
        "unfinished": sum(t.status in ("waiting", "called", "serving") for t in mine),
        "avg_wait_min": one(sum(waits) / len(waits)) if waits else None,
        "p90_wait_min": one(nearest_rank(waits, 90)),
        "max_wait_min": one(max(waits)) if waits else None,
        "avg_service_min": one(sum(service) / len(service)) if service else None,
        "p90_service_min": one(nearest_rank(service, 90)),
        "within_threshold_share": round(100 * sum(w <= threshold for w in waits) / len(waits),
                                        1) if waits else None,
    }


def test_every_queue_figure_and_breakdown(office):
    core, history = office
    period = Period(date(2026, 2, 1), date(2026, 2, 28))
    data = reports.build(core, "queue", period)
    tickets = history.tickets
    assert data["totals"] == expected_queue(tickets, period.start, period.end)
    assert data["previous_totals"] == expected_queue(tickets, date(2025, 2, 1),
                                                     date(2025, 2, 28))
    assert data["totals"]["no_shows"] > 0 and data["totals"]["unfinished"] > 0
    groups = {"counter": lambda t: "" if t.counter is None else str(t.counter),
              "officer": lambda t: t.officer or "", "service": lambda t: t.service,
              "hour": lambda t: f"{to_local(t.issued_at).hour:02d}"}
    for by, key_of in groups.items():
        rows = {r["key"]: r for r in data["breakdowns"][by]}
        for key in {key_of(t) for t in tickets}:
            mine = [t for t in tickets if key_of(t) == key]
            got = {k: v for k, v in rows[key].items() if k not in ("key", "name", "previous")}
            assert got == expected_queue(mine, period.start, period.end), (by, key)
            assert rows[key]["previous"] == expected_queue(mine, date(2025, 2, 1),
                                                           date(2025, 2, 28))
    assert {r["name"] for r in data["breakdowns"]["counter"]} == {
        "Quầy 1", "Quầy 2", "Quầy 3", "(chưa gọi)"}


def test_a_threshold_of_five_minutes_changes_only_the_share(office):
    core, history = office
    period = Period(date(2026, 2, 1), date(2026, 2, 28))
    data = reports.build(core, "queue", period, threshold_min=5)
    assert data["totals"] == expected_queue(history.tickets, period.start, period.end, 5)


def test_every_ratings_figure(office):
    core, history = office
    period = Period(date(2026, 2, 1), date(2026, 2, 28))
    data = reports.build(core, "ratings", period)
    satisfied = {"very_satisfied", "satisfied"}

    def expected(start, end, tickets):
        levels = Counter({k: 0 for k in ("very_satisfied", "satisfied", "neutral",
                                         "unsatisfied")})
        for t in tickets:
            if t.rating and start <= to_local(t.rating[1]).date() <= end:
                levels[t.rating[0]] += 1
        total = sum(levels.values())
        ok = sum(levels[k] for k in satisfied)
        return {"ratings": dict(levels), "ratings_total": total, "satisfied": ok,
                "satisfaction_rate": round(100 * ok / total, 1) if total else None}
    assert data["totals"] == expected(period.start, period.end, history.tickets)
    assert data["previous_totals"] == expected(date(2025, 2, 1), date(2025, 2, 28),
                                               history.tickets)
    assert data["totals"]["ratings_total"] > 10
    for row in data["breakdowns"]["officer"]:
        mine = [t for t in history.tickets if t.officer == row["key"]]
        assert {k: row[k] for k in ("ratings", "ratings_total", "satisfied",
                                    "satisfaction_rate")} == \
            expected(period.start, period.end, mine)
    dossier_report = reports.build(core, "dossiers", period)
    assert dossier_report["totals"]["ratings"] == data["totals"]["ratings"]


def test_the_text_block_of_the_period_says_the_figures(office):
    core, history = office
    period = PERIODS[0]
    data = reports.build(core, "dossiers", period)
    t = expected_dossiers(history.dossiers, history.slips, period.start, period.end,
                          history.now)
    before = expected_dossiers(history.dossiers, history.slips, date(2025, 1, 1),
                               date(2025, 3, 31), history.now)
    change = round(abs(t["received"] - before["received"]) * 100 / before["received"], 1)
    word = "tăng" if t["received"] > before["received"] else "giảm"
    on_time = round(100 * (t["resolved_early"] + t["resolved_on_time"]) / t["resolved"], 1)
    for phrase in (
            "Trong kỳ báo cáo (từ ngày 01/01/2026 đến ngày 31/03/2026), UBND PHƯỜNG MẪU "
            f"(DỮ LIỆU MẪU) đã tiếp nhận {t['received']} hồ sơ",
            f"từ kỳ trước chuyển sang {t['carried_over']} hồ sơ",
            f"tiếp nhận mới trực tuyến {t['received_online']} hồ sơ, trực tiếp "
            f"{t['received_direct']} hồ sơ",
            f"{word} {str(change).replace('.', ',')}% so với cùng kỳ năm trước "
            f"({before['received']} hồ sơ)",
            f"Đã giải quyết {t['resolved']} hồ sơ: trước hạn {t['resolved_early']}, đúng hạn "
            f"{t['resolved_on_time']}, quá hạn {t['resolved_late']}",
            f"tỷ lệ giải quyết đúng hạn {str(on_time).replace('.', ',')}%",
            f"Đã phát hành {t['apologies']} phiếu xin lỗi",
            f"hỗ trợ \u201cCông dân không viết\u201d {t['citizen_not_write']} hồ sơ và "
            f"{t['citizen_not_write_slips']} lượt hướng dẫn, từ chối tại quầy",
            f"hướng dẫn bổ sung tại quầy {t['guided']} lượt, từ chối tiếp nhận "
            f"{t['refused']} hồ sơ"):
        assert phrase in data["text"], phrase
