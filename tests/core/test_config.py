import json

import pytest

from counter_app import config
from counter_app.errors import ConfigError


def test_missing_file_gives_defaults(tmp_path):
    cfg = config.load(tmp_path / "none.json")
    assert cfg.version == config.CONFIG_VERSION and cfg.device.role == "all-in-one"


def test_save_and_load_roundtrip_keeps_vietnamese(tmp_path):
    path = tmp_path / "sub" / "config.json"
    cfg = config.Config()
    cfg.office.name = "UBND PHƯỜNG ĐỒNG XUÂN"
    cfg.office.code = "000.17.22.H56"
    cfg.device.counter_number = 2
    config.save(cfg, path)
    assert "PHƯỜNG ĐỒNG XUÂN" in path.read_text(encoding="utf-8")
    again = config.load(path)
    assert again == cfg
    assert [p.name for p in path.parent.iterdir()] == ["config.json"]  # no temp left


def test_unknown_keys_are_ignored_and_missing_sections_defaulted(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"version": 1, "office": {"name": "X", "legacy": 1}}),
                    encoding="utf-8")
    cfg = config.load(path)
    assert cfg.office.name == "X" and cfg.printer == config.PrinterConfig()


def test_corrupt_file_is_set_aside_not_lost(tmp_path):
    path = tmp_path / "config.json"
    path.write_text("{ this is not json", encoding="utf-8")
    cfg = config.load(path)
    assert cfg == config.Config()
    aside = list(tmp_path.glob("config.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{ this is not json"


def test_newer_config_version_refused(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"version": 99}), encoding="utf-8")
    with pytest.raises(ConfigError, match="mới hơn"):
        config.load(path)


def test_invalid_device_role_refused(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"device": {"role": "toaster"}}), encoding="utf-8")
    with pytest.raises(ConfigError, match="Vai trò máy"):
        config.load(path)


def test_failed_write_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "config.json"
    cfg = config.Config()
    cfg.office.name = "Cũ"
    config.save(cfg, path)

    def boom(*a):
        raise OSError("disk full")
    monkeypatch.setattr(config.os, "replace", boom)
    cfg.office.name = "Mới"
    with pytest.raises(OSError):
        config.save(cfg, path)
    assert config.load(path).office.name == "Cũ"
    assert [p.name for p in tmp_path.iterdir()] == ["config.json"]
