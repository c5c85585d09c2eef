"""``counter-app form sets|stats`` on a real demo database, as a script runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from counter_app.services import citizen_forms as cf
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from tests.core.test_citizen_forms import BIRTH

pytestmark = pytest.mark.slow


def run(demo_paths, *args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    db, cfg = demo_paths
    return subprocess.run([sys.executable, "-m", "counter_app", "--db", str(db), "--config",
                           str(cfg), "--user", "admin", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


@pytest.fixture
def with_set(demo_paths):
    with Core.open(*demo_paths, system=True) as core:
        draft = cf.start(core, "DEMO-HT-01", Applicant(full_name="Nguyễn Thị Mai",
                                                        id_number="001199012345"))
        draft.forms["to-khai-khai-sinh"].update(BIRTH)
        s = cf.complete(core, draft)
    return s


def test_sets_lists_the_completed_sets_waiting_for_intake(demo_paths, with_set):
    r = run(demo_paths, "form", "sets", "--search", "nguyen thi", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [(x["id"], x["applicant_name"], x["form_count"]) for x in rows] == \
        [(with_set["id"], "Nguyễn Thị Mai", 1)]
    r = run(demo_paths, "form", "sets")
    assert "Nguyễn Thị Mai" in r.stdout and "Đăng ký khai sinh" in r.stdout


def test_stats_counts_per_month_and_field_and_rejects_bad_groups(demo_paths, with_set):
    day = with_set["completed_at"][:10]
    r = run(demo_paths, "form", "stats", "--from", "2020-01-01", "--to", "2099-12-31",
            "--by", "field,officer", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["total"] == {"served": 1, "forms": 1, "dossiers": 0}
    assert report["rows"][0]["field_name"] == "Hộ tịch"
    assert report["rows"][0]["officer_name"] == "Hệ thống (dòng lệnh)"
    r = run(demo_paths, "form", "stats", "--from", day, "--to", "2020-01-01")
    assert r.returncode == 2 and "Ngày kết thúc" in r.stderr and "Traceback" not in r.stderr
    r = run(demo_paths, "form", "stats", "--from", day, "--to", day, "--by", "tinh")
    assert r.returncode == 2 and "officer, field, month" in r.stderr
