"""Cài đặt: the office (names printed on forms, tickets and the board; agency code and
dossier code template), this PC (role, counter number), its ticket printer and office
printer, its scanner. Save checks every changed value in the service
(office_config.set_values: all or nothing, each wrong value named) before anything is
written; the settings take effect without a restart except this PC's role, which
decides the windows opened at start."""

from __future__ import annotations

from counter_app.config_check import SCANNER_MODES
from counter_app.domain.device_roles import DEVICE_ROLES, ROLE_LABELS
from counter_app.domain.scans import Scan
from counter_app.services import office_config
from printing.ticket import WIDTHS
from ui.pages.admin.settings_devices import FoundPicker, PrinterTest, ScanTest
from ui.pages.admin.settings_fields import Field, choice, line, number
from ui.qt import (QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPrinterInfo, QPushButton,
                   QScrollArea, QVBoxLayout, QWidget, Signal)
from ui.widgets.panel import repolish
from ui.worker import DbWorker

WIDTH_LABELS = {384: "58 mm (384 điểm)", 512: "Epson TM-T88 (512 điểm)", 576: "80 mm (576 điểm)"}
RESTART_KEYS = {"device.role"}


class SettingsTab(QWidget):
    """Emits ``saved(keys)`` with the keys written, so the window can apply them."""

    saved = Signal(list)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.fields: dict[str, Field] = {}
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        columns = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        left.addWidget(self._office_box())
        left.addWidget(self._device_box())
        left.addStretch(1)
        right.addWidget(self._printer_box())
        right.addWidget(self._scanner_box())
        right.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        self.message = QLabel()
        self.message.setWordWrap(True)
        bottom.addWidget(self.message, 1)
        self.undo_button = QPushButton(self.tr("Hoàn tác"))
        self.undo_button.clicked.connect(self.load)
        self.save_button = QPushButton(self.tr("Lưu cài đặt"))
        self.save_button.clicked.connect(self.save)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.save_button)
        outer.addLayout(bottom)

    def _add(self, form: QFormLayout, label: str, key: str, widget, shown=None) -> None:
        self.fields[key] = Field(key, widget)
        form.addRow(label, shown or widget)

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        return box, QFormLayout(box)

    def _office_box(self) -> QGroupBox:
        box, form = self._group(self.tr("Cơ quan"))
        self._add(form, self.tr("Tên cơ quan"), "office.name", line("UBND PHƯỜNG HOÀN KIẾM"))
        self._add(form, self.tr("Cơ quan cấp trên"), "office.parent_name",
                  line("UBND THÀNH PHỐ HÀ NỘI"))
        self._add(form, self.tr("Tên bộ phận một cửa"), "office.unit_name",
                  line(self.tr("để trống: Trung tâm Phục vụ hành chính công …")))
        self._add(form, self.tr("Mã định danh cơ quan"), "office.code", line("000.17.22.H56"))
        self._add(form, self.tr("Địa danh (ghi ngày tháng)"), "office.place", line("Hà Nội"))
        self._add(form, self.tr("Mẫu mã hồ sơ"), "codes.template",
                  line("{agency}-{yymmdd}-{seq:04d}"))
        return box

    def _device_box(self) -> QGroupBox:
        box, form = self._group(self.tr("Máy này"))
        self._add(form, self.tr("Tên máy"), "device.name", line(self.tr("ví dụ: Quầy 2")))
        self._add(form, self.tr("Vai trò của máy"), "device.role",
                  choice([(r, ROLE_LABELS.get(r, r)) for r in DEVICE_ROLES]))
        self._add(form, self.tr("Số quầy"), "device.counter_number",
                  number(0, 99, self.tr("không phải quầy")))
        return box

    def _printer_box(self) -> QGroupBox:
        box, form = self._group(self.tr("Máy in"))
        url = line("usb:0x0416:0x5011, serial:COM3, tcp:192.168.1.50:9100")
        self.printer_picker = FoundPicker(self._worker, url)
        self._add(form, self.tr("Máy in phiếu"), "printer.ticket_url", url, self.printer_picker)
        width = choice([(str(w), WIDTH_LABELS.get(w, str(w))) for w in WIDTHS])
        self._add(form, self.tr("Khổ giấy phiếu"), "printer.ticket_width_dots", width)
        self.printer_test = PrinterTest(self._worker, url, width)
        form.addRow("", self.printer_test)
        office = choice([("", self.tr("Không in, lưu tệp PDF"))] +
                        [(n, n) for n in QPrinterInfo.availablePrinterNames()])
        self._add(form, self.tr("Máy in giấy tờ (A4)"), "printer.document_printer", office)
        self._add(form, self.tr("Thư mục lưu tệp in"), "printer.output_dir",
                  line(self.tr("để trống: thư mục dữ liệu")))
        return box

    def _scanner_box(self) -> QGroupBox:
        box, form = self._group(self.tr("Máy quét mã"))
        self._add(form, self.tr("Kiểu kết nối"), "scanner.mode", choice(
            [(m, {"hid": self.tr("Bàn phím (USB HID)"), "serial": self.tr("Cổng COM (USB-COM)")}
              .get(m, m)) for m in SCANNER_MODES]))
        port = line("COM3, /dev/ttyACM0")
        self._add(form, self.tr("Cổng"), "scanner.port", port,
                  FoundPicker(self._worker, port, ports_only=True))
        self._add(form, self.tr("Tốc độ cổng"), "scanner.baudrate",
                  choice([(str(b), str(b)) for b in (9600, 19200, 38400, 57600, 115200)]))
        self.scan_test = ScanTest()
        form.addRow(self.tr("Quét thử"), self.scan_test)
        return box

    # --- loading and saving

    def load(self) -> None:
        self._worker.run_op(office_config.current, self._show, owner=self)

    def _show(self, values: dict) -> None:
        for key, f in self.fields.items():
            section, name = key.split(".")
            f.show(values.get(section, {}).get(name))
        self._say("", True)

    def changes(self) -> dict[str, str]:
        return {k: f.text() for k, f in self.fields.items() if f.changed()}

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self._say(self.tr("Không có thay đổi nào để lưu."), True)
            return
        self.save_button.setEnabled(False)
        self._worker.run_op(lambda core: office_config.set_values(core, changes),
                            self._saved, self._failed, owner=self)

    def _saved(self, result) -> None:
        self.save_button.setEnabled(True)
        for key in result.values:
            self.fields[key].loaded = self.fields[key].text()
        text = self.tr("Đã lưu {n} mục.").format(n=len(result.values))
        if RESTART_KEYS & set(result.values):
            text += " " + self.tr("Vai trò của máy có hiệu lực khi mở lại phần mềm.")
        if result.problems:
            text += " " + self.tr("Cấu hình còn mục sai: {p}").format(
                p="; ".join(map(str, result.problems)))
        self._say(text, not result.problems)
        self.saved.emit(list(result.values))

    def _failed(self, exc) -> None:
        self.save_button.setEnabled(True)
        self._say(str(exc), False)

    def _say(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setObjectName("" if ok else "error")
        repolish(self.message)

    def handle_scan(self, scan: Scan) -> None:
        self.scan_test.show_scan(scan)
