""""Công dân không viết": the support officer fills a citizen's forms for them.

A *form set* is the forms one citizen needs for one procedure (the procedure's
``citizen_forms`` in the catalogue, plus any other template the officer adds).
While it is typed it is a *draft*: saved on this machine after every pause in
typing (``form_drafts``, one UPSERT, committed with ``synchronous=FULL``), so a
crash or a power cut loses at most the last second or two. Drafts are scratch
work and never leave the machine; the facts are events: ``form_set.completed``
(validated, printed for signature), ``form_set.reopened`` (a correction after the
citizen read it) and ``form_set.used`` (an intake took it: the dossier's applicant
and documents come from it, the forms are attached, and the dossier records that
it was served under the model and by whom — see ``intake.receive``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from counter_app.domain.events import NewEvent
from counter_app.domain.form_templates import FormContext, FormData, Problem, Template, fill
from counter_app.domain.form_templates import roles
from counter_app.domain.form_templates.values import (clean_data, context_values, is_blank,
                                                      parse_date, put_value, validate_data,
                                                      with_words)
from counter_app.domain.ids import new_id
from counter_app.domain.text import clean, fold
from counter_app.errors import CounterError, NotFound, UserInputError
from counter_app.services import address_update, catalogue, citizens, form_templates
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core, guarded
from counter_app.services.queue import today  # the office's local date

READY_LIMIT = 100
# ``citizen.*`` bindings that flow back into the dossier's applicant.
APPLICANT_KEYS = ("full_name", "id_number", "old_id_number", "birth_date", "gender",
                  "address", "phone", "email", "issue_date")
DATE_KEYS = ("birth_date", "issue_date")


class FormProblems(UserInputError):
    """Forms that cannot be completed yet; ``problems`` per template id."""

    def __init__(self, problems: dict[str, list[Problem]], titles: dict[str, str]) -> None:
        self.problems = problems
        count = sum(len(p) for p in problems.values())
        first = next(p for ps in problems.values() for p in ps)
        names = ", ".join(titles[t] for t, ps in problems.items() if ps)
        super().__init__(f"Còn {count} chỗ chưa đúng trong: {names}. Chỗ đầu tiên — "
                         f"{first.message}.")


@dataclass
class Draft:
    """A form set being typed. ``forms`` holds each template's data by template id,
    in ``templates`` order; ``requester`` is the person at the counter."""

    id: str
    procedure_code: str
    procedure_name: str = ""
    field_code: str = ""
    requester: dict = field(default_factory=dict)
    templates: list[str] = field(default_factory=list)
    forms: dict[str, FormData] = field(default_factory=dict)
    missing_forms: list[str] = field(default_factory=list)
    officer_id: str = ""
    created_at: str = ""
    updated_at: str = ""

    def state(self) -> str:
        keep = ("procedure_name", "field_code", "requester", "templates", "forms",
                "missing_forms")
        return json.dumps({k: getattr(self, k) for k in keep}, ensure_ascii=False)


def _admin(core: Core):
    return form_templates.admin_dir(core.db_path)


@guarded
def template(core: Core, template_id: str) -> Template:
    return form_templates.find(template_id, _admin(core))


@guarded
def templates_for(core: Core, procedure) -> tuple[list[Template], list[str]]:
    """The templates a procedure's ``citizen_forms`` name, and the names with none."""
    found, missing = [], []
    for name in procedure.citizen_forms:
        try:
            found.append(form_templates.find(name, _admin(core)))
        except CounterError:
            missing.append(name)
    return found, missing


@guarded
def context(core: Core, draft: Draft) -> FormContext:
    requester = Applicant(**draft.requester) if draft.requester.get("full_name") else None
    return form_templates.form_context(core.config.office, today(core), requester,
                                       procedure_name=draft.procedure_name)


@guarded
def start(core: Core, procedure_code: str, requester: Applicant | None = None) -> Draft:
    """A new draft for the procedure, prefilled, saved at once."""
    proc = catalogue.get_procedure(core, procedure_code)
    found, missing = templates_for(core, proc)
    draft = Draft(new_id(), proc.code, proc.name, proc.field_code,
                  asdict(requester) if requester else {}, [t.id for t in found], {}, missing)
    ctx = context(core, draft)
    draft.forms = {t.id: fill(t, ctx, {}) for t in found}
    return save_draft(core, draft)


