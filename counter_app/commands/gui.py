"""``counter-app gui``: the desktop application (the default command).

    counter-app gui                                  # the window this PC's role says
    counter-app gui --window kiosk                   # the ticket kiosk, full screen
    counter-app gui --window display --screen 1      # the display board on the second screen
    counter-app gui --window kiosk --screen 0 --window display --screen 1 --no-voice
    counter-app gui --window kiosk --windowed        # in a normal window, to try it out
    counter-app gui --window rating --counter 2 --screen 1   # the rating screen of counter 2
    counter-app gui --section citizen_forms          # the support desk: "Công dân không viết"

The kiosk and the display board ignore Escape; an administrator closes them
with Ctrl+Shift+Q.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping

from counter_app.errors import NoDisplayError
from counter_app.services.setup import initialise
from db.connection import check_header

WINDOWS = ("counter", "kiosk", "display", "rating")
# Sections of the counter window an installer shortcut may open after login (the
# support desk opens "Công dân không viết"); ui/main_window.py SECTION_TITLES.
SECTIONS = ("home", "queue", "intake", "dossiers", "citizen_forms", "reports", "audit", "admin")


def register(sub, common) -> None:
    p = sub.add_parser("gui", parents=[common], help="mở ứng dụng (mặc định)")
    p.add_argument("--window", action="append", choices=WINDOWS, default=None,
                   help="cửa sổ cần mở: counter (quầy), kiosk (lấy số), display (bảng gọi "
                        "số), rating (màn hình đánh giá cạnh quầy --counter); lặp lại để mở "
                        "nhiều cửa sổ; mặc định theo vai trò máy (device.role) trong cấu hình")
    p.add_argument("--screen", action="append", type=int, default=None, metavar="SỐ",
                   help="màn hình đặt cửa sổ toàn màn hình (0 = màn hình thứ nhất); lặp lại "
                        "theo thứ tự các --window")
    p.add_argument("--counter", type=int, default=1, metavar="SỐ",
                   help="quầy mà màn hình đánh giá (--window rating) đặt cạnh (mặc định 1)")
    p.add_argument("--no-voice", action="store_true",
                   help="bảng gọi số không đọc số bằng giọng nói")
    p.add_argument("--setup", action="store_true",
                   help="máy chưa có dữ liệu: mở trình thiết lập lần đầu (cơ quan, tài khoản "
                        "quản trị, vai trò máy, máy in) thay vì tạo ngay cơ quan mẫu; bản cài "
                        "đặt luôn làm vậy")
    p.add_argument("--windowed", action="store_true",
                   help="mở cửa sổ thường thay vì toàn màn hình (để thử trên máy bàn)")
    p.add_argument("--section", choices=SECTIONS, default="",
                   help="mục của cửa sổ quầy mở sẵn sau khi đăng nhập, ví dụ citizen_forms "
                        "(Công dân không viết) cho bàn hỗ trợ; bỏ qua nếu vai trò của cán bộ "
                        "không có mục đó")
    p.set_defaults(handler=run_gui)


def run_gui(args, out) -> int:
    check_display(os.environ, sys.platform)
    from ui.app import LaunchOptions, run  # Qt is imported only here, never by the core
    options = LaunchOptions(
        windows=tuple(getattr(args, "window", None) or ()),
        screens=tuple(getattr(args, "screen", None) or ()),
        voice=not getattr(args, "no_voice", False),
        windowed=getattr(args, "windowed", False),
        counter=getattr(args, "counter", 1),
        section=getattr(args, "section", ""),
        # The installed (frozen) app asks; a checkout keeps the demo office one command away.
        wizard=getattr(args, "setup", False) or bool(getattr(sys, "frozen", False)),
        notices=tuple(getattr(args, "notices", ())))
    return run(args.db, args.config, first_start=_first_start, options=options)


def check_display(env: Mapping[str, str], platform: str) -> None:
    """Refuse before Qt starts when there is no screen to show a window on: Qt
    would abort with a misleading "xcb-cursor0 is needed" message. Windows and
    macOS always have one; QT_QPA_PLATFORM (offscreen, vnc…) chooses its own."""
    if platform.startswith(("win", "darwin")):
        return
    if any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return
    raise NoDisplayError(
        "Không mở được cửa sổ: máy này chưa có màn hình đồ họa (không thấy DISPLAY hay "
        "WAYLAND_DISPLAY, thường gặp khi chạy qua SSH hoặc từ dịch vụ nền). Hãy chạy "
        "counter-app trong phiên làm việc có màn hình (đăng nhập ngay trên máy). Các lệnh "
        "quản trị như counter-app db check không cần màn hình.")


def qt_probe(env: Mapping[str, str], platform: str) -> str:
    """The Qt check of ``counter-app self-test`` (ui/self_check.py): this module is
    the one door from the command line into ui/."""
    try:
        check_display(env, platform)
        has_display = True
    except NoDisplayError:
        has_display = False
    from ui.self_check import probe
    return probe(has_display, platform)


def _first_start(db: Path, config: Path) -> None:
    """No database yet: create the demo office so the app is usable at once.
    Errors (a foreign file, a folder that cannot be written) reach the window."""
    if not check_header(db):
        initialise(db, config, demo=True)
