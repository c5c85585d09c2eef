"""Screenshots of Tiếp nhận hồ sơ: ``python -m tools.screenshots intake OUTDIR``.

Run offscreen (``QT_QPA_PLATFORM=offscreen``) or under ``xvfb-run`` on a fresh
demo office, at 1280×800 (``tools.screenshots.common.WINDOW_SIZE``): the page empty (a
ticket being served), filled from a scanned ID card, the card-conflict
question, the form 02 dialog, the page after receiving and the print preview
of form 01, a guidance slip, a pre-2025 card address offered in its two-level
form (intake-address.png), and a dossier received on behalf of another commune
(intake-competent.png). docs/images/intake.png is intake-card.png and
docs/images/intake-done.png is intake-done.png from this script.
"""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.permissions import Device
from counter_app.domain.scans import classify
from counter_app.services import officers, queue, setup
from counter_app.services.codes import code_format
from counter_app.services.core import Core
from tools.screenshots.common import log_in, run_in_demo, run_shell, save, wait_until
from ui.pages.intake.page import IntakePage
from ui.qt import QApplication, QImage, Qt
from ui.shell import Shell

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"


def call_a_ticket(db_path: Path, config_path: Path) -> None:
    with Core.open(db_path, config_path, device=Device.KIOSK) as core:
        queue.issue_ticket(core, "HOTICH")
        officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)
        queue.call_next(core, 1)


