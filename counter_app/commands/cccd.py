"""``counter-app cccd parse TEXT|-``: read the QR text of a citizen ID card.

``-`` reads the text from stdin (a scanner in serial mode piped in, or a script).
Refused text exits 2 with a Vietnamese message; warnings do not change the exit code.
"""

from __future__ import annotations

import sys

from counter_app.domain import cccd


def register(sub, common) -> None:
    c = sub.add_parser("cccd", parents=[common], help="thẻ căn cước: đọc mã QR")
    csub = c.add_subparsers(dest="cccd_command", metavar="LỆNH", required=True)
    p = csub.add_parser("parse", parents=[common],
                        help="đọc nội dung mã QR trên thẻ căn cước (CCCD)")
    p.add_argument("text", metavar="NỘI_DUNG",
                   help="nội dung mã QR; dấu - để đọc từ đầu vào chuẩn (stdin)")
    p.set_defaults(handler=cmd_cccd_parse)


def _read_stdin() -> str:
    # Bytes, not the console's code page: a scanner pipes UTF-8; bad bytes become U+FFFD
    # and the parser warns about them.
    return sys.stdin.buffer.read().decode("utf-8", errors="replace")


def cmd_cccd_parse(args, out) -> int:
    text = _read_stdin() if args.text == "-" else args.text
    data = cccd.parse(text)
    out.result(data.to_dict(), lambda: render(data))
    return 0


def _date_text(value, raw: str) -> str:
    if value is not None:
        return value.strftime("%d/%m/%Y")
    return f"(không đọc được: “{raw}”)" if raw else "(không có)"


def render(data: cccd.CccdData) -> str:
    """Readable lines with Vietnamese labels, then the warnings."""
    rows = [
        ("Số định danh", data.id_number),
        ("Số CMND cũ", data.old_id_number or "(không có)"),
        ("Họ và tên", data.full_name or "(không có)"),
        ("Ngày sinh", _date_text(data.birth_date, data.birth_date_raw)),
        ("Giới tính", data.gender or "(không rõ)"),
        ("Nơi thường trú", data.address or "(không có)"),
        ("Ngày cấp", _date_text(data.issue_date, data.issue_date_raw)),
    ]
    if data.extra:
        rows.append(("Trường thêm", "; ".join(
            f"trường {i}: {value}" for i, value in enumerate(data.extra, start=8) if value)))
    lines = [f"{label + ':':<16} {value}" for label, value in rows]
    if data.warnings:
        lines.append("Cảnh báo:")
        lines.extend(f"  - {w.message} [{w.code}]" for w in data.warnings)
    return "\n".join(lines)
