"""``counter-app audit``: the audit trail from the event log — who did what, when, on
which PC and counter — filtered by officer, dossier, dates and action, with the hash
chains' check; ``--xlsx FILE`` writes it as a spreadsheet. Needs a leader's or an
administrator's login (``--user``): the log names officers and citizens' dossiers.
"""

from __future__ import annotations

from pathlib import Path

from counter_app.commands import command_core
from counter_app.domain.event_labels import EVENT_LABELS
from counter_app.reports.period import parse_date
from counter_app.services import audit


def register(sub, common) -> None:
    p = sub.add_parser("audit", parents=[common],
                       help="nhật ký hoạt động: ai làm gì, khi nào, ở máy và quầy nào")
    p.add_argument("--officer", metavar="TÊN_ĐĂNG_NHẬP", help="chỉ việc của cán bộ này")
    p.add_argument("--dossier", metavar="MÃ_HỒ_SƠ", help="chỉ việc liên quan hồ sơ có mã "
                   "này (hoặc chứa đoạn mã này)")
    p.add_argument("--from", dest="start", metavar="NGÀY", help="từ ngày, dạng YYYY-MM-DD")
    p.add_argument("--to", dest="end", metavar="NGÀY",
                   help="đến ngày (tính cả ngày này), dạng YYYY-MM-DD")
    p.add_argument("--action", choices=sorted(EVENT_LABELS), metavar="THAO_TÁC",
                   help="chỉ một loại thao tác, ví dụ dossier.received, ticket.call, "
                   "officer.updated, login.failed")
    p.add_argument("--limit", type=int, default=audit.DEFAULT_LIMIT, metavar="SỐ_DÒNG",
                   help=f"số sự kiện mới nhất được in (mặc định {audit.DEFAULT_LIMIT})")
    p.add_argument("--xlsx", type=Path, metavar="TỆP", help="ghi ra tệp Excel (.xlsx)")
    p.set_defaults(handler=cmd_audit)


def cmd_audit(args, out) -> int:
    f = audit.AuditFilter(
        officer=args.officer, dossier=args.dossier, action=args.action,
        start=parse_date(args.start, "--from") if args.start else None,
        end=parse_date(args.end, "--to") if args.end else None)
    with command_core(args) as core:
        chain = audit.chain_status(core)
        if args.xlsx is not None:
            written = audit.export(core, f, args.xlsx, chain["summary"])
            out.result({**written, "chain": chain},
                       f"Đã ghi {written['rows']} sự kiện vào {args.xlsx}.\n{chain['summary']}")
            return 0 if chain["ok"] else 1
        found = audit.search(core, f, args.limit)
    out.result({**found, "chain": chain}, lambda: _text(found, chain))
    return 0 if chain["ok"] else 1


def _text(found: dict, chain: dict) -> str:
    lines = [" | ".join(filter(None, (
        r["time"], r["officer"] + (f" ({r['username']})" if r["username"] else ""),
        r["action"], r["object"], r["details"],
        (f"quầy {r['counter']}, " if r["counter"] else "")
        + ("máy này" if r["this_device"] else f"máy {r['device_id']}"))))
        for r in found["rows"]]
    shown = len(found["rows"])
    lines.append(f"{shown} sự kiện" if shown == found["total"] else
                 f"{shown}/{found['total']} sự kiện mới nhất (thêm --limit để xem nhiều hơn)")
    lines.append(chain["summary"])
    return "\n".join(lines)
