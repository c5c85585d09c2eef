"""``counter-app printer test ĐỊA_CHỈ``: print a test ticket and say whether it worked.

Opens no database. The office name comes from the config file when there is
one. Exit 0 when the printer took the ticket; 2 with a Vietnamese reason when
not (``--json`` still prints its one document: ok, url, bytes, error, status).
A ticket sent while the printer's status is unknown is a success, but says so on
stderr: the officer should know the test did not check paper and cover.
"""

from __future__ import annotations

import sys
from dataclasses import fields

from counter_app import config as config_mod
from counter_app.errors import UserInputError
from printing import service
from printing.status import PrinterStatus
from printing.ticket import WIDTHS


def register(sub, common) -> None:
    p = sub.add_parser("printer", parents=[common], help="máy in phiếu số thứ tự")
    psub = p.add_subparsers(dest="printer_command", metavar="LỆNH", required=True)
    t = psub.add_parser("test", parents=[common], help="in một phiếu thử")
    t.add_argument("url", metavar="ĐỊA_CHỈ",
                   help="địa chỉ máy in, ví dụ tcp:192.168.1.50:9100, serial:COM3, "
                        "usb:0x0416:0x5011, win32:Tên máy in, cups:TÊN_MÁY_IN, file:ĐƯỜNG_DẪN")
    t.add_argument("--width", type=int, choices=WIDTHS, default=None, metavar="ĐIỂM",
                   help="khổ in theo điểm: 384 (giấy 58 mm), 512 (Epson TM-T88), 576 (80 mm); "
                        "mặc định theo cấu hình printer.ticket_width_dots")
    t.add_argument("--timeout", type=float, default=5.0, metavar="GIÂY",
                   help="thời gian chờ máy in, giây (mặc định 5)")
    t.set_defaults(handler=cmd_printer_test)


def cmd_printer_test(args, out) -> int:
    if not 0 < args.timeout <= 300:
        raise UserInputError("--timeout phải là số giây lớn hơn 0 (tối đa 300).")
    cfg = config_mod.load(args.config)      # a missing file gives defaults
    width = args.width or cfg.printer.ticket_width_dots
    content = service.sample_ticket(cfg.office.name, cfg.office.parent_name)
    result = service.print_ticket(content, args.url, width, timeout=args.timeout)
    data = {"ok": result.ok, "url": args.url, "bytes": result.bytes_sent, "error": result.error,
            "status": _status_json(result.status)}
    if result.ok and result.status is None:
        sys.stderr.write(f"Trạng thái máy in: không rõ ({_why_unknown(result)})\n")
    if result.ok:
        note = f"\nLưu ý: {result.warning}" if result.warning else ""
        out.result(data, f"Đã gửi phiếu in thử ({result.bytes_sent} byte, khổ {width} điểm) "
                         f"tới {args.url}.{note}")
        return 0
    if out.as_json:
        out.result(data, "")
    sys.stderr.write(f"Lỗi: {result.error}\n")
    return 2


def _status_json(status: PrinterStatus | None) -> dict | None:
    """The printer's answer as flags; None (JSON null) when it is not known."""
    if status is None:
        return None
    flags = {f.name: getattr(status, f.name) for f in fields(status) if f.name != "raw"}
    return {**flags, "description": status.description}


def _why_unknown(result: service.PrintResult) -> str:
    """A ticket that went out without a known status: the printer kept silent, or the
    link cannot ask (a file, a print queue)."""
    if result.status_asked:
        return "máy in không trả lời lệnh hỏi trạng thái"
    return "đường nối này không hỏi được trạng thái máy in"
