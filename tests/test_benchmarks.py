"""The benchmarks keep running (on a tiny data set); timings are not asserted."""

import json

from benchmarks import commit


def test_commit_benchmark_runs_and_reports(tmp_path, capsys):
    commit.run(size=300, runs=5, as_json=True, data_dir=tmp_path)
    out = json.loads(capsys.readouterr().out)
    assert out["events_in_store"] >= 300
    assert [t["runs"] for t in out["timings"]] == [5, 5]
    assert out["ratio_p95"] > 0
