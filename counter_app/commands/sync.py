"""``counter-app sync …``: synchronising with the central server (docs/SYNC.md)."""

from __future__ import annotations

from counter_app.commands import system_core
from counter_app.sync import inbound


def register(sub, common) -> None:
    s = sub.add_parser("sync", parents=[common], help="đồng bộ với máy chủ trung tâm")
    ssub = s.add_subparsers(dest="sync_command", metavar="LỆNH", required=True)
    q = ssub.add_parser("quarantine", parents=[common],
                        help="các sự kiện nhận về chưa áp dụng được (đang chờ hoặc bị từ chối)")
    q.set_defaults(handler=cmd_quarantine)


def cmd_quarantine(args, out) -> int:
    with system_core(args) as core:
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
