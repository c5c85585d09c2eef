import json

import pytest

from counter_app import config
from counter_app.errors import ConfigError, InvalidConfigError, UserInputError


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


def test_a_file_saved_with_a_bom_is_read(tmp_path):
    """Notepad and PowerShell 5 (Set-Content -Encoding UTF8) write a UTF-8 BOM;
    PowerShell 5's ``>`` writes UTF-16 with a BOM."""
    text = json.dumps({"office": {"name": "UBND PHƯỜNG ĐỒNG XUÂN"}}, ensure_ascii=False)
    for encoding in ("utf-8-sig", "utf-16"):
        path = tmp_path / f"{encoding}.json"
        path.write_bytes(text.encode(encoding))
        assert config.load(path).office.name == "UBND PHƯỜNG ĐỒNG XUÂN"


def test_a_corrupt_file_is_an_error_and_stays_untouched(tmp_path):
    path = tmp_path / "config.json"
    path.write_text('{"office": {"name": "X"},\n  oops }', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        config.load(path)
    assert "không phải JSON hợp lệ (dòng 2, cột 3)" in str(err.value)
    assert "config set" in str(err.value)
    assert path.read_text(encoding="utf-8") == '{"office": {"name": "X"},\n  oops }'
    assert [p.name for p in tmp_path.iterdir()] == ["config.json"]


@pytest.mark.parametrize("section, values, key, expected", [
    ("device", {"counter_number": "ba"}, "device.counter_number", "số nguyên"),
    ("scanner", {"baudrate": "9600"}, "scanner.baudrate", "số nguyên"),
    ("office", {"name": 12}, "office.name", "chuỗi chữ"),
    ("printer", {"ticket_url": "lpt:1"}, "printer.ticket_url", "loại “lpt” không được hỗ trợ"),
    ("printer", {"ticket_url": "tcp:192.0.2.10:cong"}, "printer.ticket_url",
     "cổng “cong” phải là số"),
    ("scanner", {"mode": "bluetooth"}, "scanner.mode", "hid hoặc serial"),
    ("calendar", {"same_day_cutoff": "3 giờ"}, "calendar.same_day_cutoff", "HH:MM"),
])
def test_a_wrongly_typed_key_is_named_never_defaulted(tmp_path, section, values, key, expected):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"version": 1, "office": {"name": "Giữ"}, section: values},
                               ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(InvalidConfigError) as err:
        config.load(path)
    assert [p.key for p in err.value.problems] == [key]
    assert key in str(err.value) and expected in str(err.value)
    assert path.read_bytes() == before


def test_every_wrong_key_is_named_at_once(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"office": 5, "device": {"role": "toaster", "counter_number": "2"}}),
                    encoding="utf-8")
    _data, problems = config.inspect(path)
    assert {p.key for p in problems} == {"office", "device.role", "device.counter_number"}


def test_set_repairs_one_key_and_keeps_the_others_as_they_are(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"device": {"role": "toaster", "counter_number": "2"},
                                "office": {"name": "UBND XÃ A"}}), encoding="utf-8")
    value, left = config.set_value(path, "device.role", "kiosk")
    assert value == "kiosk" and [p.key for p in left] == ["device.counter_number"]
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["device"] == {"role": "kiosk", "counter_number": "2"}
    assert saved["office"] == {"name": "UBND XÃ A"}
    config.set_value(path, "device.counter_number", "2")
    assert config.load(path).device.counter_number == 2


def test_set_refuses_a_value_that_adds_a_problem(tmp_path):
    path = tmp_path / "config.json"
    config.save(config.Config(), path)
    before = path.read_bytes()
    with pytest.raises(UserInputError, match="device.role"):
        config.set_value(path, "device.role", "toaster")
    with pytest.raises(UserInputError, match="codes.block_start"):
        config.set_value(path, "codes.block_end", "0")
    assert path.read_bytes() == before


def test_a_folder_as_config_path_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="là một thư mục"):
        config.load(tmp_path)


def test_newer_config_version_refused(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"version": 99}), encoding="utf-8")
    with pytest.raises(ConfigError, match="mới hơn"):
        config.load(path)


def test_invalid_device_role_refused(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"device": {"role": "toaster"}}), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"device.role \(vai trò máy\)"):
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
