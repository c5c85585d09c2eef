"""Screenshots of the app on a fresh demo office: ``python -m tools.screenshots NAME OUTDIR``.

Run offscreen (``QT_QPA_PLATFORM=offscreen``) or under ``xvfb-run``. Each NAME is one
module here with its own ``main([OUTDIR])``; the pictures in docs/images/ come from them.
This is a developer tool: it lives outside the shipped ``ui`` package.
"""

from __future__ import annotations

import importlib
import sys

# NAME → (module, what it shows)
SHOTS = {
    "main": ("main_window", "đăng nhập, cửa sổ chính, quản trị, giới thiệu"),
    "panel": ("panel", "bảng điều khiển hàng đợi tại quầy"),
    "intake": ("intake", "tiếp nhận hồ sơ"),
    "dossiers": ("dossiers", "tra cứu hồ sơ"),
    "citizen_forms": ("citizen_forms", "công dân không viết"),
    "queue": ("queue", "máy lấy số và bảng hiển thị"),
}


def usage() -> str:
    lines = ["Cách dùng: python -m tools.screenshots TÊN THƯ_MỤC_ẢNH", "TÊN là một trong:"]
    lines += [f"  {name:<14} {what}" for name, (_module, what) in SHOTS.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the screenshots NAME into OUTDIR; exit code 2 with the usage on bad arguments."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in SHOTS:
        sys.stderr.write(usage())
        return 2
    module = importlib.import_module(f"{__name__}.{SHOTS[args[0]][0]}")
    return module.main(args[1:])
