"""Screenshots of the app on a fresh demo office:
``python -m tools.screenshots NAME OUTDIR [--size WxH]``.

``--size`` is the screen the pictures show (default 1280×800 for the counter window): the
counter window is then sized as if maximised on it (common.window_size_for: minus the
taskbar and the title bar), the kiosk and the board fill it.

Run offscreen (``QT_QPA_PLATFORM=offscreen``) or under ``xvfb-run``. Each NAME is one
module here with its own ``main([OUTDIR])``; the pictures in docs/images/ come from them.
This is a developer tool: it lives outside the shipped ``ui`` package.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

from tools.screenshots import common

# NAME → (module, what it shows)
SHOTS = {
    "main": ("main_window", "đăng nhập, cửa sổ chính, quản trị, giới thiệu"),
    "panel": ("panel", "bảng điều khiển hàng đợi tại quầy"),
    "intake": ("intake", "tiếp nhận hồ sơ"),
    "intake_group": ("intake_group", "tiếp nhận hồ sơ liên thông (nhiều thủ tục)"),
    "dossiers": ("dossiers", "tra cứu hồ sơ"),
    "forms": ("forms", "các mẫu phiếu một cửa in ra (ảnh từ tệp PDF)"),
    "citizen_forms": ("citizen_forms", "công dân không viết"),
    "queue": ("queue", "máy lấy số và bảng hiển thị"),
    "rating": ("rating", "màn hình đánh giá sự hài lòng"),
    "reports": ("reports", "báo cáo của lãnh đạo, nhật ký hoạt động"),
    "office": ("office", "hai quầy và bảng gọi số dùng chung một hàng đợi"),
}


def usage() -> str:
    lines = ["Cách dùng: python -m tools.screenshots TÊN THƯ_MỤC_ẢNH [--size RộngxCao]",
             "TÊN là một trong:"]
    lines += [f"  {name:<14} {what}" for name, (_module, what) in SHOTS.items()]
    lines.append(f"  {'all':<14} tất cả các ảnh trên (mỗi nhóm một tiến trình), để cập nhật "
                 "ảnh trong hướng dẫn: xvfb-run -a python -m tools.screenshots all docs/images "
                 "--size 1366x768")
    return "\n".join(lines) + "\n"


def run_all(rest: list[str]) -> int:
    """Every NAME in a process of its own (each makes its own application and demo
    office); the first failure's exit code, after trying them all."""
    failed = 0
    for name in SHOTS:
        code = subprocess.call([sys.executable, "-m", "tools.screenshots", name, *rest])
        if code and not failed:
            failed = code
            sys.stderr.write(f"tools.screenshots {name}: exit {code}\n")
    return failed


def main(argv: list[str] | None = None) -> int:
    """Run the screenshots NAME into OUTDIR; exit code 2 with the usage on bad arguments."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--size" in args:
        at = args.index("--size")
        screen = common.parse_size(args[at + 1] if at + 1 < len(args) else "")
        if screen is None:
            sys.stderr.write("Kích thước phải có dạng RộngxCao, ví dụ 1366x768.\n" + usage())
            return 2
        common.set_screen(screen)
        del args[at:at + 2]
    if args and args[0] == "all":
        return run_all(list(sys.argv[2:] if argv is None else argv[1:]))
    if not args or args[0] not in SHOTS:
        sys.stderr.write(usage())
        return 2
    module = importlib.import_module(f"{__name__}.{SHOTS[args[0]][0]}")
    try:
        return module.main(args[1:])
    finally:
        common.set_screen(None)