@guarded
def add_form(core: Core, draft: Draft, template_id: str) -> Draft:
    t = template(core, template_id)
    if t.id not in draft.templates:
        draft.templates.append(t.id)
        draft.forms[t.id] = fill(t, context(core, draft), {})
    return draft


def remove_form(draft: Draft, template_id: str) -> Draft:
    draft.templates = [t for t in draft.templates if t != template_id]
    draft.forms.pop(template_id, None)
    return draft


@guarded
def set_requester(core: Core, draft: Draft, applicant: Applicant,
                  overwrite: bool = False) -> list[tuple[str, str, str, str]]:
    """Fill every form's ``citizen.*`` fields from ``applicant`` (a scanned card or an
    earlier visit), and the section the requester is also by their relation (a mother
    registering her child's birth: "người mẹ"). A value the officer typed is kept unless
    ``overwrite``; the kept ones are returned as (form title, field label, typed, from
    the card)."""
    draft.requester = asdict(applicant)
    ctx = context(core, draft)
    known = context_values(ctx)
    kept = []
    for tid in draft.templates:
        t = template(core, tid)
        data = draft.forms.setdefault(tid, {})
        for f in t.fields:
            if not (f.bind or "").startswith("citizen.") or f.bind not in known:
                continue
            if not put_value(data, f.id, known[f.bind], overwrite):
                kept.append((t.title, f.label, str(data[f.id]), known[f.bind]))
        kept += [(t.title, *k) for k in roles.fill_requester_entry(t, data, applicant,
                                                                     overwrite)]
    return kept


# --- drafts: this machine's scratch copies ---------------------------------------------------

@guarded
def save_draft(core: Core, draft: Draft) -> Draft:
    """Keep the draft (insert or replace); returns it with ``updated_at`` set."""
    now = core.clock.now_utc().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    draft.created_at = draft.created_at or now
    draft.updated_at = now
    draft.officer_id = draft.officer_id or core.officer_id
    name = _typed_name(core, draft)
    with core.conn:
        core.conn.execute(
            "INSERT INTO form_drafts (id, officer_id, procedure_code, applicant_name, state, "
            "created_at, updated_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET "
            "procedure_code = excluded.procedure_code, applicant_name = excluded.applicant_name, "
            "state = excluded.state, updated_at = excluded.updated_at",
            (draft.id, draft.officer_id, draft.procedure_code, name, draft.state(),
             draft.created_at, draft.updated_at))
    return draft


def _typed_name(core: Core, draft: Draft) -> str:
    """The requester's name as the forms say it (typed, or corrected over the card),
    else the card's: what the list of drafts shows."""
    for tid in draft.templates:
        data = draft.forms.get(tid, {})
        for f in template(core, tid).fields:
            if f.bind == "citizen.full_name" and not is_blank(data.get(f.id)):
                return clean(str(data[f.id]))
    return clean(str(draft.requester.get("full_name", "")))


@guarded
def list_drafts(core: Core) -> list[dict]:
    """Drafts kept on this machine, newest first, with who started them."""
    rows = core.conn.execute(
        "SELECT d.id, d.procedure_code, d.applicant_name, d.created_at, d.updated_at, "
        "d.officer_id, coalesce(o.full_name, d.officer_id) AS officer_name, "
        "coalesce(p.name, '') AS procedure_name FROM form_drafts d "
        "LEFT JOIN officers o ON o.id = d.officer_id "
        "LEFT JOIN procedures p ON p.code = d.procedure_code ORDER BY d.updated_at DESC")
    return [dict(r) for r in rows]


@guarded
def load_draft(core: Core, draft_id: str) -> Draft:
    row = core.conn.execute("SELECT * FROM form_drafts WHERE id = ?", (draft_id,)).fetchone()
    if row is None:
        raise NotFound("Không còn bản nháp này (đã hoàn tất hoặc đã hủy).")
    try:
        state = json.loads(row["state"])
    except ValueError:
        raise UserInputError("Bản nháp bị hỏng, không đọc được. Hãy hủy và điền lại.") from None
    return Draft(row["id"], row["procedure_code"], officer_id=row["officer_id"],
                 created_at=row["created_at"], updated_at=row["updated_at"], **state)


