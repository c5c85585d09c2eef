"""Database and environment failures seen from the command line, caused for real:
a Vietnamese message, the documented exit code, never a traceback."""

import os
import shutil
import sqlite3
import stat
import subprocess
import sys

import pytest

from tests.core.test_cli import run


def refused(r, code: int = 2) -> str:
    assert r.returncode == code, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and r.stdout == ""
    return r.stderr


@pytest.fixture
def read_only():
    """Make a file or folder unwritable in a way that holds for root too
    (``chattr +i``), else by permissions; skip when neither holds."""
    made = []

    def make(path):
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
            made.append(("chattr", path))
            return
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        made.append(("chmod", path, mode))
        if os.access(path, os.W_OK):
            pytest.skip("running as root without chattr: permissions are not enforced")
    yield make
    for entry in reversed(made):
        if entry[0] == "chattr":
            subprocess.run(["chattr", "-i", str(entry[1])], check=True)
        else:
            entry[1].chmod(entry[2])


def add_officer(db, config, *extra):
    return run("--db", db, "--config", config, "--user", "admin", "officer", "add", "moi",
               "--name", "Cán bộ Mới", "--role", "counter", "--password", "mat-khau-123", *extra)


def test_an_empty_db_path_exit_2(tmp_path):
    for option in ("--db", "--config"):
        err = refused(run(option, "", "officer", "list", cwd=tmp_path))
        assert f"Đường dẫn sau {option} đang trống" in err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_db_exit_2(tmp_path):
    err = refused(run("--db", tmp_path, "officer", "list"))
    assert "là một thư mục, không phải tệp dữ liệu" in err
    assert list(tmp_path.iterdir()) == []


def test_a_database_locked_by_another_writer_exit_3(demo_paths):
    db, config = demo_paths
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        err = refused(add_officer(db, config), code=3)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "đang bị một chương trình khác giữ để ghi" in err
    assert add_officer(db, config).returncode == 0


def test_a_read_only_database_file_exit_2(demo_paths, read_only):
    db, config = demo_paths
    read_only(db)
    err = refused(add_officer(db, config))
    assert f"Tệp dữ liệu {db} chỉ cho phép đọc" in err


def test_a_read_only_folder_exit_2_and_the_log_folder_is_a_warning(demo_paths, read_only):
    db, config = demo_paths
    read_only(db.parent)
    err = refused(add_officer(db, config))
    assert f"Cảnh báo: Không ghi được nhật ký vào thư mục {db.parent / 'logs'}" in err
    assert f"Thư mục {db.parent} chứa tệp dữ liệu không cho phép ghi" in err


def test_an_unwritable_log_folder_is_a_warning_and_the_command_runs(demo_paths, read_only):
    db, config = demo_paths
    (db.parent / "logs").mkdir()
    read_only(db.parent / "logs")
    r = run("--db", db, "--config", config, "--user", "admin", "officer", "list", "--json")
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "Không ghi được nhật ký vào thư mục" in r.stderr and "không có quyền ghi" in r.stderr
    assert '"officers"' in r.stdout


@pytest.fixture
def small_disk(tmp_path):
    """A real 4 MB filesystem (tmpfs); skip where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                       capture_output=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a small filesystem here: " + r.stderr.decode(errors="replace"))
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_exit_2(demo_paths, small_disk, tmp_path):
    db = small_disk / "db.sqlite"
    shutil.copy(demo_paths[0], db)
    # Fill the disk but for room for the -shm file and the log: the WAL cannot grow.
    fd = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\1" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(small_disk / "filler", os.path.getsize(small_disk / "filler") - 64 * 1024)
    catalogue = tmp_path / "danh-muc.csv"
    rows = [f"T.{n:05d},Thủ tục thử {n},HOTICH,3,{'Căn cứ pháp lý dài. ' * 50}"
            for n in range(400)]
    catalogue.write_text("code,name,field_code,processing_days,legal_basis\n"
                         + "\n".join(rows) + "\n", encoding="utf-8")
    r = run("--db", db, "--config", demo_paths[1], "--user", "admin", "catalogue", "import",
            catalogue)
    err = refused(r)
    assert f"Ổ đĩa chứa tệp dữ liệu {db} đã đầy" in err


def test_the_gui_without_a_display_says_so(demo_paths):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONIOENCODING"] = "utf-8"
    db, config = demo_paths
    r = subprocess.run([sys.executable, "-m", "counter_app", "--db", str(db), "--config",
                        str(config), "gui"], capture_output=True, text=True, encoding="utf-8",
                       env=env, timeout=120)
    err = refused(r)
    assert "chưa có màn hình đồ họa" in err and "xcb" not in err
