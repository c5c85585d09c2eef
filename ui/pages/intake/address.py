"""The applicant's address on the intake page, offered in the two-level structure.

An ID card issued before 1/7/2025 (or an address typed from one) still names the old
commune, district and province. As on the "Công dân không viết" page, the intake page
offers the address in the two-level structure (xã/phường, tỉnh/thành phố) under the
applicant — one choice, or several when the old commune was split — and changes
nothing by itself: "Dùng địa chỉ mới" writes the choice into the Địa chỉ field as if
typed (so the draft, form 01 and the dossier get it); "Giữ nguyên" hides the offer for
that address until the next citizen. The look-up runs off the GUI thread
(``counter_app.services.address_update``: its index takes seconds to build the first
time), once typing pauses; only the answer for the address still on screen is shown.
"""

from __future__ import annotations

import logging
from functools import partial

from counter_app.domain.text import clean
from counter_app.services import address_update
from ui.pages.citizen_forms.addresses import AddressOffers
from ui.qt import QCoreApplication, QObject, QWidget
from ui.widgets.basics import delay_timer
from ui.worker import BackgroundJob

log = logging.getLogger(__name__)
CHECK_DELAY_MS = 600


def tr(text: str) -> str:
    return QCoreApplication.translate("ApplicantAddress", text)


class ApplicantAddress(QObject):
    """Watches the applicant form's Địa chỉ field; ``offers`` is the widget to place."""

    def __init__(self, form, parent: QWidget) -> None:
        super().__init__(parent)
        self.form = form
        self.edit = form.edits["address"]
        self.offers = AddressOffers(
            heading=tr("Địa chỉ này còn theo địa giới trước 01/7/2025 (thẻ cấp trước khi sắp "
                       "xếp đơn vị hành chính): hỏi lại công dân rồi chọn địa chỉ theo xã, "
                       "tỉnh mới"),
            row_text=tr("<b>{label}</b> đang ghi: {address}"), keep_text=tr("Giữ nguyên"))
        self.offers.setObjectName("addressOffers")
        self.offers.chosen.connect(self._use)
        self.timer = delay_timer(self, CHECK_DELAY_MS, self.check)
        self.edit.textChanged.connect(self._changed)
        self._round = 0
        self.checked: str | None = None          # the last address looked up (tests wait on it)

    def _changed(self, _text: str) -> None:
        if self.offers.offers and all(o.offer.old != clean(self.edit.text())
                                      for o in self.offers.offers):
            self.offers.show_offers([])          # the offer was for another address
        self.timer.start()

    def check(self) -> None:
        """Look the address up now (the page calls it after filling from a card)."""
        self.timer.stop()
        self._round += 1
        address = self.edit.text()
        if not clean(address):
            self.offers.show_offers([])
            return
        BackgroundJob(partial(address_update.applicant_offers, address),
                      partial(self._found, self._round, address), self._failed,
                      self, name="applicant-address").start()

    def _found(self, round_: int, address: str, offers: list) -> None:
        if round_ == self._round and address == self.edit.text():
            self.offers.show_offers(offers)
            self.checked = address

    def _failed(self, exc: BaseException) -> None:
        log.warning("applicant address offer unavailable: %s", exc)   # an aid only
        self.offers.show_offers([])

    def _use(self, _form: str, _path: str, address: str) -> None:
        """The officer's choice, into the field as typing would put it."""
        self.form.set_value("address", address)
        self.offers.show_offers([])

    def clear(self) -> None:
        """The next citizen: offers set aside for the previous one show again."""
        self._round += 1
        self.timer.stop()
        self.offers.forget_kept()
        self.offers.show_offers([])
