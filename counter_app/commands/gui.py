"""``counter-app gui``: the desktop application (the default command)."""

from __future__ import annotations

from pathlib import Path

from counter_app.services.setup import initialise
from db.connection import check_header


def register(sub, common) -> None:
    p = sub.add_parser("gui", parents=[common], help="mở ứng dụng (mặc định)")
    p.add_argument("--window", choices=["counter"], default="counter",
                   help="cửa sổ cần mở")
    p.set_defaults(handler=run_gui)


def run_gui(args, out) -> int:
    from ui.app import run  # Qt is imported only here, never by the core
    return run(args.db, args.config, first_start=_first_start)


def _first_start(db: Path, config: Path) -> None:
    """No database yet: create the demo office so the app is usable at once.
    Errors (a foreign file, a folder that cannot be written) reach the window."""
    if not check_header(db):
        initialise(db, config, demo=True)
