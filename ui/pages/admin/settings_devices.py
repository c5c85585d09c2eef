"""The settings tab's device parts: the ticket printer (pick from the printers found,
print a test ticket and read the printer's status answer) and the scanner (mode,
port from the ports found, and a box that shows what a test scan was read as).

Finding printers and printing the test run on the database worker, never on the
GUI thread (a serial port or a silent network printer can take seconds)."""

from __future__ import annotations

from counter_app.domain.scans import Scan
from counter_app.services import printer_setup
from ui.qt import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget, Signal
from ui.widgets.panel import repolish
from ui.worker import DbWorker

SCAN_KINDS = {"cccd": "thẻ CCCD", "dossier_code": "mã hồ sơ", "ticket": "phiếu số thứ tự"}


class FoundPicker(QWidget):
    """A line edit for an address, with "Tìm" filling a list of what this PC sees;
    choosing one puts it in the line edit. ``ports_only`` keeps serial ports only
    (the scanner's), as device names."""

    found = Signal(list)

    def __init__(self, worker: DbWorker, edit: QLineEdit, ports_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.edit = edit
        self.ports_only = ports_only
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 5)
        self.list_box = QComboBox()
        self.list_box.addItem(self.tr("(chưa tìm)"), None)
        self.list_box.activated.connect(self._chosen)
        row.addWidget(self.list_box, 2)
        self.find_button = QPushButton(self.tr("Tìm"))
        self.find_button.clicked.connect(self.search)
        row.addWidget(self.find_button)

    def search(self) -> None:
        self.find_button.setEnabled(False)
        self.list_box.clear()
        self.list_box.addItem(self.tr("Đang tìm…"), None)
        self._worker.run_op(printer_setup.detected_printers, self._show, self._failed, owner=self)

    def _show(self, printers) -> None:
        self.find_button.setEnabled(True)
        self.list_box.clear()
        if self.ports_only:
            items = [(p.url.removeprefix("serial:"), p.label) for p in printers
                     if p.url.startswith("serial:")]
        else:
            items = [(p.url, f"{p.label} — {p.url}") for p in printers]
        self.list_box.addItem(self.tr("Tìm thấy {n}; chọn…").format(n=len(items)) if items
                              else self.tr("Không tìm thấy; hãy gõ địa chỉ"), None)
        for value, label in items:
            self.list_box.addItem(label, value)
        self.found.emit(items)

    def _failed(self, _exc) -> None:
        self.find_button.setEnabled(True)
        self.list_box.clear()
        self.list_box.addItem(self.tr("Không tìm được; hãy gõ địa chỉ"), None)

    def _chosen(self, index: int) -> None:
        value = self.list_box.itemData(index)
        if value:
            self.edit.setText(value)


class PrinterTest(QWidget):
    """"In thử": a sample ticket to the address typed (saved or not), and the answer."""

    def __init__(self, worker: DbWorker, url_edit: QLineEdit, width_box: QComboBox,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.url_edit, self.width_box = url_edit, width_box
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton(self.tr("In thử"))
        self.button.clicked.connect(self.run)
        row.addWidget(self.button)
        self.result = QLabel(self.tr("Chưa in thử."))
        self.result.setWordWrap(True)
        row.addWidget(self.result, 1)

    def run(self) -> None:
        url = self.url_edit.text().strip()
        if not url:
            self._say(self.tr("Hãy chọn hoặc gõ địa chỉ máy in phiếu trước."), False)
            return
        width = int(self.width_box.currentData())
        self.button.setEnabled(False)
        self._say(self.tr("Đang in thử tới {url}…").format(url=url), True)
        self._worker.run_op(lambda core: printer_setup.test_ticket_printer(core, url, width),
                            self._done, self._failed, owner=self)

    def _done(self, result) -> None:
        self.button.setEnabled(True)
        self._say(printer_setup.status_text(result), result.ok)

    def _failed(self, exc) -> None:
        self.button.setEnabled(True)
        self._say(str(exc), False)

    def _say(self, text: str, ok: bool) -> None:
        self.result.setText(text)
        self.result.setObjectName("" if ok else "error")
        repolish(self.result)


class ScanTest(QLabel):
    """Shows what the last scan on this page was read as (the window's scanners route
    every scan to the page shown, so this is the real path a scan takes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setText(self.tr("Quét thử một mã (thẻ CCCD, giấy tiếp nhận) khi đang mở trang này."))

    def show_scan(self, scan: Scan) -> None:
        if scan.kind in SCAN_KINDS:
            text = self.tr("Đã đọc được {what} ({n} ký tự). Máy quét hoạt động đúng.").format(
                what=SCAN_KINDS[scan.kind], n=len(scan.text))
            self.setObjectName("")
        else:
            text = self.tr("Đã nhận {n} ký tự nhưng không nhận ra mã: {why}").format(
                n=len(scan.text), why=scan.message)
            self.setObjectName("error")
        self.setText(text)
        repolish(self)
