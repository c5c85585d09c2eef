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


def test_exception_text_in_the_log_masks_names_and_numbers(tmp_path):
    path = logs.setup(tmp_path / "logs")
    try:
        raise KeyError("Nguyễn Thị Mai 001199012345 (Tran Van Binh)")
    except KeyError:
        logging.getLogger("test").exception("lookup failed")
    for h in logging.getLogger().handlers:
        h.flush()
    content = path.read_text(encoding="utf-8")
    assert "lookup failed" in content and "KeyError" in content and "Traceback" in content
    for secret in ("Nguyễn Thị Mai", "001199012345", "Tran Van Binh"):
        assert secret not in content
    assert "N*** T*** M***" in content


def test_log_files_are_the_users_alone(tmp_path):
    folder = tmp_path / "logs"
    path = logs.setup(folder)
    logging.getLogger("test").warning("x")
    assert folder.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
    for h in logging.getLogger().handlers:
        if isinstance(h, logs.PrivateRotatingFileHandler):
            h.doRollover()                       # the file made after a rotation too
    logging.getLogger("test").warning("y")
    assert {p.stat().st_mode & 0o777 for p in folder.iterdir()} == {0o600}
    assert len(list(folder.iterdir())) == 2
