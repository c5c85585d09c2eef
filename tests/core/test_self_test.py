"""``counter-app self-test``: every check really done, in a temporary office; the office's
own database is looked at, never opened or changed."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app import self_test
from counter_app.cli import main

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ["Múi giờ", "Phông chữ phiếu số thứ tự", "Phông chữ biểu mẫu",
          "Mẫu tờ khai, bộ mẫu một cửa", "Cơ sở dữ liệu (thử, thư mục tạm)",
          "In phiếu số thứ tự (ESC/POS ra tệp)", "Giấy tiếp nhận mẫu 01 (PDF)",
          "Dữ liệu của văn phòng"]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def test_every_check_passes_and_the_office_is_left_as_it_was(demo_paths, capsys):
    db, config = demo_paths
    before = _digest(db.parent)
    assert main(["--db", str(db), "--config", str(config), "self-test", "--no-qt",
                 "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["frozen"] is False
    assert [c["name"] for c in report["checks"]] == CHECKS
    details = {c["name"]: c["detail"] for c in report["checks"]}
    assert "Be Vietnam Pro" in details["Phông chữ phiếu số thứ tự"]
    assert "byte ESC/POS" in details["In phiếu số thứ tự (ESC/POS ra tệp)"]
    assert "1 trang" in details["Giấy tiếp nhận mẫu 01 (PDF)"]
    assert details["Dữ liệu của văn phòng"].startswith(f"{db}: có")
    # Logs may have been added beside the --db; the office's files are byte for byte the same.
    after = _digest(db.parent)
    assert {k: after[k] for k in before} == before
    assert not [n for n in after if n not in before and not n.startswith("logs")]


def test_a_file_that_is_not_a_database_fails_its_check_in_vietnamese(tmp_path, capsys):
    foreign = tmp_path / "counter.sqlite"
    foreign.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    assert main(["--db", str(foreign), "self-test", "--no-qt"]) == 1
    out = capsys.readouterr().out
    assert "[LỖI] Dữ liệu của văn phòng: NotADatabaseError: Tệp" in out
    assert "Kết quả: 1 mục lỗi" in out and "hãy cài lại" in out
    assert foreign.read_text(encoding="utf-8") == "không phải cơ sở dữ liệu"


def test_a_probe_that_raises_is_a_failed_check_and_the_rest_still_run():
    def broken() -> str:
        raise FileNotFoundError("thiếu tệp capabilities.json")
    check = self_test.run_check("In phiếu", broken)
    assert check == self_test.Check("In phiếu", False,
                                    "FileNotFoundError: thiếu tệp capabilities.json")


@pytest.mark.slow
def test_the_command_runs_headless_with_qt_as_the_bundle_does(tmp_path):
    """As CI runs it inside the bundle: a process of its own, Qt offscreen."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-m", "counter_app", "--db",
                        str(tmp_path / "counter.sqlite"), "self-test"],
                       capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT,
                       timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "[đạt] Giao diện Qt: PySide6" in r.stdout and "mở được ứng dụng (offscreen" in r.stdout
    assert "Kết quả: đạt cả 9 mục." in r.stdout
    assert not (tmp_path / "counter.sqlite").exists()
