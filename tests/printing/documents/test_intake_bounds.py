"""From intake to paper at the bounds: Vietnamese text as long as each field takes
(stacked diacritics, NFD as some keyboards send it, invisible characters pasted in)
goes through ``intake.receive`` and the transfer, and forms 01, 05 and 06 print it
whole — read back with pdftotext."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.domain import limits
from counter_app.domain.clock import FixedClock
from counter_app.services import documents, dossiers, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from printing.documents import render_form
from tests.printing.documents import pdftools
from tests.printing.documents.pdftools import needs_poppler

WED_10 = datetime(2026, 11, 18, 3, 0, tzinfo=timezone.utc)
SYLLABLES = ["Nguyễn", "Thị", "Hường", "Trần", "Đặng", "Quỳnh", "Phượng", "Hoàng", "Ngọc",
             "Ánh", "Tuyết", "Lưu", "Nghệ", "Thuỵ", "Khuê", "Xã", "Phường", "Thành", "phố",
             "Hồ", "Chí", "Minh", "Ấp", "Thôn", "số", "12/34", "Đắk", "Lắk", "Ưởng",
             "Nguyệt", "Ỷ", "Lan", "Bắc", "Kạn", "ngõ", "Đội", "Cấn"]
INVISIBLE = ["\x00", "\x1b", "\u202e", "\u202d", "\u2066", "\u2069", "\u200e", "\u200f",
             "\u200b", "\ufeff"]


@st.composite
def at_bound(draw, limit: int) -> tuple[str, str]:
    """(what is typed, what must be recorded and printed): Vietnamese words filling
    ``limit`` characters (NFC), typed in NFC or NFD with invisible characters mixed in."""
    words = draw(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=12))
    text = " ".join(words)
    while len(text) < limit:
        text += " " + text
    text = text[:limit].strip()
    typed = list(unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text))
    for position, ch in draw(st.lists(st.tuples(st.integers(0, len(typed)),
                                                st.sampled_from(INVISIBLE)), max_size=6)):
        typed.insert(position, ch)
    return "".join(typed), text


@pytest.fixture
def c(core):
    core.clock = FixedClock(int(WED_10.timestamp() * 1000))
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    return core


def seen(pdf: bytes) -> str:
    return pdftools.flat(pdf)


@needs_poppler
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=at_bound(limits.NAME), address=at_bound(limits.ADDRESS),
       document=at_bound(limits.DOCUMENT_NAME), agency=at_bound(limits.AGENCY),
       note=at_bound(limits.NOTE))
def test_text_at_the_bounds_goes_through_intake_onto_forms_01_05_06(c, name, address,
                                                                    document, agency, note):
    applicant = Applicant(full_name=name[0], id_number="０٠1099012345", address=address[0],
                          phone="0912 345 678", email="a" * (limits.EMAIL - 11) + "@example.vn")
    d = intake.receive(c, IntakeRequest(procedure_code="DEMO-HT-05", applicant=applicant,
                                        documents=[{"name": document[0], "copies": 1}]))
    assert (d["applicant_name"], d["applicant_address"]) == (name[1], address[1])
    assert d["applicant_id_number"] == "001099012345"
    dossiers.transfer(c, d["code"], agency[0], receiver=name[0], note=note[0])

    receipt = seen(documents.render(c, "form01", d["code"]))
    assert all(t in receipt for t in (name[1], address[1], document[1], "001099012345"))
    slip = seen(documents.render(c, "form05", d["code"]))
    assert all(t in slip for t in (name[1], agency[1], note[1]))
    book = seen(render_form("form06", documents.tracking_book(c, 2026)))
    assert name[1] in book and address[1] in book and d["code"] in book
