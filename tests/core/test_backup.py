"""Backups with the online API and verified restores, on real files.

The write storm: a child process receives dossiers without pause and prints each
dossier's code once its transaction has committed (acknowledged); meanwhile
backups are taken with the online backup API, each restored into its own place
and checked: integrity, every hash chain, and every dossier acknowledged before the
backup started is in it.
"""

from __future__ import annotations

import hashlib
import os
import queue as queue_mod
import shutil
import stat
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from counter_app import daily_backup, restore
from counter_app.cli import main
from counter_app.config import BackupConfig
from db import backup
from db.check import check
from db.connection import connect
from db.lock import AppLock

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys
from pathlib import Path
from counter_app.services.core import Core
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest, receive
with Core.open(Path(sys.argv[1]), Path(sys.argv[2]), system=True) as core:
    i = 0
    while True:
        d = receive(core, IntakeRequest("DEMO-HT-05", Applicant(
            full_name=f"Nguyễn Văn Bão {i}", id_number=f"00109{i:07d}")))
        print(d["code"], flush=True)
        i += 1
"""


class Writer:
    """The child process and the codes it has acknowledged so far."""

    def __init__(self, db: Path, cfg: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(cfg)],
                                     cwd=ROOT, stdout=subprocess.PIPE, text=True,
                                     encoding="utf-8")
        self.acked: list[str] = []
        self._lines: queue_mod.Queue = queue_mod.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line.strip())

    def wait_for(self, more: int) -> list[str]:
        """Block until ``more`` further codes are acknowledged; the codes so far."""
        target = len(self.acked) + more
        while len(self.acked) < target:
            try:
                self.acked.append(self._lines.get(timeout=1))
            except queue_mod.Empty:
                assert self.proc.poll() is None, "the writing process ended"
        while not self._lines.empty():
            self.acked.append(self._lines.get_nowait())
        return list(self.acked)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def _paths(demo_template: Path, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("db.sqlite", "config.json"):
        shutil.copy(demo_template / name, folder / name)
    return folder / "db.sqlite", folder / "config.json"


def _codes(db: Path) -> set[str]:
    conn = connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT code FROM dossiers")}
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backups_taken_in_a_write_storm_restore_every_acknowledged_dossier(demo_template,
                                                                           tmp_path):
    db, cfg = _paths(demo_template, tmp_path / "live")
    writer = Writer(db, cfg)
    taken: list[tuple[Path, list[str]]] = []
    try:
        writer.wait_for(5)
        for n in range(4):
            acked = writer.wait_for(8)        # acknowledged before this backup starts
            conn = connect(db)
            try:
                path = backup.take(conn, tmp_path / f"storm-{n}.sqlite")
            finally:
                conn.close()
            taken.append((path, acked))
        acked = writer.wait_for(8)            # and one through the command line
        out = tmp_path / "storm-cli.sqlite"
        done = subprocess.run([sys.executable, "-m", "counter_app", "--db", str(db), "--config",
                               str(cfg), "--user", "admin", "backup", "--out", str(out)],
                              cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                              timeout=120)
        assert done.returncode == 0, done.stderr
        taken.append((out, acked))
        writer.wait_for(3)                    # still writing after the last backup
    finally:
        writer.stop()
    assert len(writer.acked) > len(taken[-1][1])
    for n, (path, acked) in enumerate(taken):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        target, target_cfg = _paths(demo_template, tmp_path / f"restored-{n}")
        result = restore.restore(target, target_cfg, path)
        assert result.kept is not None and result.kept.exists()
        conn = connect(target)
        try:
            report = check(conn, target)
        finally:
            conn.close()
        assert report["ok"], report["problems"]
        assert report["chain"]["ok"] and report["integrity"] == "ok"
        missing = set(acked) - _codes(target)
        assert not missing, f"backup {n} lost acknowledged dossiers {sorted(missing)[:5]}"


@pytest.mark.parametrize("damage", ["truncated", "garbage", "flipped"])
def test_a_damaged_backup_is_refused_in_vietnamese_and_nothing_is_replaced(
        demo_template, tmp_path, damage):
    db, cfg = _paths(demo_template, tmp_path / "live")
    conn = connect(db)
    good = backup.take(conn, tmp_path / "good.sqlite")
    conn.close()
    data = good.read_bytes()
    bad = tmp_path / "bad.sqlite"
    if damage == "truncated":
        bad.write_bytes(data[: len(data) // 3])
    elif damage == "garbage":
        bad.write_bytes(b"not a database at all" * 100)
    else:       # one byte changed inside an event's payload: the chain notices
        conn = connect(good)
        conn.execute("UPDATE events SET payload = replace(payload, 'Văn', 'Van') "
                     "WHERE pos = (SELECT min(pos) FROM events WHERE payload LIKE '%Văn%')")
        conn.close()
        shutil.copy(good, bad)
    before = _digest(db)
    with pytest.raises(restore.BackupRefused) as refused:
        restore.restore(db, cfg, bad)
    message = str(refused.value)
    assert "không dùng được" in message and "Không có gì bị thay thế" in message
    assert _digest(db) == before
    assert not list(db.parent.glob("*.replaced-*")) and not list(db.parent.glob("*.restoring*"))


def test_restore_refuses_while_the_app_holds_the_database(demo_template, tmp_path):
    db, cfg = _paths(demo_template, tmp_path / "live")
    conn = connect(db)
    good = backup.take(conn, tmp_path / "good.sqlite")
    conn.close()
    app = AppLock(db)
    assert app.acquire(exclusive=False)
    try:
        before = _digest(db)
        with pytest.raises(restore.AppRunningError) as refused:
            restore.restore(db, cfg, good)
        assert "đang mở" in str(refused.value) and "Chưa có gì bị thay thế" in str(refused.value)
        assert _digest(db) == before
    finally:
        app.release()
    assert restore.restore(db, cfg, good).kept is not None


def test_restore_by_the_command_line_keeps_the_replaced_database(demo_template, tmp_path,
                                                                 capsys):
    db, cfg = _paths(demo_template, tmp_path / "live")
    paths = ["--db", str(db), "--config", str(cfg)]
    assert main([*paths, "--user", "admin", "backup", "--out", str(tmp_path / "b.sqlite")]) == 0
    assert main([*paths, "--user", "admin", "restore", str(tmp_path / "b.sqlite")]) == 0
    out = capsys.readouterr().out
    assert "Đã khôi phục" in out and "được giữ lại" in out
    kept = list(db.parent.glob("db.replaced-*.sqlite"))
    assert len(kept) == 1 and stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    # A database SQLite cannot read: restored without a login, the broken file kept.
    db.write_bytes(b"hong" * 1000)
    assert main([*paths, "restore", str(tmp_path / "b.sqlite")]) == 0
    assert len(list(db.parent.glob("db.replaced-*.sqlite"))) == 2
    conn = connect(db)
    assert check(conn, db)["ok"]
    conn.close()


def test_daily_backups_keep_their_days_and_warn_when_the_usb_disk_is_missing(demo_template,
                                                                            tmp_path):
    db, _cfg = _paths(demo_template, tmp_path / "live")
    usb = tmp_path / "usb"
    cfg = BackupConfig(folder=str(tmp_path / "sao-luu"), keep_days=3, second_folder=str(usb))
    conn = connect(db)
    day = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)
    first = daily_backup.run_daily(conn, db, cfg, day)
    assert first.path is not None and first.copy is None
    assert any("Không thấy thư mục sao lưu thứ hai" in w and "ổ USB" in w
               for w in first.warnings)
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(first.path.parent.stat().st_mode) == 0o700
    assert daily_backup.run_daily(conn, db, cfg, day + timedelta(hours=3)).path is None
    usb.mkdir()
    by_hand = Path(cfg.folder) / "truoc-khi-nang-cap.sqlite"
    shutil.copy(first.path, by_hand)
    for n in range(1, 6):
        result = daily_backup.run_daily(conn, db, cfg, day + timedelta(days=n))
        assert result.copy is not None and not result.warnings
        assert stat.S_IMODE(result.copy.stat().st_mode) == 0o600
    conn.close()
    kept = [p.name for _, p in daily_backup.backups_in(Path(cfg.folder), db)]
    assert kept == ["db-20261203-090000.sqlite", "db-20261204-090000.sqlite",
                    "db-20261205-090000.sqlite", "db-20261206-090000.sqlite"]
    assert [p.name for _, p in daily_backup.backups_in(usb, db)] == kept
    assert by_hand.exists()
    assert backup.verify(Path(cfg.folder) / kept[-1]).ok


def test_the_daily_backup_thread_writes_todays_backup_on_its_own_connection(demo_template,
                                                                           tmp_path):
    db, cfg = _paths(demo_template, tmp_path / "live")
    done = threading.Event()
    results = []
    worker = daily_backup.DailyBackups(db, cfg, check_s=3600,
                                       on_result=lambda r: (results.append(r), done.set()))
    worker.start()
    try:
        assert done.wait(60)
    finally:
        worker.stop()
    assert results[0].path is not None and results[0].path.parent == db.parent / "backups"
    assert backup.verify(results[0].path).ok
    assert daily_backup.load_status(db)["path"] == str(results[0].path)
    assert not worker._thread.is_alive()
    assert os.listdir(db.parent / "backups") == [results[0].path.name]
