"""``counter-app form list|validate|fill``: citizens' application forms from templates.

``fill`` prefills from the ID card QR (the requester with ``--citizen-qr``, other
people with ``--person-qr NHÓM:SỐ=…``), lets a JSON data file override, checks the
result and writes the A4 PDF. Problems exit 2, in Vietnamese, with no PDF — unless
``--draft`` asks for a partly filled form to complete by hand (exit 0, ``"ok": false``).
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

from counter_app import config
from counter_app.commands import citizen_form_sets
from counter_app.domain import cccd
from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.form_templates import Template, TemplateError
from counter_app.errors import UserInputError
from counter_app.services import form_templates as forms


def register(sub, common) -> None:
    p = sub.add_parser("form", parents=[common],
                       help="tờ khai, đơn của công dân (Công dân không viết)")
    fsub = p.add_subparsers(dest="form_command", metavar="LỆNH", required=True)
    ls = fsub.add_parser("list", parents=[common], help="liệt kê các mẫu tờ khai, đơn")
    ls.set_defaults(handler=cmd_list)
    v = fsub.add_parser("validate", parents=[common], help="kiểm tra một tệp mẫu")
    v.add_argument("file", type=Path, metavar="TỆP_MẪU", help="tệp mẫu (.yaml) cần kiểm tra")
    v.set_defaults(handler=cmd_validate)
    f = fsub.add_parser("fill", parents=[common], help="điền một mẫu và ghi ra tệp PDF")
    f.add_argument("template", metavar="MẪU", help="mã mẫu (to-khai-khai-sinh) hoặc tệp mẫu")
    f.add_argument("--data", type=Path, metavar="TỆP", help="tệp JSON các giá trị đã nhập")
    f.add_argument("--citizen-qr", metavar="MÃ_QR", help="nội dung mã QR thẻ căn cước người yêu cầu")
    f.add_argument("--person-qr", action="append", default=[], metavar="NHÓM[:SỐ]=MÃ_QR",
                   help="mã QR thẻ của một người trong nhóm, ví dụ cha_me:2=… (người thứ 2)")
    f.add_argument("--date", type=date.fromisoformat, metavar="NGÀY",
                   help="ngày làm tờ khai, dạng YYYY-MM-DD (mặc định: hôm nay)")
    f.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp PDF cần ghi")
    f.add_argument("--draft", action="store_true",
                   help="vẫn ghi PDF khi còn thiếu, sai (để viết tay phần còn lại)")
    f.set_defaults(handler=cmd_fill)
    citizen_form_sets.register(fsub, common)


def cmd_list(args, out) -> int:
    entries = forms.catalogue(forms.admin_dir(args.db))
    out.result([e.to_dict() for e in entries], lambda: _list_text(entries))
    return 0


def _list_text(entries) -> str:
    lines = []
    for e in entries:
        title = e.template.title if e.template else "(lỗi, không dùng được)"
        where = " [quản trị viên" + (", thay mẫu có sẵn]" if e.replaces_shipped else "]") \
            if e.origin == "admin" else ""
        lines.append(f"{e.id:<40} {title}{where}")
        lines += [f"    {p}" for p in e.problems]
    return "\n".join(lines) or "Chưa có mẫu nào."


def cmd_validate(args, out) -> int:
    try:
        template = forms.load_file(args.file)
    except TemplateError as exc:
        if args.json:
            out.result({"ok": False, "file": str(args.file),
                        "problems": [p.to_dict() for p in exc.problems]}, "")
        else:
            sys.stderr.write("Mẫu không hợp lệ:\n" + "".join(f"{p}\n" for p in exc.problems))
        return 2
    out.result({"ok": True, "file": str(args.file), "id": template.id,
                "title": template.title, "problems": []},
               f"Mẫu hợp lệ: {template.id} — {template.title} ({len(template.fields)} trường, "
               f"{len(template.groups)} nhóm).")
    return 0


def cmd_fill(args, out) -> int:
    template = forms.find(args.template, forms.admin_dir(args.db))
    today = args.date or datetime.now(LOCAL_TZ).date()
    citizen = cccd.parse(args.citizen_qr, today) if args.citizen_qr else None
    people = _people(template, args.person_qr, today)
    office = config.load(args.config).office
    context = forms.form_context(office, today, citizen, people)
    filled = forms.fill_form(template, context, _typed(args.data))
    path = forms.save_pdf(filled, args.out) if filled.ok or args.draft else None
    problems = [p.to_dict() for p in filled.problems]
    out.result({"ok": filled.ok, "template": template.id,
                "path": str(path) if path else None, "problems": problems},
               lambda: _fill_text(template, path, len(problems)))
    if filled.problems and not args.json:
        sys.stderr.write("".join(f"- {p['message']}\n" for p in problems))
    return 0 if path else 2


def _fill_text(template: Template, path: Path | None, problems: int) -> str:
    name = template.title.lower()
    if path is None:
        return f"Chưa ghi tệp PDF: {name} còn {problems} chỗ thiếu, sai (xem dưới đây)."
    if problems:
        return f"Đã ghi bản nháp {name} vào {path} (còn {problems} chỗ thiếu, sai)."
    return f"Đã ghi {name} vào {path}."


def _typed(path: Path | None) -> dict:
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UserInputError(f"Không mở được tệp dữ liệu {path}: {exc.strerror or exc}.") \
            from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserInputError(f"Tệp dữ liệu {path} không phải JSON hợp lệ ({exc}).") from None
    if not isinstance(data, dict):
        raise UserInputError(f"Tệp dữ liệu {path} phải là một đối tượng JSON "
                             "{\"mã_trường\": \"giá trị\", …}.")
    return data


def _people(template: Template, specs: list[str], today: date) -> dict[str, list]:
    """``cha_me:2=<QR>`` → the card read into entry 2 of group ``cha_me``."""
    people: dict[str, list] = {}
    for spec in specs:
        target, sep, qr = spec.partition("=")
        name, _, number = target.partition(":")
        group = template.group(name.strip())
        if not sep or group is None:
            groups = ", ".join(g.id for g in template.groups) or "(mẫu không có nhóm)"
            raise UserInputError(f"--person-qr '{target}': cần dạng NHÓM[:SỐ]=QR với NHÓM là "
                                 f"một trong: {groups}.")
        slots = people.setdefault(group.id, [])
        index = int(number) - 1 if number.strip().isdigit() else len(slots)
        if not 0 <= index < group.maximum:
            raise UserInputError(f"--person-qr: nhóm '{group.id}' chỉ có từ 1 đến "
                                 f"{group.maximum} người.")
        slots += [None] * (index + 1 - len(slots))
        slots[index] = cccd.parse(qr, today)
    return people
