"""Screenshots of a linked group (liên thông) on Tiếp nhận hồ sơ:
``python -m tools.screenshots intake_group OUTDIR [--size 1366x768]``.

On a fresh demo office with a ticket being served: the page with the birth group
(khai sinh + thường trú + BHYT) chosen and the applicant from a scanned ID card
(intake-group.png), each member's fees with the residence fee typed and paid in cash
(intake-group-fees.png), then the three linked dossiers received (intake-group-done.png).
"""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.scans import classify
from counter_app.services import setup
from counter_app.services.codes import code_format
from tools.screenshots.common import log_in, run_in_demo, run_shell, save, wait_until
from tools.screenshots.intake import QR, call_a_ticket
from ui.qt import QApplication
from ui.shell import Shell

GROUP = "LT-KHAISINH"


def capture(app: QApplication, shell: Shell, out: Path) -> None:
    log_in(app, shell, "canbo1", setup.DEMO_PASSWORD)
    window = shell.main_window
    page = window.open_section("intake")
    wait_until(app, lambda: page.start is not None and page.ticket_link.ticket is not None)
    page.choose_group(GROUP)
    wait_until(app, lambda: page.group is not None)
    page.handle_scan(classify(QR, page._worker.call(code_format)))
    wait_until(app, lambda: page.applicant.value("full_name") == "Nguyễn Văn An")
    page.applicant.set_value("phone", "0912 345 678")
    save(window, out / "intake-group.png")
    card = page.fees_card
    card.rows[-1].amount.setValue(15000)        # the residence fee, set by the province
    card.payment_combo.setCurrentIndex(card.payment_combo.findData("cash"))
    page.scroll_to(card)
    app.processEvents()
    save(window, out / "intake-group-fees.png")
    page.receive()
    wait_until(app, lambda: page.stack.currentWidget() is page.group_done)
    save(window, out / "intake-group-done.png")


def main(argv: list[str] | None = None) -> int:
    def shoot(app, demo, out):
        run_shell(app, demo, out, lambda a, shell, o: capture(a, shell, o))
    return run_in_demo(argv, "tools.screenshots intake_group", shoot, prepare=call_a_ticket)
