"""``counter-app self-test``: check that everything the app loads at run time is there.

Needs no login and changes nothing of the office: the work is done on a demo
office in a temporary folder (counter_app/self_test.py). Exit 0 when every check
passed, 1 when one failed, with what is missing in Vietnamese. The installer's
CI runs it inside the built bundle (installer/README.md).
"""

from __future__ import annotations

import os
import sys

from counter_app import PRODUCT_NAME, __version__, self_test


def register(sub, common) -> None:
    p = sub.add_parser("self-test", parents=[common],
                       help="tự kiểm tra phần mềm (phông chữ, mẫu biểu, in phiếu, mẫu 01, Qt); "
                            "không cần đăng nhập, không thay đổi dữ liệu")
    p.add_argument("--no-qt", action="store_true",
                   help="không kiểm tra phần giao diện Qt")
    p.set_defaults(handler=cmd_self_test)


def cmd_self_test(args, out) -> int:
    qt = None if args.no_qt else _qt_probe
    checks = self_test.run_all(args.db, qt)
    failed = [c for c in checks if not c.ok]
    kind = "bản cài đặt" if self_test.frozen() else "chạy từ mã nguồn"
    data = {"ok": not failed, "version": __version__, "frozen": self_test.frozen(),
            "checks": [c.to_dict() for c in checks]}

    def text() -> str:
        lines = [f"Tự kiểm tra {PRODUCT_NAME} {__version__} ({kind})"]
        lines += [f"  [{'đạt' if c.ok else 'LỖI'}] {c.name}: {c.detail}" for c in checks]
        if failed:
            lines.append(f"Kết quả: {len(failed)} mục lỗi. Phần mềm thiếu tệp hoặc cài "
                         "chưa đủ: hãy cài lại; nếu vẫn lỗi, gửi báo cáo này cho người hỗ trợ.")
        else:
            lines.append(f"Kết quả: đạt cả {len(checks)} mục.")
        return "\n".join(lines)
    out.result(data, text)
    return 1 if failed else 0


def _qt_probe() -> str:
    from counter_app.commands.gui import qt_probe
    return qt_probe(os.environ, sys.platform)
