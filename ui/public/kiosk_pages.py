"""The kiosk's screens: choose a service, choose a priority category, see the number.

A normal citizen taps a service once. A priority citizen taps "Ưu tiên" under
the service, then the category that applies: two taps. The pages only show
things and emit what was tapped; ui/public/kiosk.py decides what happens.
"""

from __future__ import annotations

from ui.public.screen import label, repolish
from ui.qt import (QCoreApplication, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                   QSizePolicy, Qt, QTimer, QVBoxLayout, QWidget, Signal)

NOTICE_MS = 10_000
CENTER = Qt.AlignmentFlag.AlignCenter


def _tr(text: str) -> str:
    return QCoreApplication.translate("kiosk", text)


def print_failure_text(error_code: str | None, number: str | None = None) -> str:
    """What a citizen reads when the ticket did not print: short, plain, no technical
    reason (no error number, port or address: those go to the log and to the counter)."""
    what = _tr("Máy in vé đã hết giấy.") if error_code == "paper_out" \
        else _tr("Máy in vé đang gặp sự cố.")
    if number is None:
        return what + " " + _tr("Quý khách vui lòng ghi nhớ số thứ tự trên màn hình và chờ "
                                "được gọi.")
    return what + " " + _tr("Quý khách vui lòng ghi nhớ số {number} và chờ được gọi.").format(
        number=number)


def _transparent(widget: QWidget) -> QWidget:
    """Labels inside a button must let the tap through to the button."""
    widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return widget


class ServiceTile(QFrame):
    """One service: the big button takes a normal number, the strip below a priority one."""

    chosen = Signal(str, bool)   # service code, priority

    def __init__(self, service: dict, priority_offered: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = service["code"]
        self.button = QPushButton()
        self.button.setObjectName("serviceButton")
        self.button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.button.setAccessibleName(service["name"])
        inside = QVBoxLayout(self.button)
        inside.setSpacing(0)
        self.prefix_label = _transparent(label(service["prefix"], "servicePrefix"))
        self.name_label = _transparent(label(service["name"], "serviceName", wrap=True))
        self.waiting_label = _transparent(label("", "serviceWaiting"))
        for widget in (self.prefix_label, self.name_label, self.waiting_label):
            inside.addWidget(widget)
        self.priority_button = QPushButton(_tr("Ưu tiên ›"))
        self.priority_button.setObjectName("priorityButton")
        self.priority_button.setVisible(priority_offered)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.button, 1)
        column.addWidget(self.priority_button)
        self.button.clicked.connect(lambda: self.chosen.emit(self.code, False))
        self.priority_button.clicked.connect(lambda: self.chosen.emit(self.code, True))

    def set_waiting(self, count: int) -> None:
        self.waiting_label.setText(_tr("Đang chờ: {n} người").format(n=count))

    def set_taps_enabled(self, enabled: bool) -> None:
        self.button.setEnabled(enabled)
        self.priority_button.setEnabled(enabled)


class StartPage(QWidget):
    """The service grid; columns follow the screen's shape."""

    chosen = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: dict[str, ServiceTile] = {}
        self._signature: tuple = ()
        self._columns = 3
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 16, 32, 16)
        column.addWidget(label(_tr("MỜI QUÝ KHÁCH CHỌN DỊCH VỤ"), "kioskTitle"))
        self.hint_label = label(_tr("Chạm vào dịch vụ cần giải quyết để lấy số thứ tự"),
                                "kioskHint", wrap=True)
        column.addWidget(self.hint_label)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        column.addLayout(self.grid, 1)
        self.busy_label = label(_tr("Đang lấy số, xin quý khách chờ giây lát…"), "kioskBusy")
        self.busy_label.setVisible(False)
        column.addWidget(self.busy_label)
        self.empty_label = label(_tr("Chưa có dịch vụ nào. Quý khách vui lòng hỏi cán bộ."),
                                 "kioskHint", wrap=True)
        self.empty_label.setVisible(False)
        column.addWidget(self.empty_label)

    def set_services(self, services: list[dict], priority_offered: bool) -> bool:
        """Rebuild the tiles if the menu changed; returns whether it did."""
        signature = (tuple((s["code"], s["name"], s["prefix"]) for s in services),
                     priority_offered)
        if signature == self._signature:
            return False
        self._signature = signature
        for tile in self.tiles.values():
            tile.deleteLater()
        self.tiles = {}
        for service in services:
            tile = ServiceTile(service, priority_offered, self)
            tile.chosen.connect(self.chosen)
            self.tiles[service["code"]] = tile
        self.empty_label.setVisible(not services)
        self._layout_tiles()
        return True

    def set_columns(self, columns: int) -> None:
        if columns != self._columns:
            self._columns = columns
            self._layout_tiles()

    def _layout_tiles(self) -> None:
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, i // self._columns, i % self._columns)
        rows = (len(self.tiles) + self._columns - 1) // self._columns
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(self.grid.columnCount()):
            self.grid.setColumnStretch(c, 1 if c < self._columns else 0)

    def set_waiting(self, counts: dict[str, int]) -> None:
        for code, tile in self.tiles.items():
            tile.set_waiting(counts.get(code, 0))

    def set_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        for tile in self.tiles.values():
            tile.set_taps_enabled(not busy)


