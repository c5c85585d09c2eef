"""``counter-app print formNN …``: the official forms of a dossier as PDF files."""

from __future__ import annotations

from pathlib import Path

from counter_app.commands import command_core
from counter_app.errors import UserInputError
from counter_app.services import documents, slips

LABELS = {"form01": "giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)",
          "form02": "phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)",
          "form03": "phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03)",
          "form04": "phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)",
          "form05": "phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 05; mẫu 06 của TT 03/2025)",
          "stop_notice": "thông báo dừng giải quyết hồ sơ (mẫu 05 của TT 03/2025)"}


def register(sub, common) -> None:
    p = sub.add_parser("print", parents=[common], help="in các mẫu phiếu ra tệp PDF")
    psub = p.add_subparsers(dest="form", metavar="MẪU", required=True)
    for form, label in LABELS.items():
        f = psub.add_parser(form, parents=[common], help=label)
        f.add_argument("code", metavar="MÃ_HỒ_SƠ", help="mã hồ sơ (mẫu 02, 03: hoặc số phiếu)")
        f.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp PDF cần ghi")
        if form == "form01":
            f.add_argument("--copies", type=int, choices=[1, 2], default=1, metavar="SỐ_LIÊN",
                           help="2: in hai liên (Liên 1 lưu, Liên 2 giao người nộp)")
        f.set_defaults(handler=cmd_form)
    b = psub.add_parser("form06", parents=[common], help="sổ theo dõi hồ sơ (mẫu 06) của một năm")
    b.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm của sổ")
    b.add_argument("--book", type=int, metavar="SỐ", help="chỉ một quyển sổ")
    b.add_argument("--out", type=Path, required=True, metavar="TỆP",
                   help="tệp cần ghi: PDF, hoặc sổ tính Excel nếu tên tệp kết thúc bằng .xlsx")
    b.set_defaults(handler=cmd_book)


def cmd_form(args, out) -> int:
    with command_core(args) as core:
        slip = slips.find(core, args.code) if args.form in ("form02", "form03") else None
        if slip is not None:    # a guidance or refusal slip given at the counter
            if slip["form"] != args.form:
                raise UserInputError(f"Phiếu số {slip['number']} là {slip['label'].lower()}: "
                                     f"in bằng {slip['form']}.")
            path = slips.save(core, slip, args.out)
        else:
            path = documents.save(core, args.form, args.code, args.out,
                                  getattr(args, "copies", 1))
    out.result({"ok": True, "form": args.form, "code": args.code, "path": str(path)},
               f"Đã ghi {LABELS[args.form]} vào {path}.")
    return 0


def cmd_book(args, out) -> int:
    with command_core(args) as core:
        path = documents.save_book(core, args.year, args.out, args.book)
    out.result({"ok": True, "form": "form06", "year": args.year, "path": str(path)},
               f"Đã ghi sổ theo dõi hồ sơ năm {args.year} vào {path}.")
    return 0
