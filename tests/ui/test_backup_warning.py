"""The status bar tells when the daily backup could not reach its second folder."""

from __future__ import annotations

from counter_app import config as config_mod
from counter_app import daily_backup


def test_a_missing_usb_folder_shows_in_the_status_bar(qtbot, demo_paths, tmp_path, log_in):
    db, cfg_path = demo_paths
    cfg = config_mod.load(cfg_path)
    cfg.backup.second_folder = str(tmp_path / "usb-chua-cam")
    config_mod.save(cfg, cfg_path)
    result = daily_backup.run_and_report(db, cfg_path)
    assert result.path is not None and result.warnings
    window = log_in("admin")
    label = window.status.backup_label
    qtbot.waitUntil(label.isVisible)
    assert "Sao lưu chưa đủ" in label.text()
    assert "usb-chua-cam" in label.toolTip() and "ổ USB chưa cắm" in label.toolTip()
