"""``counter-app self-test``: is everything the app loads at run time really there?

Written for the installed (PyInstaller) bundle, where a data file left out of the
build only shows when an officer first prints a ticket. Each check does the real
thing: a demo office is created in a temporary folder, a queue ticket is issued
and rendered to ESC/POS bytes by the real printing code into a file printer, a
dossier is received and its form 01 rendered to PDF and read back.

The office's own database is never opened: opening it would run migrations and
could alter it. It is only looked at (does the file exist, is it SQLite), so the
self-test can be run on a working office PC at any time.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

ESC_INIT = b"\x1b@"
GS_RASTER = b"\x1dv0"
TZ_NAME = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def to_dict(self) -> dict:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


def frozen() -> bool:
    """True inside the PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def _n(number: int) -> str:
    """12.345 as Vietnamese writes thousands."""
    return f"{number:,}".replace(",", ".")


def run_check(name: str, probe: Callable[[], str]) -> Check:
    """Run one probe; any exception is a failed check with its reason, never a crash."""
    try:
        return Check(name, True, probe())
    except Exception as exc:  # the report must go on to the next check
        log.warning("self-test %r failed", name, exc_info=True)
        reason = str(exc) or type(exc).__name__
        return Check(name, False, f"{type(exc).__name__}: {reason}")


def timezone() -> str:
    """Windows has no IANA zone database: without the tzdata package every
    appointment date would be computed in the wrong zone, or not at all."""
    from zoneinfo import ZoneInfo
    offset = datetime(2026, 1, 1, tzinfo=ZoneInfo(TZ_NAME)).utcoffset()
    if offset != timedelta(hours=7):
        raise ValueError(f"múi giờ {TZ_NAME} cho độ lệch {offset}, cần +07:00")
    if importlib.util.find_spec("tzdata") is not None:   # installed where needed: Windows
        source = "gói tzdata"
    elif sys.platform == "win32":
        raise RuntimeError("thiếu gói tzdata (Windows không có sẵn dữ liệu múi giờ)")
    else:
        source = "dữ liệu múi giờ của hệ điều hành"
    return f"{TZ_NAME}, UTC+07:00 ({source})"


def ticket_fonts() -> str:
    from printing.fonts import WEIGHTS, font, font_path
    used = {font_path(weight).name for weight in WEIGHTS}
    for weight in WEIGHTS:
        font(weight, 24)          # really load each file
    if not all(name.startswith("BeVietnamPro") for name in used):
        raise RuntimeError("không có Be Vietnam Pro (gói fontpkg-be-vietnam-pro); đang dùng "
                           + ", ".join(sorted(used)))
    return f"Be Vietnam Pro, {len(used)} kiểu chữ"


def form_fonts() -> str:
    from printing.documents.fonts import SHIPPED, serif_family, shipped_files
    missing = [str(p) for p in shipped_files().values() if not p.is_file()]
    if missing:
        raise FileNotFoundError("thiếu tệp phông " + ", ".join(missing))
    return f"dùng {serif_family().source}; Liberation Serif đi kèm đủ {len(SHIPPED)} tệp"


def templates() -> str:
    from counter_app.services import form_templates, official_forms
    entries = form_templates.catalogue()
    broken = [e.id for e in entries if e.template is None]
    if not entries or broken:
        raise RuntimeError(f"mẫu tờ khai lỗi hoặc thiếu: {', '.join(broken) or 'không có mẫu'}")
    sets = sorted(official_forms.SHIPPED_DIR.glob("*.yaml"))
    for path in sets:
        official_forms.load_set(path)
    if not sets:
        raise FileNotFoundError(f"không có bộ mẫu một cửa trong {official_forms.SHIPPED_DIR}")
    return f"{len(entries)} mẫu tờ khai, {len(sets)} bộ mẫu một cửa"


