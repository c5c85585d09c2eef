"""benchmarks/ticket.py keeps running (few runs); timings are not asserted."""

import json

from benchmarks import ticket


def test_ticket_benchmark_runs_and_reports(tmp_path, capsys):
    ticket.run(size=5, runs=3, as_json=True, data_dir=tmp_path)
    out = json.loads(capsys.readouterr().out)
    assert out["benchmark"] == "ticket" and out["budget_p95_ms"] == 150.0
    assert [t["runs"] for t in out["timings"]] == [3] * 6
    assert set(out["ticket_bytes"]) == {"576", "384"}
