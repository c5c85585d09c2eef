"""What the dossier page reads and does, as plain operations for the DB worker.

Each operation runs on the worker thread as ``fn(core)`` and returns plain
values; a step (transfer, resolve, …) returns the dossier as it is afterwards,
so the detail panel updates from one round trip. The tracking book is read here and
written by ``documents.render_book`` (PDF, or Excel via printing/documents/form06_xlsx.py).
Nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Callable

from counter_app.domain.clock import to_local
from counter_app.domain.fees import overpaid, owed
from counter_app.domain.statuses import FINAL, Status, can_move
from counter_app.errors import CounterError
from counter_app.services import (attachments, calendar, catalogue, competent, documents,
                                   dossiers, drafts, fees, intake, officers, official_forms)
from counter_app.services.core import Core

SEARCH_LIMIT = 200
OPEN_STATUSES = frozenset({Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT,
                           Status.FINANCIAL})
FINAL_STATUSES = FINAL
# The step each action button takes (counter_app.services.dossiers).
STEPS: dict[str, Callable] = {
    "transfer": dossiers.transfer, "supplement": dossiers.request_supplement,
    "supplement_received": dossiers.supplement_received, "resolve": dossiers.resolve,
    "return": dossiers.return_result, "withdraw": dossiers.withdraw, "stop": dossiers.stop,
    "apology": dossiers.apologize, "pay": fees.pay, "fees": fees.correct,
    "refund": fees.refund, "competent": competent.record_receipt,
}
# The form a step issues, offered right after it.
STEP_FORMS = {"transfer": "form05", "supplement": "form02", "apology": "form04",
              "stop": "stop_notice"}
APOLOGY_DAYS = 5
REPRINT_FORMS = ("form01", "form02", "form03", "form04", "form05", "stop_notice")


# --- dates ---------------------------------------------------------------------------------


def local_time(iso: str | None) -> datetime | None:
    moment = dossiers.parse_utc(iso.replace(".000Z", "Z")) if iso else None
    return to_local(moment) if moment else None


def local_text(iso: str | None) -> str:
    """"2026-11-18T03:00:00Z" → "18/11/2026 10:00" (Hà Nội time); "" for none."""
    moment = local_time(iso)
    return moment.strftime("%d/%m/%Y %H:%M") if moment else ""


# --- search --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str = ""
    status: int | None = None
    field: str | None = None
    channel: int | None = None
    due_today: bool = False
    overdue: bool = False


@dataclass(frozen=True)
class SearchResult:
    query: Query
    rows: list[dict]          # dossiers.search() rows, plus "overdue" and "due_today"
    now: datetime
    truncated: bool           # the limit was reached: there may be more


def due_today(d: dict, now: datetime) -> bool:
    due = local_time(d["due_at"])
    return bool(due and d["status"] in OPEN_STATUSES and due.date() == to_local(now).date())


def mark(d: dict, now: datetime) -> dict:
    overdue = dossiers.is_overdue(d, now)
    return {**d, "overdue": overdue, "due_today": not overdue and due_today(d, now)}


def search_op(query: Query, limit: int = SEARCH_LIMIT) -> Callable[[Core], SearchResult]:
    def search(core: Core) -> SearchResult:
        rows = dossiers.search(core, query.text, status=query.status, field=query.field,
                               channel=query.channel, due_today=query.due_today,
                               overdue=query.overdue, limit=limit)
        now = core.clock.now_utc()
        return SearchResult(query, [mark(d, now) for d in rows], now, len(rows) >= limit)
    return search


@dataclass(frozen=True)
class Options:
    fields: list[tuple[str, str]]     # (code, name) for the field filter
    now: datetime
    document_printer: str = ""        # the office printer's name; "" → a preview


def read_options(core: Core) -> Options:
    return Options([(f.code, f.name) for f in catalogue.list_fields(core)],
                   core.clock.now_utc(), core.config.printer.document_printer)


# --- one dossier ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierView:
    dossier: dict                 # dossiers.detail(): with history, handovers, files
    now: datetime
    overdue: bool
    actions: frozenset[str]       # what the buttons may do now (see legal_actions)
    forms: tuple[str, ...]        # the forms that can be printed again
    officers: dict[str, str]      # officer id → full name, for the history
    field_name: str
    storage_root: Path            # where attached files are kept
    apology_due: datetime | None = None   # a working day to suggest as the new date


def can_apologize(d: dict) -> bool:
    return d["status"] in OPEN_STATUSES and bool(d["due_at"]) and not d["apology_number"]


def forms_available(d: dict) -> tuple[str, ...]:
    received = d["outcome"] == "received"
    have = {"form01": received, "form02": bool(d["missing"]),
            "form03": d["status"] == Status.NOT_RECEIVED,
            "form04": bool(d["apology_number"]), "form05": received,
            "stop_notice": d["status"] == Status.STOPPED}
    return tuple(f for f in REPRINT_FORMS if have[f])


def legal_actions(d: dict) -> frozenset[str]:
    """The steps the core accepts from this status (domain.statuses.TRANSITIONS).

    A dossier left incomplete at intake (form 02) was never received: it has no
    appointment and no book line, so it is not transferred or resumed here — it
    is received again as a new dossier once complete."""
    status = Status(d["status"])
    received = d["outcome"] == "received"
    acts = {key for key, target in (("supplement", Status.SUPPLEMENT),
                                    ("resolve", Status.RESOLVED), ("return", Status.RETURNED),
                                    ("withdraw", Status.WITHDRAWN), ("stop", Status.STOPPED))
            if can_move(status, target)}
    if received and can_move(status, Status.PROCESSING):
        acts.add("supplement_received" if status == Status.SUPPLEMENT else "transfer")
    if can_apologize(d):
        acts.add("apology")
    if competent.pending(d) and status in competent.RECORDABLE and \
            not (d["apology_number"] or d["supplement_count"]):
        acts.add("competent")       # the competent agency's receipt, awaited
    if forms_available(d):
        acts.add("reprint")
    if status != Status.NOT_RECEIVED:
        # paid at intake, later, or when the result is handed over; corrected after
        # intake; what was taken beyond what is due is handed back (services/fees.py)
        acts |= ({"fees"} if received else set()) | ({"pay"} if owed(d) else set()) | \
            ({"refund"} if overpaid(d) else set())
    return frozenset(acts)


def read_detail(core: Core, code: str) -> DossierView:
    d = dossiers.detail(core, code)
    d["payments"] = fees.payments(core, code)
    now = core.clock.now_utc()
    fields = {f.code: f.name for f in catalogue.list_fields(core)}
    acts = legal_actions(d)
    if not core.may("dossiers.transfer"):
        # a leader reads and prints, does not move dossiers; may correct the fees
        acts = acts & ({"reprint", "fees"} if core.may("fees.correct") else {"reprint"})
    if not core.may("documents.render"):
        acts = acts - {"reprint"}
    return DossierView(d, now, dossiers.is_overdue(d, now), acts, forms_available(d),
                       officers.names(core), fields.get(d["field_code"], d["field_code"]),
                       attachments.storage_root(core),
                       _apology_due(core, d, now) if "apology" in acts else None)


def _apology_due(core: Core, d: dict, now: datetime) -> datetime:
    """APOLOGY_DAYS working days after the later of now and the old date."""
    start = max(now, dossiers.parse_utc(d["due_at"]))
    return calendar.due(core, start, Decimal(APOLOGY_DAYS))


def detail_op(code: str) -> Callable[[Core], DossierView]:
    return lambda core: read_detail(core, code)


@dataclass(frozen=True)
class StepResult:
    action: str
    view: DossierView
    pdf: Path | None = None       # the form the step issued, if asked for
    pdf_error: str = ""           # why that form could not be made (the step is recorded)
    warnings: tuple[str, ...] = ()  # recorded, but worth saying (an apology after the due date)


def step_draft_key(code: str, action: str) -> str:
    """The key of the text typed in a step's dialog (kept on this machine until recorded)."""
    return f"step:{code}:{action}"


