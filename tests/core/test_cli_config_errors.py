"""A wrong configuration seen from the command line: named, never defaulted, repairable."""

import json

from tests.core.test_cli import run


def test_a_wrong_key_stops_commands_and_config_set_repairs_it(demo_paths):
    db, config_path = demo_paths
    cfg = json.loads(config_path.read_text(encoding="utf-8"))
    cfg["device"]["counter_number"] = "ba"
    cfg["printer"]["ticket_url"] = "lpt:1"
    # Saved by Notepad: with a BOM.
    config_path.write_bytes(json.dumps(cfg, ensure_ascii=False).encode("utf-8-sig"))
    before = config_path.read_bytes()
    paths = ["--db", db, "--config", config_path]

    r = run(*paths, "--user", "admin", "officer", "list")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "device.counter_number (số quầy): cần một số nguyên" in r.stderr
    assert "printer.ticket_url" in r.stderr and "“lpt”" in r.stderr
    assert config_path.read_bytes() == before

    r = run(*paths, "config", "show", "--json")
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["device"]["counter_number"] == "ba"
    assert shown["office"]["name"] == cfg["office"]["name"]
    assert "Cảnh báo" in r.stderr and "device.counter_number" in r.stderr

    r = run(*paths, "--user", "admin", "config", "set", "device.counter_number", "2")
    assert r.returncode == 0, r.stderr
    r = run(*paths, "--user", "admin", "config", "set", "printer.ticket_url", "")
    assert r.returncode == 0 and "Cảnh báo" not in r.stderr
    r = run(*paths, "--user", "admin", "officer", "list", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(config_path.read_text(encoding="utf-8"))["office"] == cfg["office"]


def test_a_config_that_is_not_json_is_an_error_not_replaced(demo_paths):
    db, config_path = demo_paths
    config_path.write_text('{"office": {"name": "UBND"}', encoding="utf-8")
    r = run("--db", db, "--config", config_path, "queue", "status")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "không phải JSON hợp lệ (dòng 1" in r.stderr
    assert config_path.read_text(encoding="utf-8") == '{"office": {"name": "UBND"}'
    assert not list(config_path.parent.glob("*.corrupt-*"))
