"""The display board's panels: the call being announced, the counters, the last calls."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.clock import to_local
from ui.public.screen import label, repolish
from ui.qt import QCoreApplication, QFrame, QGridLayout, QHBoxLayout, Qt, QVBoxLayout, QWidget

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _tr(text: str) -> str:
    return QCoreApplication.translate("board", text)


def local_time(called_at: str | None) -> str:
    if not called_at:
        return ""
    return to_local(datetime.fromisoformat(called_at.replace("Z", "+00:00"))).strftime("%H:%M")


class CallPanel(QFrame):
    """The latest call, very large; ``set_flash`` switches the highlight colours.
    ``call`` is the call shown (None: the idle invitation)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callPanel")
        self.setProperty("flash", False)
        self.caption_label = label(_tr("XIN MỜI QUÝ KHÁCH CHỜ GỌI SỐ"), "callCaption", fit=True)
        self.number_label = label("", "callNumber", fit=True)
        self.counter_label = label("", "callCounter", fit=True)
        self.service_label = label("", "callService", fit=True)
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 24, 32, 24)
        column.addStretch(1)
        for widget in (self.caption_label, self.number_label, self.counter_label,
                       self.service_label):
            column.addWidget(widget)
        column.addStretch(1)
        self.number_label.hide()
        self.call: dict | None = None

    def clear_call(self) -> None:
        """Back to the invitation: the number shown is no longer called at its counter."""
        self.call = None
        self.caption_label.setText(_tr("XIN MỜI QUÝ KHÁCH CHỜ GỌI SỐ"))
        self.number_label.hide()
        self.counter_label.setText("")
        self.service_label.setText("")

    def show_call(self, call: dict) -> None:
        self.call = call
        self.caption_label.setText(_tr("XIN MỜI SỐ"))
        self.number_label.setText(call["number"])
        self.number_label.show()
        self.counter_label.setText(_tr("ĐẾN QUẦY SỐ {counter}").format(counter=call["counter"]))
        service = call.get("service_name") or ""
        if call.get("recall"):
            service = _tr("{service} · gọi lại").format(service=service) if service \
                else _tr("Gọi lại")
        self.service_label.setText(service)

    def set_flash(self, on: bool) -> None:
        if self.property("flash") != on:
            self.setProperty("flash", on)
            repolish(self)

    @property
    def flashing(self) -> bool:
        return bool(self.property("flash"))


class CounterCard(QFrame):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterCard")
        self.setProperty("fresh", False)
        self.name_label = label(name, "counterName", fit=True)
        self.number_label = label("—", "counterIdle", fit=True)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 12)
        column.setSpacing(0)
        column.addWidget(self.name_label)
        column.addWidget(self.number_label)

    def set_current(self, number: str | None) -> None:
        self.number_label.setText(number or "—")
        name = "counterNumber" if number else "counterIdle"
        if self.number_label.objectName() != name:
            self.number_label.setObjectName(name)
            repolish(self.number_label)

    def set_fresh(self, fresh: bool) -> None:
        if self.property("fresh") != fresh:
            self.setProperty("fresh", fresh)
            repolish(self)


class CountersGrid(QWidget):
    """One card per active counter with the number it is serving."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[int, CounterCard] = {}
        self._names: tuple = ()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)

    def show_counters(self, counters: list[dict]) -> None:
        names = tuple((c["number"], c["name"]) for c in counters)
        if names != self._names:
            self._rebuild(counters)
            self._names = names
        for c in counters:
            self.cards[c["number"]].set_current(c["current"])

    def _rebuild(self, counters: list[dict]) -> None:
        for card in self.cards.values():
            card.deleteLater()
        self.cards = {}
        columns = min(max(len(counters), 1), 5)
        for i, c in enumerate(counters):
            card = CounterCard(c["name"] or _tr("Quầy {n}").format(n=c["number"]))
            self.grid.addWidget(card, i // columns, i % columns)
            self.cards[c["number"]] = card

    def mark_fresh(self, counter: int | None) -> None:
        for number, card in self.cards.items():
            card.set_fresh(number == counter)


class RecentCalls(QFrame):
    """The last calls, newest first: number, counter, time."""

    def __init__(self, rows: int = 6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(label(_tr("CÁC SỐ VỪA GỌI"), "sectionTitle", align=LEFT))
        self.empty_label = label(_tr("Chưa gọi số nào"), "emptyNote", align=LEFT)
        column.addWidget(self.empty_label)
        for _ in range(rows):
            frame = QFrame()
            frame.setObjectName("recentRow")
            number = label("", "recentNumber", fit=True, align=LEFT)
            counter = label("", "recentCounter", fit=True, align=LEFT)
            time = label("", "recentTime", fit=True, align=RIGHT)
            row = QHBoxLayout(frame)
            row.setContentsMargins(8, 6, 8, 6)
            row.addWidget(number, 3)
            row.addWidget(counter, 4)
            row.addWidget(time, 2)
            column.addWidget(frame)
            self._rows.append((frame, number, counter, time))
        column.addStretch(1)

    def show_calls(self, calls: list[dict]) -> None:
        self.empty_label.setVisible(not calls)
        for i, (frame, number, counter, time) in enumerate(self._rows):
            call = calls[i] if i < len(calls) else None
            frame.setVisible(call is not None)
            if call is not None:
                number.setText(call["number"])
                counter.setText(_tr("Quầy {n}").format(n=call["counter"]))
                time.setText(local_time(call.get("called_at")))

    def numbers(self) -> list[str]:
        return [number.text() for frame, number, _c, _t in self._rows if frame.isVisibleTo(self)]
