"""``counter-app sync …``: synchronising with the central server (docs/SYNC.md)."""

from __future__ import annotations

import sys

from counter_app.commands import command_core
from counter_app.domain import device_roles
from counter_app.sync import client, inbound, reenroll, state


def register(sub, common) -> None:
    s = sub.add_parser("sync", parents=[common], help="đồng bộ với máy chủ trung tâm")
    ssub = s.add_subparsers(dest="sync_command", metavar="LỆNH", required=True)
    q = ssub.add_parser("quarantine", parents=[common],
                        help="các sự kiện nhận về chưa áp dụng được (đang chờ hoặc bị từ chối)")
    q.set_defaults(handler=cmd_quarantine)
    e = ssub.add_parser("enroll", parents=[common],
                        help="đăng ký máy này với máy chủ đồng bộ bằng mã dùng một lần")
    e.add_argument("--server", required=True, metavar="ĐỊA_CHỈ",
                   help="địa chỉ máy chủ, ví dụ https://dongbo.example.gov.vn")
    e.add_argument("--code", required=True, metavar="MÃ", help="mã đăng ký do quản trị viên cấp")
    e.add_argument("--label", metavar="TÊN", help="tên máy trên máy chủ (mặc định: device.name, "
                                                  "hoặc theo vai trò, ví dụ \"Quầy 3\")")
    e.add_argument("--role", metavar="VAI_TRÒ",
                   choices=[*device_roles.DEVICE_ROLES, *device_roles.ALIASES],
                   help="vai trò của máy trong văn phòng, quyết định cửa sổ mở khi khởi động: "
                        "counter (quầy, cần --counter), kiosk (ki-ốt lấy số), display hoặc "
                        "board (màn hình gọi số), support (bàn hỗ trợ \"Công dân không "
                        "viết\"), all-in-one (một máy làm tất cả); mặc định giữ vai trò hiện có")
    e.add_argument("--counter", type=int, metavar="SỐ", help="số quầy của máy quầy, ví dụ 3")
    e.set_defaults(handler=cmd_enroll)
    r = ssub.add_parser("reenroll", parents=[common],
                        help="đăng ký lại máy dưới mã thiết bị mới (máy khôi phục từ bản sao "
                             "lưu đã ghi thêm việc trước khi đồng bộ); giữ mọi sự kiện")
    r.add_argument("--label", metavar="TÊN", help="tên máy trên máy chủ (mặc định: tên cũ)")
    r.set_defaults(handler=cmd_reenroll)
    n = ssub.add_parser("now", parents=[common], help="gửi và nhận các thay đổi ngay bây giờ")
    n.set_defaults(handler=cmd_now)
    st = ssub.add_parser("status", parents=[common],
                         help="tình trạng đồng bộ: đã đăng ký chưa, số thay đổi chờ, lần cuối")
    st.set_defaults(handler=cmd_status)


def cmd_enroll(args, out) -> int:
    with command_core(args) as core:
        result = client.enroll(core, args.server, args.code, args.label,
                               role=args.role, counter=args.counter)
    role = device_roles.role_text(result["role"], result["counter"])
    out.result(result, f"Đã đăng ký máy {result['device']} với máy chủ {result['server']} "
                       f"(đơn vị {result['office']}), vai trò: {role}.")
    _warn_clock(result.get("clock_warning"))
    return 0


def cmd_reenroll(args, out) -> int:
    with command_core(args) as core:
        result = reenroll.reenroll(core, args.label)
    synced = result["sync"]
    out.result(result, f"Đã đăng ký lại: máy {result['old_device']} nay là {result['device']}; "
                       f"{result['kept_on_server']} sự kiện cũ giữ nguyên trên máy chủ, "
                       f"{result['reissued']} sự kiện chưa đồng bộ được ghi lại dưới mã mới. "
                       f"Đã gửi {synced['pushed']}, nhận {synced['pulled']} sự kiện.")
    if result["code_clashes"]:
        sys.stderr.write("Cảnh báo: các mã hồ sơ sau đã được cấp hai lần (trước và sau khi "
                         "khôi phục), cần xử lý trên giấy tờ: "
                         + ", ".join(result["code_clashes"]) + "\n")
    if synced["errors"]:
        sys.stderr.write(f"Lỗi: {synced['errors'][0]['message']}\n")
        return 2
    return 0


def cmd_now(args, out) -> int:
    """Exit 0 when done; else the failure's code (3: server unreachable, 2: refused)."""
    with command_core(args) as core:
        summary = client.sync_once(core)
    data = summary.as_dict()
    out.result(data, f"Đã gửi {summary.pushed}, nhận {summary.pulled} sự kiện"
                     + (f", {summary.quarantined} sự kiện bị giữ lại" if summary.quarantined
                        else "") + ".")
    _warn_clock(data["clock_warning"])
    if summary.failure is not None:
        sys.stderr.write(f"Lỗi: {summary.failure}\n")
        return summary.failure.exit_code
    return 0


def cmd_status(args, out) -> int:
    with command_core(args) as core:
        view = client.status_view(core)
    out.result(view, lambda: status_text(view))
    return 0


def status_text(view: dict) -> str:
    if not view["enrolled"]:
        return (f"Chưa đăng ký với máy chủ đồng bộ. Chờ đồng bộ: {view['pending']} thay đổi.")
    lines = [f"Máy chủ: {view['server']} (đơn vị {view['office']}, máy {view['device']})",
             f"Chờ đồng bộ: {view['pending']} thay đổi",
             f"Đồng bộ thành công lần cuối: {state.local_time(view['last_success'], '%H:%M %d/%m/%Y') or 'chưa có'}"]
    if view["last_error"]:
        lines.append(f"Lỗi lần gần nhất: {view['last_error']['message']}")
    if view["clock_warning"]:
        lines.append(view["clock_warning"])
    if view.get("conflict_notice"):
        lines.append(view["conflict_notice"])
    return "\n".join(lines)


def _warn_clock(warning: str | None) -> None:
    if warning:
        sys.stderr.write(f"Cảnh báo: {warning}\n")


def cmd_quarantine(args, out) -> int:
    with command_core(args) as core:
        rows = inbound.quarantine_list(core.conn)

    def text() -> str:
        if not rows:
            return "Không có sự kiện nào bị giữ lại."
        lines = [f"{len(rows)} sự kiện nhận về đang bị giữ lại:"]
        for r in rows:
            state = "chờ" if r["waiting"] else "từ chối"
            lines.append(f"  {r['event_id']}  {r['type'] or '?'}  ({state}, "
                         f"{r['attempts']} lần)  {r['reason']}")
        return "\n".join(lines)
    out.result({"count": len(rows), "events": rows}, text)
    return 0
