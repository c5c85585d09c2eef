"""Addresses from before the 2025 mergers, offered in the two-level structure.

Since 1/7/2025 there are two levels of local government (tỉnh/thành phố and
xã/phường/đặc khu); the districts are gone and most communes and provinces were
merged. A card issued before then still carries "…, Phường Đội Cấn, Quận Ba Đình,
Hà Nội". ``offer(address)`` recognises such a three-level address and proposes the
two-level one ("…, Phường Ba Đình, Thành phố Hà Nội"); when the old commune was
split between several new ones it proposes each (Đội Cấn → Ba Đình or Ngọc Hà).

An offer is only an offer: the officer sees the card's address and the proposal side
by side and decides (ui/pages/citizen_forms/addresses.py, and for the applicant on
the intake page ui/pages/intake/address.py); nothing here changes a form. The mapping is the one shipped by the PyPI package ``vietnam-address-converter``
(chosen in docs/RULES.md, "Tờ khai công dân và lịch nghỉ"); building its index takes
several seconds, so the first call should run off the GUI thread (``warm()``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from typing import Any

from counter_app.domain.form_templates.model import FormData, Template
from counter_app.domain.form_templates.values import is_blank, label_for
from counter_app.domain.text import clean

PACKAGE = "vietnam-address-converter"
ADDRESS_BINDS = ("citizen.address", "person.address")
_LOCK = threading.Lock()


@dataclass(frozen=True)
class AddressOffer:
    """``old``: the address as read; ``choices``: the two-level addresses it may be now,
    the package's most likely first; ``source``: package, version and mapping table."""

    old: str
    choices: tuple[str, ...]
    source: str

    @property
    def ambiguous(self) -> bool:
        return len(self.choices) > 1


@dataclass(frozen=True)
class FieldOffer:
    """An offer for one address field of one form (``path`` as in ``Problem.path``)."""

    template_id: str
    title: str
    path: str
    label: str
    offer: AddressOffer


def _converter() -> Any:
    with _LOCK:                       # one index, built once, whichever thread asks first
        return _build()


@lru_cache(maxsize=1)
def _build() -> Any:
    from vietnam_address_converter import create_converter
    return create_converter()


def warm() -> None:
    """Build the package's index now (seconds): call it on a worker thread."""
    _converter()


@lru_cache(maxsize=512)
def offer(address: str) -> AddressOffer | None:
    """The two-level forms of a pre-2025 ``address``, or None when it is not one (already
    two-level, or not recognised: the officer keeps what is there)."""
    text = clean(address or "")
    if not text:
        return None
    converter = _converter()
    result = converter.auto_convert_address(text)
    conversion = result.get("conversion") or {}
    if result.get("input_type") != "old" or conversion.get("status") != "matched":
        return None
    street = clean(converter.parse_address_text(text).get("street_address") or "").strip(" ,")
    candidates = conversion.get("candidates") or [conversion.get("result") or {}]
    choices: list[str] = []
    for candidate in candidates:
        ward, province = candidate.get("new_ward") or {}, candidate.get("new_province") or {}
        if not ward.get("name_with_type") or not province.get("name_with_type"):
            continue
        parts = [street, ward["name_with_type"], province["name_with_type"]]
        choice = ", ".join(p for p in parts if p)
        if choice not in choices and choice != text:
            choices.append(choice)
    if not choices:
        return None
    table = (conversion.get("meta") or {}).get("mapping_version", "?")
    return AddressOffer(text, tuple(choices), f"{PACKAGE} {version(PACKAGE)}, bảng {table}")


def form_offers(template: Template, data: FormData) -> list[FieldOffer]:
    """Offers for the address fields a card fills (``bind`` citizen/person.address) of
    one form's ``data``."""
    out = []
    for f in template.fields:
        if f.bind in ADDRESS_BINDS and (found := _offer_of(data.get(f.id))):
            out.append(FieldOffer(template.id, template.title, f.id, f.label, found))
    for group in template.groups:
        entries = data.get(group.id)
        if not isinstance(entries, list):
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for f in group.fields:
                if f.bind in ADDRESS_BINDS and (found := _offer_of(entry.get(f.id))):
                    out.append(FieldOffer(template.id, template.title,
                                          f"{group.id}[{i + 1}].{f.id}",
                                          label_for(f, group, i), found))
    return out


APPLICANT_FORM = "intake"          # the intake page's applicant, as a "form" of one field


def applicant_offers(address: str) -> list[FieldOffer]:
    """The offer for the applicant's address on the intake page (read from a card or
    typed), in the shape the citizen forms page uses; [] when there is nothing to offer."""
    found = _offer_of(address)
    return [FieldOffer(APPLICANT_FORM, "Người nộp hồ sơ", "address", "Địa chỉ", found)] \
        if found else []


def _offer_of(value: Any) -> AddressOffer | None:
    return None if is_blank(value) or not isinstance(value, str) else offer(value)