def demo_office(folder: Path) -> tuple[Path, Path, str]:
    """A demo office in ``folder``; returns (db, config, a detail line)."""
    from counter_app.services.setup import initialise
    from counter_app.services.core import Core
    from db.check import check
    db, config = folder / "self-test.sqlite", folder / "self-test.config.json"
    initialise(db, config, demo=True)
    with Core.open(db, config, system=True) as core:
        report = check(core.conn, db)
    if not report["ok"]:
        raise RuntimeError("; ".join(report["problems"]))
    return db, config, (f"tạo văn phòng mẫu trong thư mục tạm, lược đồ phiên bản "
                        f"{report['schema_version']}, {report['event_count']} sự kiện")


def ticket(db: Path, config: Path) -> str:
    """A queue ticket issued and printed to a file printer: the real raster path,
    with python-escpos and its capability data."""
    from counter_app.services import queue, ticket_printing
    from counter_app.services.core import Core
    out = db.parent / "ticket.escpos"
    with Core.open(db, config, system=True) as core:
        issued = queue.issue_ticket(core, "A")
        result = ticket_printing.print_now(core, issued["id"], url=f"file:{out}")
    if not result.ok:
        raise RuntimeError(result.error or "không in được")
    data = out.read_bytes()
    if not data.startswith(ESC_INIT) or GS_RASTER not in data:
        raise ValueError("tệp in ra không phải lệnh ESC/POS dạng ảnh (ESC @, GS v 0)")
    return f"phiếu {issued['number']}: {_n(len(data))} byte ESC/POS"


def form01(db: Path, config: Path) -> str:
    """A dossier received by a demo officer and its receipt (form 01) rendered and
    read back: reportlab, the serif fonts, the form set, argon2 for the login."""
    import pypdfium2 as pdfium
    from counter_app.services import documents, intake, officers
    from counter_app.services.citizens import Applicant
    from counter_app.services.core import Core
    from counter_app.services.demo import DEMO_PASSWORD
    from counter_app.services.intake import IntakeRequest
    with Core.open(db, config) as core:
        officers.authenticate(core, "canbo1", DEMO_PASSWORD, via="cli")
        request = IntakeRequest("DEMO-HT-05", Applicant(full_name="Nguyễn Văn Thử",
                                                         id_number="001099012345"))
        code = intake.receive(core, request)["code"]
        pdf = documents.render(core, "form01", code)
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = len(doc)
        text = doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    if "TIẾP NHẬN" not in text.upper() or "Nguyễn Văn Thử" not in text:
        raise ValueError("PDF mẫu 01 không đọc lại được chữ tiếng Việt")
    return f"hồ sơ {code}: {pages} trang, {_n(len(pdf))} byte"


def office_database(db: Path) -> str:
    """Only looked at, never opened (opening would migrate it)."""
    from db.connection import check_header
    if not check_header(db):
        return f"{db}: chưa có (sẽ được tạo khi mở phần mềm)"
    return f"{db}: có, {_n(db.stat().st_size)} byte (không mở, không thay đổi)"


def run_all(office_db: Path, qt_probe: Callable[[], str] | None) -> list[Check]:
    """Every check, in the order an officer's work needs them."""
    checks = [run_check("Múi giờ", timezone),
              run_check("Phông chữ phiếu số thứ tự", ticket_fonts),
              run_check("Phông chữ biểu mẫu", form_fonts),
              run_check("Mẫu tờ khai, bộ mẫu một cửa", templates)]
    with tempfile.TemporaryDirectory(prefix="counter-app-self-test-",
                                     ignore_cleanup_errors=True) as tmp:
        made: list[tuple[Path, Path]] = []

        def office() -> str:
            db, config, detail = demo_office(Path(tmp))
            made.append((db, config))
            return detail
        checks.append(run_check("Cơ sở dữ liệu (thử, thư mục tạm)", office))
        if made:
            db, config = made[0]
            checks.append(run_check("In phiếu số thứ tự (ESC/POS ra tệp)",
                                    lambda: ticket(db, config)))
            checks.append(run_check("Giấy tiếp nhận mẫu 01 (PDF)", lambda: form01(db, config)))
    if qt_probe is not None:
        checks.append(run_check("Giao diện Qt", qt_probe))
    checks.append(run_check("Dữ liệu của văn phòng", lambda: office_database(office_db)))
    return checks
