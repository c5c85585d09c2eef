"""Reports across offices (issue 14 item 6) on the real server and PostgreSQL.

Three offices do real work (a generated history through the real services, each its
own seed) and sync to the real server; the cross-office reports computed on the
server's read models must then give, figure by figure: for counts, the sum of the
three offices' own reports computed locally by the office app; for rates, the rate
of the summed counts; for averages, percentiles and shares of the queue, the values
over the three offices' tickets pooled (computed here from the SQLite tables, not by
the report code).
"""

from __future__ import annotations

import math
from datetime import date, datetime

import psycopg
import pytest

from counter_app.reports.measures import DOSSIER_COUNTS, DOSSIER_RATES, rate
from counter_app.reports.period import Period
from counter_app.services import reports
from sync_server.reports import build
from tests.sync_server.pg import cli, cli_json
from tests.sync_server.reports_offices import synced_office

QUARTER = Period(date(2026, 1, 1), date(2026, 3, 31))
YEAR_2025 = Period(date(2025, 1, 1), date(2025, 12, 31))
FEBRUARY = Period(date(2026, 2, 1), date(2026, 2, 28))          # the queue days
QUEUE_COUNTS = ("tickets", "called", "served", "no_shows", "cancelled", "unfinished")


@pytest.fixture(scope="module")
def offices(tmp_path_factory, dsn, server):
    made = [synced_office(tmp_path_factory.mktemp(f"office{i}"), dsn, server.url, code,
                          name, visits, seed)
            for i, (code, name, visits, seed) in enumerate(
                [("RPT-A", "Phường An Khánh", 110, 11), ("RPT-B", "Phường Bình Minh", 90, 22),
                 ("RPT-C", "Xã Cát Tiên", 70, 33)])]
    yield made
    for office in made:
        office.core.close()


@pytest.fixture
def pg(dsn):
    with psycopg.connect(dsn, autocommit=True) as conn:
        yield conn


def local(offices, kind: str, period: Period) -> list[dict]:
    """Each office's own report, as ``counter-app report`` computes it on its PC."""
    return [reports.build(o.core, kind, period) for o in offices]


def summed(figures: list[dict], keys) -> dict:
    return {k: sum(f[k] for f in figures) for k in keys}


def rates_of(counts: dict) -> dict:
    return {k: rate(counts, part, base) for k, (_, part, base) in DOSSIER_RATES.items()}


def rows_by_key(data: dict, by: str) -> dict[str, dict]:
    return {r["key"]: r for r in data["breakdowns"][by]}


@pytest.mark.parametrize("period", [QUARTER, YEAR_2025], ids=["2026Q1", "2025"])
def test_dossier_figures_are_the_sums_of_the_offices_reports(offices, pg, period):
    codes = [o.code for o in offices]
    mine = local(offices, "dossiers", period)
    ratings_mine = local(offices, "ratings", period)
    theirs = build.build(pg, "dossiers", period, codes)
    for key_set in ("totals", "previous_totals"):
        counts = summed([m[key_set] for m in mine], DOSSIER_COUNTS)
        assert {k: theirs[key_set][k] for k in DOSSIER_COUNTS} == counts
        assert {k: theirs[key_set][k] for k in DOSSIER_RATES} == rates_of(counts)
    assert theirs["totals"]["procedures"] == sum(m["totals"]["procedures"] for m in mine)
    assert theirs["totals"]["received"] > 40 and theirs["totals"]["resolved_late"] > 0
    # Ratings: by level summed; the satisfaction rate of the pooled ratings.
    levels = theirs["totals"]["ratings"]
    assert levels == {lv: sum(m["totals"]["ratings"].get(lv, 0) for m in mine) for lv in levels}
    total = sum(r["totals"]["ratings_total"] for r in ratings_mine)
    satisfied = sum(r["totals"]["satisfied"] for r in ratings_mine)
    assert theirs["totals"]["satisfaction_rate"] == \
        (round(100 * satisfied / total, 1) if total else None)
    # National codes (field, procedure) and channels: rows summed over the offices.
    for by in ("field", "procedure", "channel"):
        keys = set().union(*(rows_by_key(m, by) for m in mine))
        assert set(rows_by_key(theirs, by)) == keys
        for key, row in rows_by_key(theirs, by).items():
            parts = [rows_by_key(m, by)[key] for m in mine if key in rows_by_key(m, by)]
            counts = summed(parts, DOSSIER_COUNTS)
            assert {k: row[k] for k in DOSSIER_COUNTS} == counts, (by, key)
            assert {k: row[k] for k in DOSSIER_RATES} == rates_of(counts), (by, key)
            assert {k: row["previous"][k] for k in DOSSIER_COUNTS} == \
                summed([p["previous"] for p in parts], DOSSIER_COUNTS)
    # An officer belongs to one office; each office's row is that office's totals.
    officers = rows_by_key(theirs, "officer")
    by_office = rows_by_key(theirs, "office")
    for office, report in zip(offices, mine):
        for key, row in rows_by_key(report, "officer").items():
            assert officers[f"{office.code}/{key}"] | {"key": key, "name": row["name"]} == row
            assert officers[f"{office.code}/{key}"]["name"].endswith(office.name)
        own = {k: v for k, v in report["totals"].items()
               if k not in ("procedures", "ratings", "satisfaction_rate")}
        assert {k: by_office[office.code][k] for k in own} == own
        assert by_office[office.code]["name"] == office.name


