"""``counter-app catalogue import|export|list|versions|groups``: the procedure catalogue (TTHC).

File layout: docs/catalogue-format.md. Imports are all or nothing and are
recorded as the system (whoever can reach the database file administers it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from counter_app.catalogue_io import FORMATS
from counter_app.commands import command_core
from counter_app.domain.catalogue import format_days
from counter_app.errors import UserInputError
from counter_app.services import catalogue


def register(sub, common) -> None:
    c = sub.add_parser("catalogue", parents=[common],
                       help="danh mục lĩnh vực và thủ tục hành chính")
    csub = c.add_subparsers(dest="catalogue_command", metavar="LỆNH", required=True)
    i = csub.add_parser("import", parents=[common],
                        help="nhập danh mục từ tệp .csv, .xlsx hoặc .json")
    i.add_argument("file", type=Path, metavar="TỆP", help="tệp danh mục (định dạng theo đuôi tệp)")
    i.set_defaults(handler=cmd_import)
    e = csub.add_parser("export", parents=[common], help="xuất toàn bộ danh mục ra tệp")
    e.add_argument("--format", choices=sorted(FORMATS), metavar="ĐỊNH_DẠNG",
                   help="csv | xlsx | json "
                   "(mặc định: theo đuôi của --out)")
    e.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp sẽ ghi (ghi đè nếu đã có)")
    e.set_defaults(handler=cmd_export)
    ls = csub.add_parser("list", parents=[common], help="liệt kê, tìm thủ tục")
    ls.add_argument("--search", metavar="CHUỖI", help="tìm theo mã hoặc tên, không cần gõ dấu")
    ls.add_argument("--field", metavar="MÃ", help="chỉ thủ tục của lĩnh vực có mã này")
    ls.add_argument("--all", action="store_true", help="kể cả thủ tục đã ngừng áp dụng")
    ls.set_defaults(handler=cmd_list)
    v = csub.add_parser("versions", parents=[common],
                        help="các phiên bản theo ngày hiệu lực của một thủ tục")
    v.add_argument("code", metavar="MÃ", help="mã thủ tục")
    v.add_argument("--on", metavar="NGÀY", help="chỉ phiên bản áp dụng vào ngày này (YYYY-MM-DD)")
    v.set_defaults(handler=cmd_versions)
    g = csub.add_parser("groups", parents=[common], help="các nhóm thủ tục liên thông")
    g.set_defaults(handler=cmd_groups)


def cmd_import(args, out) -> int:
    with command_core(args) as core:
        result = catalogue.import_file(core, args.file)
    out.result(result.to_dict(), result.summary())
    return 0


def cmd_export(args, out) -> int:
    with command_core(args) as core:
        report = catalogue.export_file(core, args.out, args.format)
    out.result(report, f"Đã xuất {report['fields']} lĩnh vực, {report['procedures']} thủ tục "
                       f"ra {args.out} ({report['format']}).")
    return 0


def cmd_list(args, out) -> int:
    with command_core(args) as core:
        fields = catalogue.list_fields(core)
        procedures = catalogue.list_procedures(core, args.search, args.field, args.all)
    if args.field:
        fields = [f for f in fields if f.code == args.field.strip()]
    names = {f.code: f.name for f in fields}
    data = {"fields": [f.to_dict() for f in fields],
            "procedures": [p.to_dict() | {"field_name": names.get(p.field_code, "")}
                           for p in procedures]}
    out.result(data, lambda: _table(procedures, names))
    return 0


def cmd_versions(args, out) -> int:
    with command_core(args) as core:
        if args.on:
            try:
                day = date.fromisoformat(args.on)
            except ValueError:
                raise UserInputError(f"Ngày {args.on!r} không hợp lệ (dạng YYYY-MM-DD).") from None
            versions = [catalogue.procedure_in_force(core, args.code, day)]
        else:
            versions = catalogue.versions_of(core, args.code)
    data = {"code": versions[0].code, "versions": [p.to_dict() for p in versions]}
    out.result(data, lambda: "\n".join(
        f"{p.effective_from or 'bản gốc':<10} {p.name} — "
        f"{format_days(p.processing_days)} ngày; {p.legal_basis}" for p in versions))
    return 0


def cmd_groups(args, out) -> int:
    with command_core(args) as core:
        groups = catalogue.list_groups(core, include_inactive=True)
    out.result({"groups": [g.to_dict() for g in groups]}, lambda: "\n".join(
        f"{g.code:<14} {g.name}: {', '.join(g.procedures)}"
        + ("" if g.active else " (ngừng áp dụng)") for g in groups)
        or "Chưa có nhóm thủ tục liên thông nào.")
    return 0


def _table(procedures, names: dict[str, str]) -> str:
    if not procedures:
        return "Không có thủ tục nào khớp."
    lines = []
    for p in procedures:
        days = "trong ngày" if p.same_day else f"{format_days(p.processing_days)} ngày làm việc"
        flags = ("" if p.active else " (ngừng áp dụng)") + (" [mẫu]" if p.demo else "")
        lines.append(f"{p.code:<14} {p.name} — {names.get(p.field_code, p.field_code)}, "
                     f"{days}{flags}")
    return "\n".join(lines) + f"\n{len(procedures)} thủ tục."