@guarded
def discard_draft(core: Core, draft_id: str) -> None:
    with core.conn:
        core.conn.execute("DELETE FROM form_drafts WHERE id = ?", (draft_id,))


# --- checking, rendering, completing ------------------------------------------------------

@guarded
def check(core: Core, draft: Draft) -> dict[str, list[Problem]]:
    """Problems of every form, by template id (empty lists when all is well)."""
    day = today(core)
    return {tid: validate_data(template(core, tid), _cleaned(core, draft, tid), day)
            for tid in draft.templates}


def _cleaned(core: Core, draft: Draft, tid: str) -> FormData:
    """One form's data as it is recorded and printed: dates in words generated where left
    blank (kept in the draft), then ``values.clean_value`` on every answer."""
    draft.forms[tid] = with_words(template(core, tid), draft.forms.get(tid, {}))
    return clean_data(template(core, tid), draft.forms[tid])


@guarded
def address_offers(core: Core, draft: Draft) -> list[address_update.FieldOffer]:
    """Card addresses still in the pre-2025 three-level form, with their two-level
    forms, for the officer to confirm or keep; nothing in the draft is changed."""
    return [found for tid in draft.templates
            for found in address_update.form_offers(template(core, tid),
                                                    draft.forms.get(tid, {}))]


@guarded
def render(core: Core, template_id: str, data: FormData) -> bytes:
    from printing.forms import render_citizen_form
    t = template(core, template_id)
    return render_citizen_form(t, clean_data(t, data))


@guarded
def applicant_from_forms(core: Core, draft: Draft) -> Applicant:
    """The dossier's applicant: the requester's card, overridden by what the forms say
    in their ``citizen.*`` fields (what the citizen read and signed)."""
    values = {k: v for k, v in draft.requester.items() if k in APPLICANT_KEYS and v}
    for tid in reversed(draft.templates):       # the first form wins: apply it last
        t = template(core, tid)
        data = draft.forms.get(tid, {})
        for f in t.fields:
            key = (f.bind or "").removeprefix("citizen.")
            if f.bind and f.bind.startswith("citizen.") and key in APPLICANT_KEYS \
                    and not is_blank(data.get(f.id)):
                values[key] = _applicant_value(key, str(data[f.id]))
    if not values.get("full_name"):
        raise UserInputError("Chưa có họ tên người yêu cầu: hãy quét thẻ căn cước hoặc "
                             "nhập họ tên trên tờ khai.")
    return Applicant(**{k: v for k, v in values.items() if v}).cleaned()


def _applicant_value(key: str, text: str) -> str:
    if key in DATE_KEYS:
        d = parse_date(text)
        return d.isoformat() if d else ""
    if key in ("id_number", "old_id_number"):
        return "".join(ch for ch in text if ch.isdigit())
    return clean(text)


@guarded
def complete(core: Core, draft: Draft) -> dict:
    """Validate every form and record the set as completed (ready to print and sign).
    The draft is removed in the same transaction."""
    if not draft.templates:
        raise UserInputError("Bộ tờ khai chưa có mẫu nào: hãy thêm mẫu cần điền.")
    problems = {t: ps for t, ps in check(core, draft).items() if ps}
    if problems:
        raise FormProblems(problems, {t: template(core, t).title for t in draft.templates})
    applicant = applicant_from_forms(core, draft)
    forms = [{"template_id": tid, "title": template(core, tid).title,
              "version": template(core, tid).version, "data": _cleaned(core, draft, tid)}
             for tid in draft.templates]
    payload = {"procedure_code": draft.procedure_code, "procedure_name": draft.procedure_name,
               "field_code": draft.field_code, "applicant": asdict(applicant), "forms": forms}

    def decide(conn):
        conn.execute("DELETE FROM form_drafts WHERE id = ?", (draft.id,))
        return [NewEvent("form_set", draft.id, "form_set.completed", payload)]

    core.record(decide)
    return get_set(core, draft.id)