def _pooled_waits(offices, period: Period) -> tuple[list[float], list[float]]:
    """Waits and service times of every office's tickets of the period, read straight
    from the offices' SQLite tables."""
    def minutes(a: str, b: str) -> float:
        return (datetime.fromisoformat(b.replace("Z", "+00:00"))
                - datetime.fromisoformat(a.replace("Z", "+00:00"))).total_seconds() / 60
    waits, services = [], []
    for o in offices:
        for t in o.core.conn.execute(
                "SELECT * FROM tickets WHERE day BETWEEN ? AND ?",
                (period.start.isoformat(), period.end.isoformat())):
            if t["first_called_at"]:
                waits.append(minutes(t["issued_at"], t["first_called_at"]))
            if t["status"] == "done":
                services.append(minutes(t["started_at"] or t["called_at"], t["finished_at"]))
    return waits, services


def test_queue_averages_and_percentiles_are_of_the_pooled_tickets(offices, pg):
    mine = local(offices, "queue", FEBRUARY)
    theirs = build.build(pg, "queue", FEBRUARY, [o.code for o in offices])
    t = theirs["totals"]
    assert {k: t[k] for k in QUEUE_COUNTS} == summed([m["totals"] for m in mine], QUEUE_COUNTS)
    waits, services = _pooled_waits(offices, FEBRUARY)
    assert len(waits) == t["called"] > 30
    ranked = sorted(waits)
    assert t["avg_wait_min"] == round(sum(waits) / len(waits), 1)
    assert t["p90_wait_min"] == round(ranked[math.ceil(0.9 * len(ranked)) - 1], 1)
    assert t["max_wait_min"] == round(max(waits), 1)
    assert t["within_threshold_share"] == round(100 * sum(w <= 15 for w in waits) / len(waits), 1)
    assert t["avg_service_min"] == round(sum(services) / len(services), 1)
    ranked = sorted(services)
    assert t["p90_service_min"] == round(ranked[math.ceil(0.9 * len(ranked)) - 1], 1)
    # Counters are physical: each office's counter row is that office's own.
    counters = rows_by_key(theirs, "counter")
    for office, report in zip(offices, mine):
        for key, row in rows_by_key(report, "counter").items():
            if key:                           # "" = never called, pooled over offices
                assert counters[f"{office.code}/{key}"] | {"key": key, "name": row["name"]} \
                    == row
    # Hours of the day pool every office's tickets of that hour.
    for key, row in rows_by_key(theirs, "hour").items():
        parts = [rows_by_key(m, "hour").get(key) for m in mine]
        assert row["tickets"] == sum(p["tickets"] for p in parts if p)
    assert {r["key"] for r in theirs["breakdowns"]["office"]} == {o.code for o in offices}


