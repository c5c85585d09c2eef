"""``counter-app gui``: the desktop application (the default command)."""

from __future__ import annotations


def register(sub, common) -> None:
    p = sub.add_parser("gui", parents=[common], help="mở ứng dụng (mặc định)")
    p.add_argument("--window", choices=["counter"], default="counter",
                   help="cửa sổ cần mở")
    p.set_defaults(handler=run_gui)


def run_gui(args, out) -> int:
    from counter_app.services.setup import initialise
    from db.connection import check_header
    if not check_header(args.db):
        # First start: a working demo office so the app is usable at once.
        initialise(args.db, args.config, demo=True)
    from ui.app import run  # Qt is imported only here, never by the core
    return run(args.db, args.config)
