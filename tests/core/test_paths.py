"""Where the data lives: the user's folders from source; the per-machine folder the
Windows installer recorded beside the installed programs."""

from pathlib import Path

from counter_app import paths


def _programs(tmp_path: Path, marker: bytes | None) -> str:
    folder = tmp_path / "Program Files" / "QuayMotCua"
    folder.mkdir(parents=True)
    if marker is not None:
        (folder / paths.MACHINE_DATA_FILE).write_bytes(marker)
    return str(folder / "counter-app.exe")


def test_the_installer_marker_as_nsis_writes_it_names_the_machine_folder(tmp_path):
    # FileWriteWord 0xFEFF + FileWriteUTF16LE: a byte-order mark and UTF-16LE text.
    exe = _programs(tmp_path, b"\xff\xfe" + "C:\\ProgramData\\Quầy".encode("utf-16-le"))
    assert paths.machine_data_dir(exe, frozen=True) == Path("C:\\ProgramData\\Quầy")


def test_a_utf8_marker_is_read_too(tmp_path):
    exe = _programs(tmp_path, "/srv/quay\n".encode("utf-8"))
    assert paths.machine_data_dir(exe, frozen=True) == Path("/srv/quay")


def test_no_marker_an_empty_one_or_running_from_source_use_the_user_folders(tmp_path):
    assert paths.machine_data_dir(_programs(tmp_path / "a", None), frozen=True) is None
    assert paths.machine_data_dir(_programs(tmp_path / "b", b"\n"), frozen=True) is None
    exe = _programs(tmp_path / "c", b"/srv/quay")
    assert paths.machine_data_dir(exe, frozen=False) is None
    assert paths.default_db_path().name == "counter.sqlite"     # from source: platformdirs
    assert paths.machine_data_dir() is None
