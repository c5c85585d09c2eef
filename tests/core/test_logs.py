import logging

from counter_app import logs


def test_redact_masks_id_and_phone_numbers():
    text = "CCCD 001099012345, ĐT 0912345678, năm 2026, quầy 2"
    out = logs.redact(text)
    assert "001099012345" not in out and "0912345678" not in out
    assert "2026" in out and "quầy 2" in out


def test_log_file_never_contains_citizen_numbers(tmp_path):
    path = logs.setup(tmp_path)
    logging.getLogger("test").warning("scan failed for %s", "001099012345|Nguyễn Văn A")
    for h in logging.getLogger().handlers:
        h.flush()
    content = path.read_text(encoding="utf-8")
    assert "scan failed" in content and "001099012345" not in content
