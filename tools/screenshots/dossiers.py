"""Screenshots of Tra cứu hồ sơ: ``python -m tools.screenshots dossiers OUTDIR``.

A fresh demo office on a fixed afternoon (Monday 23/11/2026 15:30 in Hà Nội),
about thirty dossiers received over the three weeks before, taken through every
step (transferred, supplement asked and received, resolved, returned, withdrawn,
stopped, an apology), some of them overdue. Writes at 1280×800: dossiers.png
(the list), dossier-detail.png (one dossier's history), dossier-info.png,
dossier-documents.png, dossier-apology.png (a dialog), dossier-book.png,
dossier-slips.png (the guidance and refusal slips tab), dossier-competent-info.png
and dossier-competent.png (a dossier received on behalf of another commune: the note
and the dialog recording the competent agency's receipt).
docs/images/ holds dossiers.png and dossier-detail.png. Run offscreen
(``QT_QPA_PLATFORM=offscreen``) or under ``xvfb-run``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.domain.statuses import Channel
from counter_app.services import attachments, dossiers, intake, officers, setup
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest
from tools.screenshots.common import log_in, run_in_demo, run_shell, save, wait_until
from ui.pages.dossiers.detail import TAB_DOCUMENTS, TAB_HISTORY, TAB_INFO
from ui.qt import QApplication
from ui.shell import Shell

WINDOW_SIZE = (1280, 800)
MOMENT = datetime(2026, 11, 23, 15, 30, tzinfo=LOCAL_TZ)
PEOPLE = ("Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Phúc", "Phạm Thị Hương",
          "Hoàng Minh Tuấn", "Vũ Thị Thu Hà", "Đặng Quốc Bảo", "Bùi Thị Lan Anh",
          "Đỗ Văn Hùng", "Ngô Thị Mỹ Duyên", "Dương Văn Khánh", "Lý Thị Kim Oanh",
          "Hồ Đức Thắng", "Mai Thị Ánh Tuyết", "Trịnh Văn Lộc")
PROCEDURES = ("DEMO-HT-05", "DEMO-CT-03", "DEMO-KD-01", "DEMO-BT-02", "DEMO-CT-04",
              "DEMO-BT-01", "DEMO-HT-01", "DEMO-CT-01")
# What happens to dossier i after intake (cycled), each step one working hour later.
STORIES = (
    (), ("transfer",), ("transfer", "resolve"), ("transfer", "resolve", "return"),
    ("transfer", "supplement"), ("transfer", "supplement", "supplement_received"),
    ("transfer",), ("withdraw",), ("transfer", "stop"),
    ("transfer", "supplement", "supplement_received", "apology"), (),
    ("transfer", "resolve", "return"),
)
STORY_SHOWN = 21
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def applicant(i: int) -> Applicant:
    return Applicant(full_name=PEOPLE[i % len(PEOPLE)], id_number=f"0010{i:02d}012345"[:12],
                     phone=f"09{i:02d}345678", address=f"Số {i + 3}, tổ {i % 7 + 1}, "
                     "Phường Ba Đình, Hà Nội")


def step(core: Core, code: str, action: str, when: datetime) -> None:
    core.clock = FixedClock(ms(when))
    d = dossiers.by_code(core, code)
    if action == "transfer":
        dossiers.transfer(core, code, d["deciding_agency"], "Trần Văn Nam", "Kèm phiếu 05")
    elif action == "supplement":
        dossiers.request_supplement(core, code, "Bản sao chưa chứng thực",
                                    [{"name": d["documents"][0]["name"], "original": True}])
    elif action == "apology":
        new_due = dossiers.parse_utc(d["due_at"]) + timedelta(days=7)
        dossiers.apologize(core, code, "Phải xác minh thêm tại nơi cư trú cũ", new_due)
    elif action == "return":
        dossiers.return_result(core, code, "")
    elif action in ("withdraw", "stop"):
        getattr(dossiers, action)(core, code, "Công dân đề nghị" if action == "withdraw"
                                  else "Không đủ điều kiện giải quyết")
    else:                                   # resolve, supplement_received
        getattr(dossiers, action)(core, code)


def make_dossiers(db_path: Path, config_path: Path, count: int = 30) -> list[str]:
    """``count`` dossiers over the 20 days before MOMENT, oldest first; their codes."""
    codes = []
    with Core.open(db_path, config_path) as core:
        officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)
        for i in range(count):
            received = MOMENT - timedelta(days=20) + timedelta(hours=16 * i + 1)
            received = received.replace(hour=8 + i % 8, minute=(i * 7) % 60)
            core.clock = FixedClock(ms(received))
            online = i % 5 == 3
            d = intake.receive(core, IntakeRequest(
                PROCEDURES[i % len(PROCEDURES)], applicant(i),
                channel=Channel.ONLINE if online else Channel.DIRECT,
                portal_code=f"G09.20-{received:%Y%m%d}-00{i:05d}" if online else ""))
            codes.append(d["code"])
            if i % 3 == 0:
                scan = db_path.parent / f"scan-{i}.pdf"
                scan.write_bytes(PDF + str(i).encode())
                core.clock = FixedClock(ms(received + timedelta(minutes=4)))
                attachments.attach(core, d["code"], scan, 0)
            when = received
            for k, action in enumerate(STORIES[i % len(STORIES)]):
                when = (when + timedelta(days=1)).replace(hour=8 + 2 * k, minute=10 + 11 * k)
                step(core, d["code"], action, min(when, MOMENT - timedelta(minutes=5)))
        make_slips(core)
    return codes


def make_slips(core: Core, count: int = 7) -> None:
    """Guidance and refusal slips given at the counter over the same weeks (no dossier)."""
    for i in range(count):
        core.clock = FixedClock(ms(MOMENT - timedelta(days=18 - 3 * i, hours=i % 4)))
        guidance = i % 3 != 2
        intake.receive(core, IntakeRequest(
            PROCEDURES[(i * 3) % len(PROCEDURES)], applicant(i + 4),
            outcome="incomplete" if guidance else "refused",
            reason="Hồ sơ thiếu giấy tờ theo quy định" if guidance
            else "Thủ tục không thuộc thẩm quyền của UBND cấp xã",
            missing=[{"name": "Bản sao giấy khai sinh", "original": True}] if guidance else [],
            citizen_not_write=i % 4 == 1))


def capture(app: QApplication, shell: Shell, codes: list[str], out: Path) -> None:
    window = log_in(app, shell)
    page = window.open_section("dossiers")
    wait_until(app, lambda: page.result is not None and page.options is not None)
    save(window, out / "dossiers.png")
    page.open_code(codes[STORY_SHOWN])   # a scan, supplement, new date, apology
    wait_until(app, lambda: page.view is not None and page.result is not None
               and page.table.selected_code() == page.view.dossier["code"])
    save(window, out / "dossier-info.png")
    page.detail.tabs.setCurrentIndex(TAB_HISTORY)
    save(window, out / "dossier-detail.png")
    page.detail.tabs.setCurrentIndex(TAB_DOCUMENTS)
    save(window, out / "dossier-documents.png")
    page.filters.search_edit.setText("")
    page.filters.overdue_box.setChecked(True)
    wait_until(app, lambda: page.result is not None and page.result.query.overdue)
    page.table.selectRow(0)
    wait_until(app, lambda: page.view is not None and "apology" in page.view.actions)
    page.request_action("apology")
    wait_until(app, lambda: page.dialog is not None and page.dialog.isVisible())
    page.dialog.reason_edit.setText("Phải lấy thêm ý kiến của cơ quan thuế")
    save(page.dialog, out / "dossier-apology.png")
    page.dialog.reject()
    book = page.open_book_dialog()
    wait_until(app, lambda: book.info is not None and book.isVisible())
    save(book, out / "dossier-book.png")
    book.reject()
    capture_payment(app, window, page, codes[1], out)
    page.tabs.setCurrentWidget(page.slips)
    wait_until(app, lambda: page.slips.result is not None and len(page.slips.rows) > 1)
    page.slips.table.selectRow(1)
    wait_until(app, lambda: page.slips.detail.isVisible())
    save(window, out / "dossier-slips.png")
    page.tabs.setCurrentIndex(0)
    capture_competent(app, window, page, out)


def capture_competent(app: QApplication, window, page, out: Path) -> None:
    """A dossier taken this morning for UBND xã Bên Cạnh, its due date waiting for that
    commune's receipt: the note on the detail (dossier-competent-info.png) and the dialog
    that records the receipt (dossier-competent.png)."""
    received = MOMENT.replace(hour=8, minute=40)
    code = page._worker.call(lambda core: intake.receive(core, IntakeRequest(
        "DEMO-HT-05", applicant(40), received_at=received,
        competent_agency="UBND xã Bên Cạnh")))["code"]
    page.open_code(code)
    wait_until(app, lambda: page.view is not None and page.view.dossier["code"] == code
               and "competent" in page.view.actions)
    page.detail.tabs.setCurrentIndex(TAB_INFO)
    save(window, out / "dossier-competent-info.png")
    page.request_action("competent")
    wait_until(app, lambda: page.dialog is not None and page.dialog.isVisible())
    page.dialog.set_moment(MOMENT.replace(hour=14, minute=10))
    save(page.dialog, out / "dossier-competent.png")
    page.dialog.reject()


def open_step(app: QApplication, page, key: str) -> None:
    page.request_action(key)
    wait_until(app, lambda: page.dialog is not None and page.dialog.isVisible())


def confirm_step(app: QApplication, page, done) -> None:
    """OK in the open step dialog; wait until the dossier shown satisfies ``done``."""
    page.dialog.accept()
    wait_until(app, lambda: page.dialog is None and not page.busy and done(page.view.dossier))
    page.detail.tabs.setCurrentIndex(TAB_INFO)


def capture_payment(app: QApplication, window, page, code: str, out: Path) -> None:
    """Dossier 1 (DEMO-CT-03) owes 50.000 đồng: the payment dialog, then the detail."""
    page.filters.overdue_box.setChecked(False)
    page.open_code(code)
    wait_until(app, lambda: page.view is not None and page.view.dossier["code"] == code
               and "pay" in page.view.actions)
    open_step(app, page, "pay")
    page.dialog.method_combo.setCurrentIndex(page.dialog.method_combo.findData("transfer"))
    page.dialog.reference_edit.setText("FT26327123456")
    save(page.dialog, out / "dossier-payment.png")
    confirm_step(app, page, lambda d: d["fee_paid"] == 50000)
    save(window, out / "dossier-paid.png")
    capture_fees(app, window, page, out)


def capture_fees(app: QApplication, window, page, out: Path) -> None:
    """The paid dossier's fee corrected (an exemption decided later, with the reason):
    the dialog, the detail showing the money owed back, then the refund dialog."""
    open_step(app, page, "fees")
    row = page.dialog.rows[0]
    row.exempt.setChecked(True)
    row.reason.setText("Người có công với cách mạng")
    page.dialog.reason_edit.setText("Giấy chứng nhận người có công nộp sau khi tiếp nhận")
    save(page.dialog, out / "dossier-fees.png")
    confirm_step(app, page, lambda d: d["fee_total"] == 0)
    save(window, out / "dossier-refund-due.png")
    open_step(app, page, "refund")
    save(page.dialog, out / "dossier-refund.png")
    page.dialog.reject()
    wait_until(app, lambda: page.dialog is None)


def main(argv: list[str] | None = None) -> int:
    def shoot(app, demo, out):
        run_shell(app, demo, out, lambda a, shell, o: capture(a, shell, demo.prepared, o),
                  ms(MOMENT))
    return run_in_demo(argv, "tools.screenshots dossiers", shoot, prepare=make_dossiers,
                       setup_clock_ms=ms(MOMENT - timedelta(days=30)))
