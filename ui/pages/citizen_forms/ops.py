"""What the "Công dân không viết" page reads and does, as operations for the DB worker.

No Qt. Each operation runs on the worker thread as ``fn(core)`` and returns plain
values; the page passes a *copy* of its draft, so the worker never reads an object
the GUI thread is changing.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from counter_app.domain.form_templates import Template
from counter_app.domain.form_templates.values import person_values
from counter_app.errors import UserInputError
from counter_app.services import address_update, citizen_forms as cf, form_templates
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake_forms import not_ready_message
from ui.pages.intake.ops import ProcedureInfo, citizen_values, procedure_info, search_procedures


@dataclass(frozen=True)
class FormsStart:
    procedures: list
    drafts: list[dict]
    ready: list[dict]
    templates: list[tuple[str, str]]      # (id, title) of every usable template
    printer: str


@dataclass
class Opened:
    """A draft with its templates, ready to show (``kept``: typed values a card
    did not replace, as (form, field, typed, card))."""

    draft: cf.Draft
    templates: dict[str, Template]
    today: date
    kept: list[tuple[str, str, str, str]]


@dataclass(frozen=True)
class Completed:
    form_set: dict
    pdf_path: Path
    title: str


@dataclass(frozen=True)
class FormSetPrefill:
    """What the intake page takes from a completed set."""

    form_set: dict
    info: ProcedureInfo
    applicant: dict[str, str]
    titles: tuple[str, ...]


def read_start(core: Core) -> FormsStart:
    usable = [(e.id, e.template.title) for e in
              form_templates.catalogue(form_templates.admin_dir(core.db_path)) if e.template]
    drafts, ready = lists(core)
    return FormsStart(search_procedures(core), drafts, ready, usable,
                      core.config.printer.document_printer)


def lists(core: Core) -> tuple[list[dict], list[dict]]:
    return cf.list_drafts(core), cf.ready(core)


def _opened(core: Core, draft: cf.Draft, kept=None) -> Opened:
    templates = {tid: cf.template(core, tid) for tid in draft.templates}
    return Opened(draft, templates, cf.today(core), kept or [])


def start_draft(core: Core, code: str, requester: Applicant | None) -> Opened:
    return _opened(core, cf.start(core, code, requester))


def open_draft(core: Core, draft_id: str) -> Opened:
    return _opened(core, cf.load_draft(core, draft_id))


def add_template(core: Core, draft: cf.Draft, template_id: str) -> Opened:
    draft = cf.add_form(core, copy.deepcopy(draft), template_id)
    return _opened(core, cf.save_draft(core, draft))


def remove_template(core: Core, draft: cf.Draft, template_id: str) -> Opened:
    draft = cf.remove_form(copy.deepcopy(draft), template_id)
    return _opened(core, cf.save_draft(core, draft))


def save(core: Core, draft: cf.Draft) -> str:
    return cf.save_draft(core, draft).updated_at


def set_requester(core: Core, draft: cf.Draft, applicant: Applicant,
                  overwrite: bool = False) -> Opened:
    """The requester from a card or an earlier visit, into every form's bound fields."""
    draft = copy.deepcopy(draft)
    kept = cf.set_requester(core, draft, applicant, overwrite)
    return _opened(core, cf.save_draft(core, draft), kept)


def earlier_visit(core: Core, id_number: str) -> Applicant | None:
    return cf.earlier_visit(core, id_number)


def person_from_card(card) -> dict[str, str]:
    """A scanned card as ``person.*`` values, for one person on a form."""
    return {f"person.{k}": v for k, v in person_values(card).items()}


def address_offers(forms: list[tuple[Template, dict]]) -> list[address_update.FieldOffer]:
    """Two-level addresses to offer for the forms as on screen (no database: run as a
    background job, the first call builds the package's index for several seconds)."""
    return [found for template, data in forms
            for found in address_update.form_offers(template, data)]


def preview(core: Core, template_id: str, data: dict) -> bytes:
    return cf.render(core, template_id, data)


def complete(core: Core, draft: cf.Draft) -> Completed:
    """Record the set (validated), then keep its forms as one PDF to print."""
    s = cf.complete(core, copy.deepcopy(draft))
    return Completed(s, cf.save_set_pdf(core, s), _title(s))


def reprint(core: Core, set_id: str) -> Completed:
    s = cf.get_set(core, set_id)
    return Completed(s, cf.save_set_pdf(core, s), _title(s))


def _title(s: dict) -> str:
    return f"Tờ khai — {s['applicant_name']} — {s['procedure_name']}"


def reopen(core: Core, set_id: str) -> Opened:
    return _opened(core, cf.reopen(core, set_id))


def discard(core: Core, draft_id: str) -> tuple[list[dict], list[dict]]:
    cf.discard_draft(core, draft_id)
    return lists(core)


def ready_for(core: Core, id_number: str) -> list[dict]:
    return cf.ready_for(core, id_number)


def ready(core: Core, text: str = "") -> list[dict]:
    return cf.ready(core, text)


def intake_prefill(core: Core, set_id: str) -> FormSetPrefill:
    s = cf.get_set(core, set_id)
    if s["status"] != "completed":
        raise UserInputError(not_ready_message(s))
    return FormSetPrefill(s, procedure_info(core, s["procedure_code"]),
                          citizen_values(asdict(cf.intake_applicant(core, s))),
                          tuple(f["title"] for f in s["forms"]))
