"""installer/: the NSIS script compiles (makensis, warnings as errors) and the PyInstaller
spec carries every data folder of our packages. The bundle itself is built and its
self-test run by .ci/run (installer/build.py --self-test --nsis): about two minutes."""

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = (ROOT / "installer" / "counter_app.spec").read_text(encoding="utf-8")
NSI = (ROOT / "installer" / "counter_app.nsi").read_text(encoding="utf-8")


def _build_module():
    spec = importlib.util.spec_from_file_location("installer_build",
                                                  ROOT / "installer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (Debian: nsis) missing")
def test_the_installer_script_compiles_against_the_bundle_layout(tmp_path):
    build = _build_module()
    bundle = tmp_path / "dist" / "counter-app"     # a Linux bundle: not a Windows one
    bundle.mkdir(parents=True)
    out = build.nsis(bundle, tmp_path / "dist")
    assert out.name == "nsis-check-setup.exe"
    data = out.read_bytes()
    assert data[:2] == b"MZ" and b"Nullsoft" in data     # a Windows NSIS installer


def test_the_script_has_a_shortcut_per_role_and_keeps_data_unless_asked():
    for args in ("gui --window counter", "gui --window kiosk", "gui --window display",
                 "gui --window counter --section citizen_forms"):
        assert f'"{args}"' in NSI, args
    assert "self-test" in NSI
    # The data folder is removed only by the section the user must tick (/o: unticked).
    removal = 'RMDir /r "$APPDATA\\${KEY}"'
    assert NSI.count(removal) == 1
    section = NSI.index('Section /o "un.Xoá cả dữ liệu')
    assert section < NSI.index(removal) < NSI.index("SectionEnd", section)


def test_every_data_folder_of_our_packages_is_in_the_spec():
    folders = set()
    for package in ("counter_app", "db", "printing", "ui"):
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and path.suffix not in (".py", ".pyc") \
                    and "__pycache__" not in path.parts:
                folders.add(path.parent.relative_to(ROOT))
    # A folder is carried when it, or a folder above it, is the target of a datas entry.
    missing = [f.as_posix() for f in sorted(folders)
               if not any(f'"{Path(*f.parts[:n]).as_posix()}")' in SPEC
                          for n in range(1, len(f.parts) + 1))]
    assert not missing, missing


def test_the_size_is_recorded_for_linux():
    readme = (ROOT / "installer" / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- bundle-size:begin -->")[1].split("<!-- bundle-size:end -->")[0]
    assert any(line.startswith("| Linux x86_64 |") for line in table.splitlines())