def scanned_page(folder: Path) -> Path:
    """A small white "scan" to attach to the first document."""
    image = QImage(200, 280, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    path = folder / "to-khai-da-ky.png"
    image.save(str(path), "PNG")
    return path


def fill_from_card(app: QApplication, page: IntakePage, folder: Path) -> None:
    page.picker.search_edit.setText("xac nhan")
    wait_until(app, lambda: page.picker.codes() == ["DEMO-HT-05"])
    page.picker.select("DEMO-HT-05")
    wait_until(app, lambda: page.info is not None)
    fmt = page._worker.call(code_format)
    page.handle_scan(classify(QR, fmt))
    wait_until(app, lambda: page.applicant.value("full_name") == "Nguyễn Văn An")
    page.applicant.set_value("phone", "0912 345 678")
    page.documents.attach(0, [scanned_page(folder)])
    page.documents.selectRow(0)


def capture_dialogs(app: QApplication, page: IntakePage, out: Path) -> None:
    page.applicant.set_value("full_name", "Nguyen Van Anh")
    page.handle_scan(classify(QR, page._worker.call(code_format)))
    wait_until(app, lambda: page.conflict_dialog is not None and page.conflict_dialog.isVisible())
    save(page.conflict_dialog, out / "intake-conflict.png")
    page.conflict_dialog.accept()
    wait_until(app, lambda: page.applicant.value("full_name") == "Nguyễn Văn An")
    page.open_incomplete_dialog()
    dialog = page.incomplete_dialog
    wait_until(app, lambda: dialog is not None and dialog.isVisible())
    dialog.set_missing(1, True, certified_copy=True)
    dialog.reason_edit.setPlainText("Thiếu bản sao có chứng thực giấy tờ chứng minh nơi cư trú")
    save(dialog, out / "intake-incomplete.png")
    dialog.reject()


def capture(app: QApplication, shell: Shell, out: Path, folder: Path) -> None:
    log_in(app, shell, "canbo1", setup.DEMO_PASSWORD)
    window = shell.main_window
    page = window.open_section("intake")
    wait_until(app, lambda: page.start is not None and page.ticket_link.ticket is not None)
    save(window, out / "intake-empty.png")
    fill_from_card(app, page, folder)
    save(window, out / "intake-card.png")
    capture_dialogs(app, page, out)
    page.receive()
    wait_until(app, lambda: page.stack.currentWidget() is page.done_panel)
    wait_until(app, lambda: page.done_panel.print_label.text() != "")
    if page.printer.preview is not None:
        save(page.printer.preview, out / "intake-preview.png")
    page.printer.close_preview()
    save(window, out / "intake-done.png")
    capture_slip(app, page, window, out, folder)
    capture_fees(app, page, window, out)
    capture_competent(app, page, window, out)


def capture_competent(app: QApplication, page: IntakePage, window, out: Path) -> None:
    """Received on behalf of another commune, not received there yet: the part revealed
    under the due date, which waits for the competent agency (intake-competent.png)."""
    page.new_dossier()
    page.picker.search_edit.setText("xac nhan")
    wait_until(app, lambda: page.picker.codes() == ["DEMO-HT-05"])
    page.picker.select("DEMO-HT-05")
    wait_until(app, lambda: page.info is not None)
    page.applicant.set_value("full_name", "Lê Thị Thu Trang")
    part = page.details.competent
    part.toggle.setChecked(True)
    part.agency_edit.setText("UBND xã Bên Cạnh")
    wait_until(app, lambda: page.details.due_label.text().startswith("Chờ"))
    page.scroll_to(part.agency_edit)
    save(window, out / "intake-competent.png")


def capture_fees(app: QApplication, page: IntakePage, window, out: Path) -> None:
    """A signature certified (DEMO-CT-02, 10.000 đồng) with a copy fee exempted, paid
    by transfer: the fee card at the bottom of the form."""
    page.done_panel.new_button.click()
    wait_until(app, lambda: page.stack.currentIndex() == 0)
    page.picker.search_edit.setText("chu ky")
    wait_until(app, lambda: "DEMO-CT-02" in page.picker.codes())
    page.picker.select("DEMO-CT-02")
    wait_until(app, lambda: page.info is not None and page.fees_card.rows)
    page.applicant.set_value("full_name", "Trần Thị Bích Ngọc")
    card = page.fees_card
    card.payment_combo.setCurrentIndex(card.payment_combo.findData("transfer"))
    card.reference_edit.setText("FT26322000111")
    page.scroll_to(card)
    save(window, out / "intake-fees.png")


def capture_slip(app: QApplication, page: IntakePage, window, out: Path, folder: Path) -> None:
    """An incomplete submission: a numbered guidance slip (form 02), no dossier code."""
    page.done_panel.new_button.click()
    wait_until(app, lambda: page.stack.currentIndex() == 0)
    fill_from_card(app, page, folder)
    page.open_incomplete_dialog()
    dialog = page.incomplete_dialog
    wait_until(app, lambda: dialog is not None and dialog.isVisible())
    dialog.set_missing(1, True, certified_copy=True)
    dialog.reason_edit.setPlainText("Thiếu bản sao có chứng thực giấy tờ chứng minh nơi cư trú")
    dialog.accept()
    wait_until(app, lambda: page.stack.currentWidget() is page.done_panel)
    wait_until(app, lambda: page.done_panel.print_label.text() != "")
    page.printer.close_preview()
    save(window, out / "intake-slip.png")
    capture_address(app, page, window, out)


OLD_CARD = ("001199012345|123456789|Nguyễn Thị Mai|03021990|Nữ|Số 1, Phố X, Phường Đội Cấn, "
            "Quận Ba Đình, Hà Nội|15082021")


def capture_address(app: QApplication, page: IntakePage, window, out: Path) -> None:
    """A card from before the 2025 mergers: the two-level address offered under it."""
    page.done_panel.new_button.click()
    wait_until(app, lambda: page.stack.currentIndex() == 0)
    page.picker.select("DEMO-HT-05")
    wait_until(app, lambda: page.info is not None)
    page.handle_scan(classify(OLD_CARD, page._worker.call(code_format)))
    offers = page.address.offers
    # The package builds its index on first use: seconds, minutes on a busy machine.
    wait_until(app, lambda: offers.isVisible() and bool(offers.offers), timeout=600)
    save(window, out / "intake-address.png")


def main(argv: list[str] | None = None) -> int:
    def shoot(app, demo, out):
        run_shell(app, demo, out, lambda a, shell, o: capture(a, shell, o, demo.folder))
    return run_in_demo(argv, "tools.screenshots intake", shoot, prepare=call_a_ticket)
