"""Every citizen form template with every answer at its bound (``limits.FORM_FIELD``)
prints all of it, running onto more pages; far beyond the bound it still renders."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.domain import limits
from counter_app.domain.form_templates import validate_data
from counter_app.services import form_templates as forms
from printing.forms import render_citizen_form
from tests.printing.documents import pdftools
from tests.printing.documents.pdftools import needs_poppler
from tests.printing.documents.samples import vietnamese

TODAY = date(2027, 1, 5)
TEMPLATES = sorted(e.id for e in forms.catalogue())
# Valid values at full length for the types that have a shape.
SHAPED = {"date": "05/01/2027", "time": "14:30", "id_number": "001099012345",
          "phone": "0912345678", "number": "2", "checkbox": True}


def answer(f, n: int, scale: int) -> object:
    if f.type in SHAPED and scale == 1:
        return SHAPED[f.type]
    if f.type == "choice" and scale == 1:
        return max(f.choices, key=len)
    return vietnamese(limits.FORM_FIELD.get(f.type, limits.FORM_TEXT) * scale, start=n)


def full(template, scale: int = 1) -> dict:
    """Every field answered at ``scale`` times its bound; every group filled to
    three entries (or its maximum)."""
    data = {f.id: answer(f, n, scale) for n, f in enumerate(template.fields)}
    for group in template.groups:
        data[group.id] = [{f.id: answer(f, n + k, scale) for n, f in enumerate(group.fields)}
                          for k in range(min(group.maximum, 3))]
    return data


@needs_poppler
@pytest.mark.parametrize("template_id", TEMPLATES)
def test_every_answer_at_its_bound_is_accepted_and_printed_whole(template_id):
    template = forms.find(template_id)
    data = full(template)
    assert not [p for p in validate_data(template, data, TODAY) if "quá dài" in p.message]
    text = pdftools.flat(render_citizen_form(template, data))
    longest = [v for v in data.values() if isinstance(v, str) and len(v) == limits.FORM_TEXT]
    assert longest and all(v in text for v in longest)


@pytest.mark.parametrize("template_id", TEMPLATES)
def test_answers_four_times_the_bound_are_refused_yet_still_render(template_id):
    template = forms.find(template_id)
    data = full(template, scale=4)
    assert [p for p in validate_data(template, data, TODAY) if "quá dài" in p.message]
    assert render_citizen_form(template, data).startswith(b"%PDF")
