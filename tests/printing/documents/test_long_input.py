"""Forms 01–06 with every text at its bound (``counter_app.domain.limits``) and far
beyond it: the text wraps, tables split across pages, nothing raises — and one
overlong row never takes the year's tracking book (form 06) down with it."""

from __future__ import annotations

import dataclasses
import re

import pytest

from counter_app.domain import limits
from printing.documents import render_form
from tests.printing.documents import pdftools, samples
from tests.printing.documents.pdftools import needs_poppler
from tests.printing.documents.samples import vietnamese

# Which bound each text field of the form models is held to.
BOUND = {"full_name": limits.NAME, "applicant_name": limits.NAME, "receiver_name": limits.NAME,
         "guide_name": limits.NAME, "officer_name": limits.NAME, "signer_name": limits.NAME,
         "giver": limits.NAME, "receiver": limits.NAME, "address": limits.ADDRESS,
         "address_phone": limits.ADDRESS + limits.PHONE + 2, "phone": limits.PHONE,
         "email": limits.EMAIL, "procedure_name": limits.PROCEDURE_NAME,
         "name": limits.DOCUMENT_NAME, "reason": limits.REASON, "note": limits.NOTE,
         "contact": limits.AGENCY, "agency_name": limits.AGENCY,
         "deciding_agency": limits.AGENCY, "from_agency": limits.AGENCY,
         "to_agency": limits.AGENCY}
def stretched(obj, make):
    """``obj`` with every bounded text field (nested dataclasses and lists too)
    replaced by ``make(field_name, bound)``."""
    if isinstance(obj, list):
        return [stretched(x, make) for x in obj]
    if not dataclasses.is_dataclass(obj):
        return obj
    changes = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str) and f.name in BOUND:
            changes[f.name] = make(f.name, BOUND[f.name])
        elif isinstance(value, list) or dataclasses.is_dataclass(value):
            changes[f.name] = stretched(value, make)
    return dataclasses.replace(obj, **changes)


def at_bound(name: str, bound: int) -> str:
    return vietnamese(bound, start=len(name))


@pytest.mark.parametrize("kind", sorted(samples.ALL))
@needs_poppler
def test_every_form_prints_every_text_at_its_bound(kind):
    data = stretched(samples.ALL[kind](), at_bound)
    if kind == "form06":
        data = dataclasses.replace(data, rows=data.rows[:12])
    text = pdftools.flat(render_form(kind, data))
    name = at_bound("full_name" if kind != "form06" else "applicant_name", limits.NAME)
    assert name in text                      # the whole name, wrapped, nothing cut


@pytest.mark.parametrize("kind", sorted(samples.ALL))
@pytest.mark.parametrize("shape", ["words", "one-word"])
def test_every_form_survives_text_ten_times_the_bound(kind, shape):
    def huge(name: str, bound: int) -> str:
        return vietnamese(bound * 10) if shape == "words" else "Hường" * (bound * 2)

    data = stretched(samples.ALL[kind](), huge)
    if kind == "form06":
        data = dataclasses.replace(data, rows=data.rows[:3])
    assert render_form(kind, data).startswith(b"%PDF")


@needs_poppler
def test_one_overlong_row_does_not_break_the_book():
    book = samples.book(40)
    rows = list(book.rows)
    rows[7] = dataclasses.replace(rows[7], applicant_name=vietnamese(800),
                                  address_phone=vietnamese(3000))
    pdf = render_form("form06", dataclasses.replace(book, rows=rows))
    text = pdftools.flat(pdf)
    codes = re.findall(r"000\.17\.22\.H56-\d{6}-\d{4}", text)
    assert codes == [r.code for r in rows]          # every row, in order, once
    assert vietnamese(800) in text


@needs_poppler
def test_a_long_hand_over_note_is_printed_whole_under_form_05s_table():
    slip = samples.control_slip()
    note = vietnamese(limits.NOTE)
    handovers = [dataclasses.replace(slip.handovers[0], note=note), slip.handovers[1]]
    text = pdftools.flat(render_form("form05", dataclasses.replace(slip, handovers=handovers)))
    assert f"(1) {note}" in text and "Đã ký số" in text     # a short note stays in its cell