@guarded
def get_set(core: Core, set_id: str) -> dict:
    row = core.conn.execute(
        "SELECT s.*, coalesce(o.full_name, s.officer_id) AS officer_name FROM form_sets s "
        "LEFT JOIN officers o ON o.id = s.officer_id WHERE s.id = ?", (set_id,)).fetchone()
    if row is None:
        raise NotFound("Không tìm thấy bộ tờ khai này.")
    out = dict(row)
    out["applicant"] = json.loads(out["applicant"])
    out["forms"] = json.loads(out["forms"])
    return out


@guarded
def reopen(core: Core, set_id: str) -> Draft:
    """Back to a draft for a correction (the citizen found a mistake before signing)."""
    s = get_set(core, set_id)
    if s["status"] == "used":
        raise UserInputError(f"Bộ tờ khai đã dùng cho hồ sơ {s['dossier_code']}: không sửa "
                             "được nữa.")
    draft = Draft(s["id"], s["procedure_code"], s["procedure_name"], s["field_code"],
                  s["applicant"], [f["template_id"] for f in s["forms"]],
                  {f["template_id"]: f["data"] for f in s["forms"]})
    core.record([NewEvent("form_set", set_id, "form_set.reopened", {})])
    return save_draft(core, draft)


_READY = ("SELECT s.id, s.procedure_code, s.procedure_name, s.applicant_name, "
          "s.applicant_id_number, s.form_count, s.completed_at, "
          "coalesce(o.full_name, s.officer_id) AS officer_name FROM form_sets s "
          "LEFT JOIN officers o ON o.id = s.officer_id WHERE s.status = 'completed' {and_} "
          "ORDER BY s.completed_at DESC")


@guarded
def ready(core: Core, text: str = "") -> list[dict]:
    """Completed sets no intake has used yet, newest first (at most ``READY_LIMIT``);
    ``text`` matches the applicant's name (accents optional) or ID number."""
    wanted = fold(text)
    rows = (dict(r) for r in core.conn.execute(_READY.format(and_="")))
    out = [r for r in rows if not wanted or wanted in fold(r["applicant_name"])
           or wanted in r["applicant_id_number"]]
    return out[:READY_LIMIT]


@guarded
def ready_for(core: Core, id_number: str) -> list[dict]:
    """Completed, unused sets for the citizen with this ID number (a card scanned at
    intake offers them)."""
    if not id_number:
        return []
    sql = _READY.format(and_="AND s.applicant_id_number = ?")
    return [dict(r) for r in core.conn.execute(sql, (id_number,))]


@guarded
def set_pdfs(core: Core, s: dict) -> list[tuple[dict, bytes]]:
    """Each form of a completed set as PDF, in order."""
    return [(f, render(core, f["template_id"], f["data"])) for f in s["forms"]]


@guarded
def save_set_pdf(core: Core, s: dict) -> Path:
    """All the set's forms in one PDF (one print job, one preview), kept with the
    office's documents: ``documents/<year>/cong-dan-khong-viet/``."""
    from printing.forms import combine, write_pdf
    pdf = combine([pdf for _form, pdf in set_pdfs(core, s)])
    name = "-".join(fold(s["applicant_name"]).split()) or "cong-dan"
    folder = core.db_path.parent / "documents" / s["completed_at"][:4] / "cong-dan-khong-viet"
    folder.mkdir(parents=True, exist_ok=True)
    return write_pdf(folder / f"{name}-{s['id']}.pdf", pdf)


@guarded
def intake_applicant(core: Core, s: dict) -> Applicant:
    """The applicant an intake takes from set ``s``: what the forms say, with the
    blanks (phone, email…) filled from an earlier visit."""
    return citizens.with_known(core.conn, Applicant(**s["applicant"]))


@guarded
def earlier_visit(core: Core, id_number: str) -> Applicant | None:
    """The citizen as remembered from an earlier visit ("một lần khai, nhiều lần dùng")."""
    row = citizens.lookup(core, id_number)
    if not row:
        return None
    return Applicant(**{k: row[k] for k in APPLICANT_KEYS if row.get(k)})
