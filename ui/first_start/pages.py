"""The wizard's pages: the office, the first administrator, this PC and its printers.

Each page gives the values it holds as the settings ``setup.create_office`` takes
(``section.name`` → text) and says what is missing before the next page; the rules
themselves are the service's, checked again when the office is created."""

from __future__ import annotations

from counter_app.domain.device_roles import DEVICE_ROLES, ROLE_LABELS
from printing.ticket import WIDTHS
from ui.login import password_edit
from ui.pages.admin.settings import WIDTH_LABELS
from ui.qt import (QComboBox, QFormLayout, QLabel, QLineEdit, QPrinterInfo, QPushButton,
                   QSpinBox, QVBoxLayout, QWidget)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def _line(placeholder: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    return edit


class WelcomePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Chào mừng")))
        text = QLabel(self.tr(
            "Máy này chưa có dữ liệu. Bạn có thể dùng thử phần mềm với một cơ quan mẫu "
            "(dữ liệu mẫu, mật khẩu demo1234), hoặc thiết lập cơ quan của mình ngay: tên cơ "
            "quan, tài khoản quản trị, vai trò của máy và máy in."))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.real_button = QPushButton(self.tr("Thiết lập cơ quan của tôi →"))
        self.demo_button = QPushButton(self.tr("Dùng thử với cơ quan mẫu"))
        for b in (self.real_button, self.demo_button):
            b.setMinimumHeight(44)
            layout.addWidget(b)
        layout.addStretch(1)

    def missing(self) -> str:
        return ""

    def settings(self) -> dict[str, str]:
        return {}


class OfficePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Cơ quan")))
        form = QFormLayout()
        self.name_edit = _line("UBND PHƯỜNG HOÀN KIẾM")
        self.parent_edit = _line("UBND THÀNH PHỐ HÀ NỘI")
        self.unit_edit = _line(self.tr("để trống: Trung tâm Phục vụ hành chính công …"))
        self.code_edit = _line("000.17.22.H56")
        self.place_edit = _line("Hà Nội")
        form.addRow(self.tr("Tên cơ quan *"), self.name_edit)
        form.addRow(self.tr("Cơ quan cấp trên"), self.parent_edit)
        form.addRow(self.tr("Tên bộ phận một cửa"), self.unit_edit)
        form.addRow(self.tr("Mã định danh cơ quan"), self.code_edit)
        form.addRow(self.tr("Địa danh (ghi ngày tháng)"), self.place_edit)
        layout.addLayout(form)
        layout.addStretch(1)

    def missing(self) -> str:
        return "" if self.name_edit.text().strip() else self.tr("Hãy nhập tên cơ quan.")

    def settings(self) -> dict[str, str]:
        return {"office.name": self.name_edit.text().strip(),
                "office.parent_name": self.parent_edit.text().strip(),
                "office.unit_name": self.unit_edit.text().strip(),
                "office.code": self.code_edit.text().strip(),
                "office.place": self.place_edit.text().strip()}


class AdminPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Tài khoản quản trị")))
        form = QFormLayout()
        self.username_edit = _line("quantri", "quantri")
        self.name_edit = _line("Nguyễn Văn A")
        self.password_edit = password_edit()
        self.repeat_edit = password_edit()
        form.addRow(self.tr("Tên đăng nhập"), self.username_edit)
        form.addRow(self.tr("Họ và tên"), self.name_edit)
        form.addRow(self.tr("Mật khẩu (ít nhất 8 ký tự)"), self.password_edit)
        form.addRow(self.tr("Nhập lại mật khẩu"), self.repeat_edit)
        layout.addLayout(form)
        note = QLabel(self.tr("Quản trị viên thêm tài khoản cho các cán bộ sau khi đăng nhập "
                              "(Quản trị → Cán bộ)."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

    def missing(self) -> str:
        if not self.name_edit.text().strip() or not self.username_edit.text().strip():
            return self.tr("Hãy nhập tên đăng nhập và họ tên của quản trị viên.")
        if self.password_edit.text() != self.repeat_edit.text():
            self.repeat_edit.clear()
            return self.tr("Hai lần nhập mật khẩu không khớp.")
        return ""

    def settings(self) -> dict[str, str]:
        return {}


class DevicePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Máy này và máy in")))
        form = QFormLayout()
        self.role_box = QComboBox()
        for role in DEVICE_ROLES:
            self.role_box.addItem(ROLE_LABELS.get(role, role), role)
        self.counter_box = QSpinBox()
        self.counter_box.setRange(0, 99)
        self.counter_box.setSpecialValueText(self.tr("không phải quầy"))
        self.counter_box.setValue(1)
        self.ticket_edit = _line("usb:0x0416:0x5011, serial:COM3, tcp:192.168.1.50:9100")
        self.width_box = QComboBox()
        for w in WIDTHS:
            self.width_box.addItem(WIDTH_LABELS.get(w, str(w)), str(w))
        self.width_box.setCurrentIndex(self.width_box.findData("576"))
        self.document_box = QComboBox()
        self.document_box.addItem(self.tr("Không in, lưu tệp PDF"), "")
        for name in QPrinterInfo.availablePrinterNames():
            self.document_box.addItem(name, name)
        form.addRow(self.tr("Vai trò của máy"), self.role_box)
        form.addRow(self.tr("Số quầy"), self.counter_box)
        form.addRow(self.tr("Máy in phiếu"), self.ticket_edit)
        form.addRow(self.tr("Khổ giấy phiếu"), self.width_box)
        form.addRow(self.tr("Máy in giấy tờ (A4)"), self.document_box)
        layout.addLayout(form)
        note = QLabel(self.tr("Để trống máy in phiếu thì phiếu được lưu thành tệp. Tìm máy in "
                              "và in thử ở Quản trị → Cài đặt sau khi đăng nhập."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

    def missing(self) -> str:
        return ""

    def settings(self) -> dict[str, str]:
        counter = self.counter_box.value()
        return {"device.role": self.role_box.currentData(),
                "device.counter_number": str(counter) if counter else "",
                "printer.ticket_url": self.ticket_edit.text().strip(),
                "printer.ticket_width_dots": self.width_box.currentData(),
                "printer.document_printer": self.document_box.currentData()}
