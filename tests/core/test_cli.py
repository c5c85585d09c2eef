"""The CLI as scripts use it: real processes, real files, exit codes, one JSON document."""

import json
import os
import subprocess
import sys

import pytest

from counter_app import __version__


# Acting as the demo administrator (the password comes from COUNTER_APP_PASSWORD,
# set for the whole run in tests/conftest.py).
ADMIN = ("--user", "admin")


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "counter_app", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=120, cwd=cwd)


@pytest.fixture
def paths(tmp_path):
    return ["--db", tmp_path / "x.sqlite", "--config", tmp_path / "c.json"]


def test_version():
    r = run("--version")
    assert r.returncode == 0 and __version__ in r.stdout


def test_init_demo_then_check_json_ok(paths, tmp_path):
    r = run(*paths, "init", "--demo")
    assert r.returncode == 0, r.stderr
    assert "demo1234" in r.stdout and "canbo1" in r.stdout
    r = run(*paths, "db", "check", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)  # exactly one JSON document
    assert report["ok"] is True and report["event_count"] > 0
    assert report["schema_version"] == report["expected_schema_version"]
    cfg = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert cfg["office"]["code"] == "000.17.22.H56"


def test_options_work_after_the_subcommand_too(paths):
    assert run("init", "--demo", *paths).returncode == 0
    r = run("db", "check", *paths, "--json")
    assert json.loads(r.stdout)["ok"] is True


def test_init_refuses_to_overwrite(paths):
    assert run(*paths, "init", "--demo").returncode == 0
    r = run(*paths, "init", "--demo")
    assert r.returncode == 2 and "Đã có cơ sở dữ liệu" in r.stderr
    assert "Traceback" not in r.stderr


def test_init_without_demo_needs_admin_password(paths):
    r = run(*paths, "init")
    assert r.returncode == 2 and "mật khẩu" in r.stderr
    r = run(*paths, "init", "--admin-password", "quan-tri-123", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["accounts"][0]["username"] == "admin"


def test_rebuild_projections(paths):
    run(*paths, "init", "--demo")
    r = run(*paths, *ADMIN, "db", "rebuild-projections", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["events_replayed"] > 0


@pytest.mark.parametrize("content", [b"garbage", b"SQLite format 3\x00" + b"\xff" * 200])
def test_bad_database_file_exit_2_no_traceback(tmp_path, content):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    r = run("--db", bad, "--config", tmp_path / "c.json", "db", "check", "--json")
    assert r.returncode == 2
    assert r.stderr.startswith("Lỗi:") and "Traceback" not in r.stderr
    assert r.stdout == ""
    assert bad.read_bytes() == content


def test_unknown_command_exit_2_in_vietnamese():
    r = run("bay-len")
    assert r.returncode == 2 and "lệnh không hợp lệ" in r.stderr


def test_officer_add_list_passwd_disable(paths):
    run(*paths, "init", "--demo")
    r = run(*paths, *ADMIN, "officer", "add", "thu", "--name", "Lý Văn Thư", "--role", "counter",
            "--password", "thu-12345678", "--json")
    assert r.returncode == 0, r.stderr
    r = run(*paths, *ADMIN, "officer", "list", "--json")
    names = {o["username"]: o for o in json.loads(r.stdout)["officers"]}
    assert names["thu"]["full_name"] == "Lý Văn Thư"
    r = run(*paths, *ADMIN, "officer", "passwd", "thu", "--password", "moi-12345678")
    assert r.returncode == 0
    assert run(*paths, *ADMIN, "officer", "disable", "thu").returncode == 0
    r = run(*paths, *ADMIN, "officer", "list", "--json")
    assert {o["username"]: o for o in json.loads(r.stdout)["officers"]}["thu"]["active"] is False
    r = run(*paths, *ADMIN, "officer", "add", "xyz", "--name", "X", "--role", "boss",
            "--password", "12345678")
    assert r.returncode == 2 and "Vai trò" in r.stderr


def test_config_set_and_show(paths):
    run(*paths, "init", "--demo")
    r = run(*paths, *ADMIN, "config", "set", "device.counter_number", "3")
    assert r.returncode == 0, r.stderr
    r = run(*paths, *ADMIN, "config", "set", "device.counter_number", "ba")
    assert r.returncode == 2 and "số nguyên" in r.stderr
    r = run(*paths, *ADMIN, "config", "set", "khong.co", "1")
    assert r.returncode == 2
    r = run(*paths, "config", "set", "office.name", "UBND XÃ TÂN LẬP")   # no --user
    assert r.returncode == 2 and "--user" in r.stderr
    r = run(*paths, *ADMIN, "config", "set", "office.name", "UBND XÃ TÂN LẬP")
    assert r.returncode == 0
    shown = json.loads(run(*paths, "config", "show", "--json").stdout)
    assert shown["device"]["counter_number"] == 3 and shown["office"]["name"] == "UBND XÃ TÂN LẬP"
    # The office is real now: the demo password must be changed before anything else.
    r = run(*paths, *ADMIN, "config", "set", "office.place", "Tân Lập")
    assert r.returncode == 2 and "đổi mật khẩu" in r.stderr


def test_db_alone_keeps_its_config_beside_it(tmp_path):
    db = tmp_path / "thu.sqlite"
    r = run("--db", db, "init", "--demo")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "thu.config.json").exists()
    r = run("--db", db, "db", "check", "--json")
    assert json.loads(r.stdout)["ok"] is True
    shown = json.loads(run("--db", db, "config", "show", "--json").stdout)
    assert shown["office"]["code"] == "000.17.22.H56"
