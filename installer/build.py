"""Build the office app's bundle, check it, and wrap it in the Windows installer.

    python installer/build.py                      # dist/counter-app/ (PyInstaller one-folder)
    python installer/build.py --self-test --nsis   # + the bundle's self-test + makensis
    python installer/build.py --self-test --nsis --record   # + the size into installer/README.md

Same commands on Windows (``py installer\\build.py …``) and Linux. PyInstaller is not a
cross-compiler: the bundle is for the system it is built on. ``--nsis`` on Windows wraps
the real bundle into ``dist/counter-app-setup-VERSION.exe``; elsewhere the bundle is not
a Windows one, so makensis compiles the script against a stub folder of the same layout
(``dist/nsis-check-setup.exe``, not for installing): the script's syntax and logic are
still checked, with warnings treated as errors. Exit status: non-zero as soon as a step
fails (the self-test's report says which check).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "counter_app.spec"
NSI = ROOT / "installer" / "counter_app.nsi"
README = ROOT / "installer" / "README.md"
NAME = "counter-app"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
SIZE_BEGIN, SIZE_END = "<!-- bundle-size:begin -->", "<!-- bundle-size:end -->"


def version() -> str:
    text = (ROOT / "counter_app" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def build(dist: Path, work: Path) -> float:
    """PyInstaller with the spec; returns the seconds it took."""
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
                   check=True, cwd=ROOT)
    return time.monotonic() - t0


def measure(bundle: Path) -> tuple[int, int]:
    """(bytes, files) of the bundle folder."""
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def self_test(bundle: Path) -> None:
    """The bundle's own ``counter-app-cli self-test`` on a throwaway data folder (it
    would not alter the office's anyway, but CI machines have no office)."""
    env = dict(os.environ)
    if not WINDOWS and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")   # headless: Qt's offscreen screen
    with tempfile.TemporaryDirectory(prefix="counter-app-bundle-") as tmp:
        r = subprocess.run([str(bundle / f"{NAME}-cli{EXE}"), "--db",
                            str(Path(tmp) / "counter.sqlite"), "self-test"], env=env)
    if r.returncode != 0:
        raise SystemExit(f"Bundle self-test failed (exit {r.returncode}): see the report above.")


def nsis(bundle: Path, dist: Path) -> Path:
    """Compile installer/counter_app.nsi (warnings are errors); returns the .exe made."""
    makensis = shutil.which("makensis")
    if makensis is None:
        raise SystemExit("makensis not found: install NSIS (Windows: nsis.sourceforge.io; "
                         "Debian: apt-get install nsis) or leave out --nsis.")
    real = (bundle / f"{NAME}.exe").is_file()
    with tempfile.TemporaryDirectory(prefix="counter-app-nsis-") as tmp:
        source = bundle if real else _stub(Path(tmp))
        out = dist / (f"{NAME}-setup-{version()}.exe" if real else "nsis-check-setup.exe")
        subprocess.run([makensis, "-V2", "-WX", f"-DBUNDLE_DIR={source}",
                        f"-DVERSION={version()}", f"-DOUTFILE={out}", str(NSI)],
                       check=True, cwd=ROOT)
    return out


def _stub(folder: Path) -> Path:
    """The bundle's layout with placeholder files: what the script refers to exists."""
    (folder / "_internal").mkdir()
    for name in (f"{NAME}.exe", f"{NAME}-cli.exe", "_internal/placeholder.txt"):
        (folder / name).write_text("stub: installer/build.py on a non-Windows system\n")
    return folder


def record(size: int, files: int, seconds: float) -> None:
    """Put this platform's row into the size table of installer/README.md."""
    import PySide6
    key = f"{platform.system()} {platform.machine()}"
    row = (f"| {key} | {date.today():%Y-%m-%d} | {version()} | "
           f"{platform.python_version()} | {PySide6.__version__} | "
           f"{size / 1_000_000:.0f} MB | {files} | {seconds:.0f} s |")
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(SIZE_BEGIN)
    table, tail = rest.split(SIZE_END)
    lines = [line for line in table.strip().splitlines() if not line.startswith(f"| {key} |")]
    lines.append(row)
    README.write_text(f"{head}{SIZE_BEGIN}\n" + "\n".join(lines) + f"\n{SIZE_END}{tail}",
                      encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dist", type=Path, default=ROOT / "dist")
    p.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    p.add_argument("--self-test", action="store_true", help="run the bundle's self-test")
    p.add_argument("--nsis", action="store_true", help="compile the NSIS installer script")
    p.add_argument("--record", action="store_true",
                   help="record the bundle's size in installer/README.md")
    args = p.parse_args(argv)
    seconds = build(args.dist, args.work)
    bundle = args.dist / NAME
    size, files = measure(bundle)
    print(f"Bundle: {bundle} — {size / 1_000_000:.0f} MB, {files} files, built in "
          f"{seconds:.0f} s")
    if args.self_test:
        self_test(bundle)
    if args.nsis:
        print(f"Installer script compiled: {nsis(bundle, args.dist)}")
    if args.record:
        record(size, files, seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
