"""Each PC's role in its office, chosen when it is enrolled (issue 12 item 6): stored in the
PC's config (the window the app opens), named on the server, refused before any network
when it makes no sense."""

from __future__ import annotations

import json

import pytest

from counter_app import config as config_mod
from counter_app.domain import device_roles
from counter_app.errors import UserInputError
from counter_app.services.core import Core
from counter_app.sync import client
from tests.core.test_cli import ADMIN, run
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.sync_server.pg import cli_json
from tests.ui.test_sync_status import new_identity


def test_roles_and_the_words_people_use():
    assert device_roles.parse_role("board") == "display"
    assert device_roles.parse_role(" Kiosk ") == "kiosk"
    assert device_roles.parse_role("support-desk") == "support"
    with pytest.raises(UserInputError, match="Vai trò máy không hợp lệ"):
        device_roles.parse_role("toaster")
    with pytest.raises(UserInputError, match="Máy quầy cần số quầy"):
        device_roles.check_counter("counter", None)
    with pytest.raises(UserInputError, match="Số quầy phải từ 1 đến 99"):
        device_roles.check_counter("counter", 0)
    assert device_roles.check_counter("kiosk", None) is None
    assert device_roles.device_label("counter", 3) == "Quầy 3"
    assert device_roles.role_text("counter", 3) == "Quầy tiếp nhận và trả kết quả số 3"


def test_enrolled_as_counter_3_the_pc_keeps_its_role(demo_paths, server, dsn, new_office):  # noqa: F811
    new_identity(*demo_paths)
    code = new_office()
    with Core.open(*demo_paths, system=True) as core:
        result = client.enroll(core, server.url, cli_json(dsn, "enroll-code", code)["code"],
                               role="counter", counter=3)
    assert (result["role"], result["counter"]) == ("counter", 3) and result["island_tag"]
    cfg = config_mod.load(demo_paths[1])
    assert (cfg.device.role, cfg.device.counter_number) == ("counter", 3)
    devices = cli_json(dsn, "devices", "--office", code)
    assert [d["label"] for d in devices] == ["Quầy 3"]   # the server's list says what it is


def test_cli_enroll_as_a_board_then_the_old_flags_alone(demo_paths, server, dsn, new_office):  # noqa: F811
    db, cfg = demo_paths
    new_identity(db, cfg)
    code = new_office()
    r = run("--db", db, "--config", cfg, *ADMIN, "sync", "enroll", "--server", server.url,
            "--code", cli_json(dsn, "enroll-code", code)["code"], "--role", "board")
    assert r.returncode == 0, r.stderr
    assert "vai trò: Màn hình gọi số" in r.stdout
    assert config_mod.load(cfg).device.role == "display"
    # Enrolling again without --role (a new device id, as a re-installed PC) keeps the role.
    new_identity(db, cfg)
    r = run("--db", db, "--config", cfg, *ADMIN, "sync", "enroll", "--server", server.url,
            "--code", cli_json(dsn, "enroll-code", code)["code"], "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["role"] == "display"


def test_a_counter_without_its_number_is_refused_before_asking_the_server(demo_paths):
    db, cfg = demo_paths
    before = cfg.read_bytes()
    r = run("--db", db, "--config", cfg, *ADMIN, "sync", "enroll", "--server",
            "http://127.0.0.1:9", "--code", "X", "--role", "counter")
    assert r.returncode != 0 and "Máy quầy cần số quầy" in r.stderr
    assert "Traceback" not in r.stderr and cfg.read_bytes() == before
    r = run("--db", db, "--config", cfg, *ADMIN, "sync", "enroll", "--server",
            "http://127.0.0.1:9", "--code", "X", "--role", "bếp")
    assert r.returncode != 0 and "'counter', 'kiosk', 'display', 'support'" in r.stderr
