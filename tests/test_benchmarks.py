"""The benchmarks keep running (on a tiny data set); timings are not asserted."""

import json

from benchmarks import commit


def test_commit_benchmark_runs_and_reports(tmp_path, capsys):
    commit.run(size=300, runs=5, as_json=True, data_dir=tmp_path)
    out = json.loads(capsys.readouterr().out)
    assert out["events_in_store"] >= 300
    assert [t["runs"] for t in out["timings"]] == [5, 5]
    assert out["ratio_p95"] > 0


def test_dossier_benchmark_runs_and_reports(tmp_path, capsys):
    from benchmarks import dossiers
    dossiers.run(size=500, runs=3, as_json=True, data_dir=tmp_path)
    out = json.loads(capsys.readouterr().out)
    assert out["dossiers_in_store"] >= 500
    assert [t["runs"] for t in out["timings"]] == [3, 3, 3]


def _postgres_or_skip():
    import psycopg
    import pytest
    from benchmarks.sync import ADMIN_DSN
    try:
        psycopg.connect(ADMIN_DSN, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL answers at {ADMIN_DSN}: {str(exc).strip()[:120]}")


def _sync_databases() -> set[str]:
    import psycopg
    from benchmarks.sync import ADMIN_DSN
    with psycopg.connect(ADMIN_DSN) as conn:
        return {r[0] for r in conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'counter_sync_bench_%'")}


def test_sync_benchmark_pushes_and_pulls_every_event_once(tmp_path, capsys):
    """Through the real server and PostgreSQL: 1,050 real client events from 3 devices in
    two offices (batches of 500, so a partial batch too); every puller gets its office's
    events exactly once, and the benchmark's database is dropped afterwards."""
    from benchmarks import sync
    _postgres_or_skip()
    before = _sync_databases()
    sync.run(size=1050, runs=1, as_json=True, data_dir=tmp_path, devices=3, per_office=2)
    out = json.loads(capsys.readouterr().out)
    assert out["benchmark"] == "sync"
    assert out["events_pushed"] == 1050 and out["offices"] == 2 and out["pullers"] == 3
    # Office 1 has 2 devices × 350 events, pulled by both; office 2 one device, pulled by it.
    assert out["events_delivered_by_pull"] == 2 * 700 + 350
    assert out["every_event_pulled_once"] is True
    for key in ("push_events_per_s", "pull_events_per_s", "push_pull_events_per_s",
                "copy_rows_per_s", "copy_to_push_pull_ratio", "wire_bytes_per_event",
                "stored_bytes_per_event", "idle_polls_per_s"):
        assert out[key] > 0, key
    assert out["budget_events_per_s"] == 3000
    assert out["idle_polls"] == 3 * 50
    assert [t["runs"] for t in out["timings"]] == [3, 3]   # 350 events: one batch, one page
    assert _sync_databases() == before


def test_sync_benchmark_single_device_is_pulled_by_another(tmp_path, capsys):
    from benchmarks import sync
    _postgres_or_skip()
    sync.run(size=1000, runs=1, as_json=True, data_dir=tmp_path)
    out = json.loads(capsys.readouterr().out)
    assert (out["events_pushed"], out["pullers"], out["events_delivered_by_pull"]) == \
        (1000, 1, 1000)
    assert [t["runs"] for t in out["timings"]] == [2, 1]


def test_reports_benchmark_runs_and_reports(tmp_path, capsys):
    from benchmarks import reports
    reports.run(size=400, runs=2, as_json=True, data_dir=tmp_path)
    out = json.loads(capsys.readouterr().out)
    assert out["dossiers_in_store"] == 800
    assert 300 <= out["new_dossiers_in_year"] <= 400
    assert [t["runs"] for t in out["timings"]] == [2, 2, 1, 1]
    assert (tmp_path / "report-bench.pdf").stat().st_size > 0


def test_reports_offices_benchmark_runs_on_a_tiny_data_set(tmp_path, capsys):
    """A tiny run (3 offices, 300 dossiers a year): the data is written into real read
    models, the report covers every office, and the database is dropped afterwards."""
    from benchmarks import reports_offices
    _postgres_or_skip()
    before = _sync_databases()
    reports_offices.run(size=300, runs=2, as_json=True, data_dir=tmp_path, offices=3)
    out = json.loads(capsys.readouterr().out)
    assert out["benchmark"] == "reports-offices" and out["offices"] == 3
    assert out["dossiers_in_store"] == 600
    assert 250 <= out["new_dossiers_in_year"] <= 300
    assert out["breakdown_rows"]["office"] == 3 and out["breakdown_rows"]["channel"] == 3
    # (a PostgreSQL on another machine has no /proc here: no CPU line of its own)
    assert [t["runs"] for t in out["timings"]] in ([2, 2, 2, 2, 1, 1], [2, 2, 2, 1, 1])
    assert _sync_databases() == before


def test_office_benchmark_sees_every_call_on_the_board(tmp_path, capsys):
    """Through the real server, hub and a board PC's own sync worker: every call of ten
    counters reaches the board's database once (the run fails otherwise)."""
    from benchmarks import office
    _postgres_or_skip()
    before = _sync_databases()
    office.run(size=12, runs=1, as_json=True, data_dir=tmp_path)
    out = json.loads(capsys.readouterr().out)
    assert out["benchmark"] == "office" and out["calls"] == 12 and out["counters"] == 10
    assert out["every_call_seen_once"] is True
    assert out["call_to_board_p95_ms"] >= out["call_to_board_p50_ms"] > 0
    assert _sync_databases() == before
