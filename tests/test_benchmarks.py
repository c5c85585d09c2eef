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
