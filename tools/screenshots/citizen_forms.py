"""Screenshots of "Công dân không viết": ``python -m tools.screenshots citizen_forms OUTDIR``.

Run offscreen (``QT_QPA_PLATFORM=offscreen``) or under ``xvfb-run`` on a fresh demo
office at 1280×800: the page before starting, the birth declaration prefilled from the
mother's card with the father read from his own card, the set completed (and its print
preview), the intake page filled from the set, and a card with a pre-2025 address
whose two-level address is offered. docs/images/citizen-forms.png is
citizen-forms-filled.png from this script.
"""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.scans import classify
from counter_app.services import setup
from counter_app.services.codes import code_format
from tools.screenshots.common import log_in, run_in_demo, run_shell, save, wait_until
from ui.pages.citizen_forms.page import CitizenFormsPage
from ui.qt import QApplication
from ui.shell import Shell

MOTHER = ("001199012345|123456789|Nguyễn Thị Mai|03021990|Nữ|"
          "Số 1, phố Huế, phường Hai Bà Trưng, Hà Nội|15082021")
FATHER = ("001088054321||Trần Văn Bình|12071988|Nam|"
          "Số 1, phố Huế, phường Hai Bà Trưng, Hà Nội|20072024")
OLD_ADDRESS = ("001099054321||Trần Văn Bình|12071988|Nam|"
               "Số 1, Phố X, Phường Đội Cấn, Quận Ba Đình, Hà Nội|20062022")
CHILD = {"nyc_quan_he": "Mẹ", "ho_ten": "Trần Minh An", "ngay_sinh": "01/11/2026",
         "ngay_sinh_chu": "Ngày một tháng mười một năm hai nghìn không trăm hai mươi sáu",
         "gioi_tinh": "Nam", "dan_toc": "Kinh", "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
         "que_quan": "Xã Tam Đảo, tỉnh Phú Thọ"}


def fill(app: QApplication, page: CitizenFormsPage) -> None:
    fmt = page._worker.call(code_format)
    page.picker.select("DEMO-HT-01")
    page.start_new()
    wait_until(app, lambda: page.draft is not None)
    page.handle_scan(classify(MOTHER, fmt))
    editor = page.work.editors["to-khai-khai-sinh"]
    wait_until(app, lambda: page.work.editors["to-khai-khai-sinh"] is not editor)
    editor = page.work.editors["to-khai-khai-sinh"]
    editor.sections["cha_me"].cards[1].scan_button.click()
    page.handle_scan(classify(FATHER, fmt))
    for path, text in CHILD.items():
        editor.widget_for(path).set_value(text)
    editor.changed.emit()
    wait_until(app, lambda: "Đã lưu nháp" in page.work.saved_label.text())


def capture(app: QApplication, shell: Shell, out: Path) -> None:
    log_in(app, shell, "canbo1", setup.DEMO_PASSWORD)
    window = shell.main_window
    page = window.open_section("citizen_forms")
    wait_until(app, lambda: bool(page.picker.items))
    save(window, out / "citizen-forms-start.png")
    fill(app, page)
    save(window, out / "citizen-forms-problems.png")
    editor = page.work.editors["to-khai-khai-sinh"]
    editor.widget_for("cha_me[1].ho_ten").set_value("Nguyễn Thị Mai")
    editor.changed.emit()
    wait_until(app, lambda: page.work.problems.count() == 0)
    editor.scroll.verticalScrollBar().setValue(0)
    save(window, out / "citizen-forms-filled.png")
    page.complete()
    wait_until(app, lambda: page.stack.currentWidget() is page.done)
    wait_until(app, lambda: page.printer.preview is not None)
    save(page.printer.preview, out / "citizen-forms-preview.png")
    page.printer.close_preview()
    save(window, out / "citizen-forms-done.png")
    page.done.intake_button.click()
    intake = window.pages["intake"]
    wait_until(app, lambda: intake.form_sets.set_id is not None)
    save(window, out / "citizen-forms-intake.png")
    old_address(app, window, page, out)


def old_address(app: QApplication, window, page: CitizenFormsPage, out: Path) -> None:
    """A card from before the 2025 mergers: the new address offered beside the card's."""
    window.open_section("citizen_forms")
    page.next_citizen()
    page.picker.select("DEMO-HT-01")
    page.start_new()
    wait_until(app, lambda: page.draft is not None and page.stack.currentWidget() is page.work)
    page.handle_scan(classify(OLD_ADDRESS, page._worker.call(code_format)))
    wait_until(app, lambda: page.work.addresses.isVisible(), timeout=180)
    save(window, out / "citizen-forms-address.png")


def main(argv: list[str] | None = None) -> int:
    return run_in_demo(argv, "tools.screenshots citizen_forms",
                       lambda app, demo, out: run_shell(app, demo, out, capture))
