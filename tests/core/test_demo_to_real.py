"""From the demo office to a real one: the user guide's `init --admin-password` on a
machine that ran the demo archives the demo (never deletes it); a real database is
never replaced; demo accounts must change their password once the office is real."""

import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from counter_app import config as config_mod
from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.errors import AuthError, PermissionDenied, UserInputError
from counter_app.services import officers
from counter_app.services.core import Core
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.services.setup import DEMO_OFFICERS, initialise
from db import commands
from db.projections import TABLES
from tests.conftest import table_dump

NOW = FixedClock(int(datetime(2027, 1, 4, 8, 30, 5, tzinfo=LOCAL_TZ).timestamp() * 1000))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def usernames(db: Path, cfg: Path) -> set[str]:
    with Core.open(db, cfg, system=True) as core:
        return {r["username"] for r in officers.list_officers(core)}


@pytest.fixture
def demo(tmp_path):
    db, cfg = tmp_path / "counter.sqlite", tmp_path / "config.json"
    initialise(db, cfg, demo=True)
    return db, cfg


def test_real_init_archives_the_demo_database_and_config_beside_them(demo, tmp_path):
    db, cfg = demo
    demo_config = cfg.read_text(encoding="utf-8")
    res = initialise(db, cfg, demo=False, admin_password="mat-khau-that-1", clock=NOW)
    old_db = tmp_path / "counter.demo-20270104-083005.sqlite"
    old_cfg = tmp_path / "config.demo-20270104-083005.json"
    assert res.archived.db_path == old_db and res.archived.config_path == old_cfg
    assert old_cfg.read_text(encoding="utf-8") == demo_config
    assert usernames(old_db, old_cfg) == {u for u, _n, _r in DEMO_OFFICERS}
    assert usernames(db, cfg) == {"admin"}
    office = config_mod.load(cfg).office
    assert office == config_mod.OfficeConfig()          # the admin names the real office
    assert not any(p.name.endswith(("-wal", "-shm", ".init-tmp")) for p in tmp_path.iterdir())


def test_a_real_database_is_never_replaced(tmp_path):
    db, cfg = tmp_path / "counter.sqlite", tmp_path / "config.json"
    initialise(db, cfg, demo=False, admin_password="mat-khau-that-1")
    before = digest(db)
    with pytest.raises(UserInputError, match="Đã có cơ sở dữ liệu"):
        initialise(db, cfg, demo=False, admin_password="mat-khau-khac-2")
    assert digest(db) == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "config.json", "counter.sqlite"]


def test_a_real_database_whose_config_names_the_demo_office_is_not_taken_for_it(tmp_path):
    db, cfg = tmp_path / "counter.sqlite", tmp_path / "config.json"
    initialise(db, cfg, demo=False, admin_password="mat-khau-that-1")
    demo_cfg = tmp_path / "demo.json"
    initialise(tmp_path / "demo.sqlite", demo_cfg, demo=True)
    cfg.write_text(demo_cfg.read_text(encoding="utf-8"), encoding="utf-8")
    before = digest(db)
    with pytest.raises(UserInputError, match="Đã có cơ sở dữ liệu"):
        initialise(db, cfg, demo=False, admin_password="mat-khau-khac-2")
    assert digest(db) == before


def test_the_demo_is_not_archived_while_the_app_has_it_open(demo, tmp_path):
    db, cfg = demo
    with Core.open(db, cfg) as running:
        running.conn.execute("SELECT count(*) FROM officers").fetchone()
        with pytest.raises(UserInputError, match="đang được mở"):
            initialise(db, cfg, demo=False, admin_password="mat-khau-that-1")
    assert usernames(db, cfg) == {u for u, _n, _r in DEMO_OFFICERS}
    assert not list(tmp_path.glob("*.demo-*"))


def test_init_demo_again_does_not_replace_the_demo(demo):
    db, cfg = demo
    with pytest.raises(UserInputError, match="Đã có cơ sở dữ liệu"):
        initialise(db, cfg, demo=True)