class PriorityPage(QWidget):
    """Which priority category the citizen belongs to (shared/domain.md §8)."""

    category_chosen = Signal(str)
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, QPushButton] = {}
        self.service_code = ""
        column = QVBoxLayout(self)
        column.setContentsMargins(64, 24, 64, 24)
        column.setSpacing(20)
        self.title_label = label("", "kioskTitle", wrap=True)
        column.addWidget(self.title_label)
        column.addWidget(label(_tr("Quý khách thuộc đối tượng nào? Chạm để lấy số ưu tiên."),
                               "kioskHint", wrap=True))
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(20)
        column.addLayout(self.list_layout)
        column.addStretch(1)
        self.back_button = QPushButton(_tr("‹ Quay lại"))
        self.back_button.setObjectName("bigAction")
        self.back_button.clicked.connect(self.back)
        column.addWidget(self.back_button, 0, CENTER)

    def show_for(self, service: dict, priorities: list[dict]) -> None:
        self.service_code = service["code"]
        self.title_label.setText(_tr("SỐ ƯU TIÊN — {service}").format(
            service=service["name"].upper()))
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        for p in priorities:
            button = QPushButton(p["label"])
            button.setObjectName("categoryButton")
            button.clicked.connect(lambda _=False, code=p["code"]: self.category_chosen.emit(code))
            self.list_layout.addWidget(button)
            self.buttons[p["code"]] = button

    def set_busy(self, busy: bool) -> None:
        for button in [*self.buttons.values(), self.back_button]:
            button.setEnabled(not busy)


class ResultPage(QWidget):
    """The number, very large, whether or not the paper came out."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame()
        card.setObjectName("resultCard")
        inside = QVBoxLayout(card)
        inside.setContentsMargins(48, 12, 48, 16)
        inside.setSpacing(0)
        inside.addWidget(label(_tr("SỐ THỨ TỰ CỦA QUÝ KHÁCH"), "resultCaption"))
        self.number_label = label("", "resultNumber")
        self.service_label = label("", "resultService", wrap=True)
        self.priority_label = label("", "resultPriority", wrap=True)
        self.ahead_label = label("", "resultAhead", wrap=True)
        for widget in (self.number_label, self.service_label, self.priority_label,
                       self.ahead_label):
            inside.addWidget(widget)
        self.print_box = QFrame()  # the padding of a wrapped QLabel is not reliable: a frame
        self.print_box.setObjectName("printBox")
        self.print_label = label("", "printStatus", wrap=True)
        box = QVBoxLayout(self.print_box)
        box.setContentsMargins(32, 8, 32, 8)
        box.addWidget(self.print_label)
        self.done_button = QPushButton(_tr("Xong"))
        self.done_button.setObjectName("bigAction")
        self.done_button.clicked.connect(self.done)
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 16, 48, 16)
        column.setSpacing(16)
        column.addStretch(1)
        column.addWidget(card)
        column.addWidget(self.print_box)
        column.addStretch(1)
        column.addWidget(self.done_button, 0, CENTER)
        self.ticket_id = ""

    def show_ticket(self, ticket: dict) -> None:
        self.ticket_id = ticket["id"]
        self.number_label.setText(ticket["number"])
        self.service_label.setText(ticket["service_name"])
        self.priority_label.setText(_tr("Ưu tiên: {label}").format(
            label=ticket["priority_label"]) if ticket.get("priority_label") else "")
        self.priority_label.setVisible(bool(ticket.get("priority_label")))
        ahead = ticket["waiting_ahead"]
        self.ahead_label.setText(_tr("Còn {n} người được gọi trước quý khách").format(n=ahead) if ahead
                                 else _tr("Quý khách sẽ được gọi ngay"))
        self._set_print_text(_tr("Đang in phiếu…"), failed=False)

    def show_printed(self) -> None:
        text = _tr("Mời quý khách nhận phiếu và chờ gọi số.")
        self._set_print_text(text, failed=False)

    def show_print_failed(self, error_code: str | None) -> None:
        self._set_print_text(print_failure_text(error_code), failed=True)

    def _set_print_text(self, text: str, failed: bool) -> None:
        self.print_box.setObjectName("printFailedBox" if failed else "printBox")
        self.print_label.setObjectName("printFailed" if failed else "printStatus")
        self.print_label.setText(text)
        repolish(self.print_box)

    @property
    def print_failed(self) -> bool:
        return self.print_label.objectName() == "printFailed"


class NoticeBox(QFrame):
    """A message on the kiosk screen itself (never a modal box); goes away by itself.

    It floats over the bottom of its parent instead of taking layout space, so
    the service buttons keep their size while it shows.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.text_label: QLabel = label("", "noticeText", wrap=True)
        close = QPushButton(_tr("Đóng"))
        close.setObjectName("noticeClose")
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 16, 32, 16)
        row.addWidget(self.text_label, 1)
        row.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, ms: int = NOTICE_MS) -> None:
        self.text_label.setText(text)
        self.place()
        self.show()
        self.raise_()
        self._timer.start(ms)

    def place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        margin = 24
        width = max(parent.width() - 2 * margin, 100)
        height = self.heightForWidth(width) if self.hasHeightForWidth() \
            else self.sizeHint().height()
        self.setGeometry(margin, parent.height() - height - margin, width, height)

    def stop(self) -> None:
        self._timer.stop()