def step_op(code: str, action: str, args: dict | None = None,
            print_form: bool = False) -> Callable[[Core], StepResult]:
    def step(core: Core) -> StepResult:
        done = STEPS[action](core, code, **(args or {}))
        drafts.discard(core, drafts.DIALOG, step_draft_key(code, action))
        pdf, error = None, ""
        if print_form and action in STEP_FORMS:
            try:
                pdf = documents.save(core, STEP_FORMS[action], code)
            except CounterError as exc:
                error = str(exc)
        warnings = tuple(done.get("warnings", ())) if isinstance(done, dict) else ()
        return StepResult(action, read_detail(core, code), pdf, error, warnings)
    return step


def save_form_op(code: str, form: str, copies: int = 1) -> Callable[[Core], Path]:
    return lambda core: documents.save(core, form, code, copies=copies)


# --- digitisation --------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachResult:
    attached: list[str]
    skipped: list[tuple[str, str]]      # (file name, Vietnamese reason)
    view: DossierView


def attach_op(code: str, paths: list[Path],
              document_index: int | None = None) -> Callable[[Core], AttachResult]:
    def attach(core: Core) -> AttachResult:
        attached, skipped = [], []
        for path in paths:
            try:
                attachments.attach(core, code, Path(path), document_index)
                attached.append(Path(path).name)
            except CounterError as exc:
                skipped.append((Path(path).name, str(exc)))
        return AttachResult(attached, skipped, read_detail(core, code))
    return attach


# --- tracking book (form 06) ---------------------------------------------------------------


@dataclass(frozen=True)
class BookInfo:
    year: int
    current: int                          # the book new dossiers go into
    books: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (book number, dossiers, first line, last line)


def read_book_info(core: Core, year: int) -> BookInfo:
    return BookInfo(year, intake.current_book(core, year), intake.book_summary(core, year))


def new_book_op(year: int) -> Callable[[Core], BookInfo]:
    def new_book(core: Core) -> BookInfo:
        intake.start_new_book(core, year)
        return read_book_info(core, year)
    return new_book


@dataclass(frozen=True)
class BookData:
    """One year's book (or one book of it), ready to write without the database."""

    model: object                         # printing.documents.TrackingBook
    wording: object                       # the office's form set's wording of form 06
    book_number: int | None               # None: every book of the year


def read_book(core: Core, year: int, book_number: int | None = None) -> BookData:
    return BookData(documents.tracking_book(core, year, book_number),
                    official_forms.current(core).wording("form06"), book_number)


def write_book_pdf(data: BookData, out: Path) -> Path:
    """Form 06 as PDF (slow: run it off the GUI thread and off the DB worker)."""
    from printing.documents import write_pdf
    return write_pdf(Path(out), documents.render_book(data.model, data.wording))


def write_book_xlsx(data: BookData, out: Path) -> Path:
    """Form 06 as an Excel workbook (printing/documents/form06_xlsx.py)."""
    from printing.documents import write_pdf
    return write_pdf(Path(out), documents.render_book(data.model, data.wording, xlsx=True))