def test_the_user_guide_command_works_after_the_demo(tmp_path):
    """`counter-app init --admin-password …` in a real process, one JSON document."""
    paths = ["--db", str(tmp_path / "counter.sqlite"), "--config", str(tmp_path / "c.json")]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "counter_app", *paths, *args],
                              capture_output=True, text=True, encoding="utf-8", env=env,
                              timeout=120)
    assert run("init", "--demo").returncode == 0
    r = run("init", "--admin-password", "mat-khau-that-1", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    archived = Path(data["archived"]["db"])
    assert archived.parent == tmp_path and archived.name.startswith("counter.demo-")
    assert Path(data["archived"]["config"]).name.startswith("c.demo-")
    r = run("init", "--admin-password", "mat-khau-that-1")
    assert r.returncode == 2 and "Đã có cơ sở dữ liệu" in r.stderr


# --- demo accounts in a real office ---------------------------------------------------

def make_real(db: Path, cfg: Path) -> None:
    """What an admin does to turn the demo office into a real one in place."""
    c = config_mod.load(cfg)
    c.office = config_mod.OfficeConfig(name="UBND PHƯỜNG HOÀN KIẾM", code="000.17.22.H99")
    config_mod.save(c, cfg)


def test_demo_accounts_log_in_normally_while_the_office_is_the_demo(demo):
    with Core.open(*demo) as core:
        assert not officers.authenticate(core, "canbo1", DEMO_PASSWORD).must_change_password


def test_demo_accounts_must_change_their_password_once_the_office_is_real(demo):
    make_real(*demo)
    with Core.open(*demo) as core:
        me = officers.authenticate(core, "admin", DEMO_PASSWORD)
        assert me.must_change_password
        with pytest.raises(PermissionDenied, match="đổi mật khẩu"):
            officers.list_officers(core)            # nothing else until it is changed
        with pytest.raises(UserInputError, match="mật khẩu mẫu"):
            officers.change_password(core, me.id, DEMO_PASSWORD, old_password=DEMO_PASSWORD)
        officers.change_password(core, me.id, "mat-khau-moi-1", old_password=DEMO_PASSWORD)
        assert not core.officer.must_change_password
        assert officers.list_officers(core)
    with Core.open(*demo) as core:
        assert not officers.authenticate(core, "admin", "mat-khau-moi-1").must_change_password
        with pytest.raises(AuthError):
            officers.authenticate(core, "admin", DEMO_PASSWORD)


def test_the_flag_is_an_event_and_survives_a_rebuild(demo):
    make_real(*demo)
    with Core.open(*demo, system=True) as core:
        flags = dict(core.conn.execute("SELECT username, must_change_password FROM officers"))
        assert set(flags.values()) == {1}
        live = table_dump(core.conn, TABLES)
        commands.rebuild_projections(core.conn)
        assert table_dump(core.conn, TABLES) == live


def test_cli_officer_passwd_clears_the_flag(demo):
    """At the first login of a real office, the demo password still works for one
    thing: the officer's own new password (the login's password is the old one)."""
    db, cfg = demo
    make_real(db, cfg)
    r = subprocess.run([sys.executable, "-m", "counter_app", "--db", str(db), "--config",
                        str(cfg), "--user", "canbo1", "officer", "list"],
                       capture_output=True, text=True, encoding="utf-8", timeout=120,
                       env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert r.returncode == 2 and "đổi mật khẩu" in r.stderr
    r = subprocess.run([sys.executable, "-m", "counter_app", "--db", str(db), "--config",
                        str(cfg), "--user", "canbo1", "officer", "passwd", "canbo1",
                        "--password", "mat-khau-moi-1"],
                       capture_output=True, text=True, encoding="utf-8", timeout=120,
                       env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    assert r.returncode == 0, r.stderr
    with Core.open(db, cfg) as core:
        assert not officers.authenticate(core, "canbo1", "mat-khau-moi-1").must_change_password
        officers.logout(core)
        assert officers.authenticate(core, "canbo2", DEMO_PASSWORD).must_change_password


def test_any_account_still_on_the_demo_password_must_change_it(tmp_path):
    """Demo databases made before the flag existed: the known password is enough."""
    db, cfg = tmp_path / "counter.sqlite", tmp_path / "config.json"
    initialise(db, cfg, demo=False, admin_password="mat-khau-that-1")
    with Core.open(db, cfg, system=True) as core:
        officers.create_officer(core, "canbo9", "Vũ Thị Hoa", "counter", DEMO_PASSWORD)
    with Core.open(db, cfg) as core:
        assert officers.authenticate(core, "canbo9", DEMO_PASSWORD).must_change_password