def test_rating_figures_add_up_and_the_rate_is_pooled(offices, pg):
    mine = local(offices, "ratings", FEBRUARY)
    theirs = build.build(pg, "ratings", FEBRUARY, [o.code for o in offices])
    t = theirs["totals"]
    assert t["ratings_total"] == sum(m["totals"]["ratings_total"] for m in mine) > 20
    assert t["satisfied"] == sum(m["totals"]["satisfied"] for m in mine)
    assert t["ratings"] == {lv: sum(m["totals"]["ratings"][lv] for m in mine)
                            for lv in mine[0]["levels"]}
    assert t["satisfaction_rate"] == round(100 * t["satisfied"] / t["ratings_total"], 1)
    for office, report in zip(offices, mine):
        row = rows_by_key(theirs, "office")[office.code]
        assert {k: row[k] for k in report["totals"]} == report["totals"]
    assert theirs["previous_totals"]["ratings_total"] == \
        sum(m["previous_totals"]["ratings_total"] for m in mine)


def test_the_cli_prints_the_same_figures_and_writes_files(offices, dsn, pg, tmp_path):
    codes = ",".join(o.code for o in offices[:2])
    shown = cli_json(dsn, "report", "dossiers", "--offices", codes, "--from", "2026-01-01",
                     "--to", "2026-03-31", "--by", "office")
    direct = build.build(pg, "dossiers", QUARTER, [o.code for o in offices[:2]])
    assert shown["totals"] == direct["totals"] and shown["rows"] == direct["breakdowns"]["office"]
    assert [o["code"] for o in shown["offices"]] == [o.code for o in offices[:2]]
    assert "Phường An Khánh, Phường Bình Minh đã tiếp nhận" in shown["text"]
    everything = cli_json(dsn, "report", "queue", "--all", "--from", "2026-02-01",
                          "--to", "2026-02-28")
    assert {o.code for o in offices} <= {o["code"] for o in everything["offices"]}
    out = tmp_path / "tinh.xlsx"
    code, _, err = cli("--dsn", dsn, "report", "dossiers", "--offices", codes, "--from",
                       "2026-01-01", "--to", "2026-03-31", "--format", "xlsx", "--out", str(out))
    assert code == 0, err
    from openpyxl import load_workbook
    book = load_workbook(out)
    assert "Đơn vị" in book.sheetnames
    sheet = book["Đơn vị"]
    names = [c.value for c in sheet["B"] if c.value]
    assert "Phường An Khánh" in names and "Phường Bình Minh" in names


def test_the_cli_refuses_bad_requests_in_vietnamese(offices, dsn):
    code, _, err = cli("--dsn", dsn, "report", "dossiers", "--offices", "KHONG-CO",
                       "--from", "2026-01-01", "--to", "2026-03-31")
    assert code == 2 and "Không có đơn vị KHONG-CO" in err
    code, _, err = cli("--dsn", dsn, "report", "dossiers", "--all", "--from", "2026-13-01",
                       "--to", "2026-03-31")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = cli("--dsn", dsn, "report", "dossiers", "--all", "--from", "2026-01-01",
                       "--to", "2026-03-31", "--format", "pdf")
    assert code == 2 and "--out" in err


@pytest.mark.parametrize("kind", ["dossiers", "queue", "ratings"])
def test_several_connections_read_the_same_snapshot_and_give_the_same_report(
        offices, dsn, pg, kind):
    """``--workers``: the offices are read by two connections in the snapshot the first
    exports; the report is identical to the one read by one connection."""
    codes = [o.code for o in offices]
    one = build.build(pg, kind, FEBRUARY, codes)
    two = build.build(pg, kind, FEBRUARY, codes, workers=2,
                      connect=lambda: psycopg.connect(dsn, autocommit=True))
    assert two == one
    shown = cli_json(dsn, "report", kind, "--offices", ",".join(codes), "--from", "2026-02-01",
                     "--to", "2026-02-28", "--workers", "3")
    assert shown["totals"] == one["totals"]
