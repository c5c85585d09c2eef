"""The offer of two-level addresses for card addresses from before 1/7/2025.

``AddressOffers`` lists, for each address field still in the old three-level form,
what the card says and what it may be now (one or, for a split commune, several
choices, found by ``counter_app.services.address_update`` off the GUI thread). It
changes nothing by itself: "Dùng địa chỉ mới" emits ``chosen(template_id, path,
address)`` and the work panel writes it into the field like typing would; "Giữ như
trên thẻ" hides the offer for that address until the draft is opened again.
"""

from __future__ import annotations

from counter_app.services.address_update import FieldOffer
from ui.qt import (QComboBox, QCoreApplication, QFrame, QGridLayout, QHBoxLayout, QLabel,
                   QPushButton, QSizePolicy, QVBoxLayout, QWidget, Signal)

OFFER_STYLE = """
QFrame#addressOffers { background: #fff7dc; border: 1px solid #e8c95a; border-radius: 6px; }
QFrame#addressOffers QLabel#offerHeading { font-weight: 600; color: #5c4300; }
QFrame#addressOffers QLabel#oldAddress { color: #52606d; }
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("AddressOffers", text)


class AddressOffers(QFrame):
    """``chosen(template_id, path, address)`` when the officer takes a new address."""

    chosen = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None, *, heading: str = "",
                 row_text: str = "", keep_text: str = "") -> None:
        """``heading``, ``row_text`` (with {label}, {form}, {address}) and ``keep_text``
        change the words for a place where the address may also have been typed."""
        super().__init__(parent)
        self.setObjectName("addressOffers")
        self.setStyleSheet(OFFER_STYLE)
        self.offers: list[FieldOffer] = []
        self.combos: dict[tuple[str, str], QComboBox] = {}
        self._kept: set[tuple[str, str, str]] = set()
        self._rows: list[QWidget] = []
        self._row_text = row_text or tr("<b>{label}</b> ({form}) trên thẻ: {address}")
        self._keep_text = keep_text or tr("Giữ như trên thẻ")
        self.heading = QLabel(heading or tr(
            "Địa chỉ trên thẻ còn theo địa giới trước 01/7/2025: hỏi lại công dân rồi chọn "
            "địa chỉ theo xã, tỉnh mới"))
        self.heading.setObjectName("offerHeading")
        self.heading.setWordWrap(True)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(12, 6, 12, 6)
        self.box.setSpacing(4)
        self.box.addWidget(self.heading)
        self.hide()

    def forget_kept(self) -> None:
        """A newly opened draft: offers set aside earlier show again."""
        self._kept.clear()

    def show_offers(self, offers: list[FieldOffer]) -> None:
        for row in self._rows:
            self.box.removeWidget(row)
            row.deleteLater()
        self._rows, self.combos = [], {}
        self.offers = [o for o in offers if (o.template_id, o.path, o.offer.old) not in self._kept]
        for found in self.offers:
            row = self._row(found)
            self._rows.append(row)
            self.box.addWidget(row)
        sources = "; ".join(sorted({o.offer.source for o in self.offers}))
        self.setToolTip(tr("Nguồn đối chiếu: {source}").format(source=sources))
        self.setVisible(bool(self.offers))

    def _row(self, found: FieldOffer) -> QWidget:
        row = QWidget()
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(8)
        old = QLabel(self._row_text.format(label=found.label, form=found.title.capitalize(),
                                           address=found.offer.old))
        old.setObjectName("oldAddress")
        old.setWordWrap(True)
        combo = QComboBox()
        combo.setObjectName(f"offer:{found.template_id}:{found.path}")
        combo.addItems(list(found.offer.choices))
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if found.offer.ambiguous:
            combo.setToolTip(tr("Xã, phường cũ nay thuộc {n} xã, phường mới: hỏi công dân "
                                "để chọn đúng nơi.").format(n=len(found.offer.choices)))
        self.combos[(found.template_id, found.path)] = combo
        use = QPushButton(tr("Dùng địa chỉ mới"))
        use.setObjectName("useAddress")
        use.clicked.connect(lambda: self.chosen.emit(found.template_id, found.path,
                                                     combo.currentText()))
        keep = QPushButton(self._keep_text)
        keep.setObjectName("keepAddress")
        keep.clicked.connect(lambda: self._keep(found))
        buttons = QHBoxLayout()
        buttons.addWidget(combo, 1)
        buttons.addWidget(use)
        buttons.addWidget(keep)
        if found.offer.ambiguous:
            buttons.insertWidget(0, QLabel(tr("{n} khả năng:").format(
                n=len(found.offer.choices))))
        grid.addWidget(old, 0, 0)
        grid.addLayout(buttons, 1, 0)
        return row

    def _keep(self, found: FieldOffer) -> None:
        self._kept.add((found.template_id, found.path, found.offer.old))
        self.show_offers(self.offers)
