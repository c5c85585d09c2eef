"""What the intake page reads and does, as plain operations for the DB worker. No Qt.

Each operation runs on the worker thread as ``fn(core)`` and returns plain
values. ``submit`` records the dossier (one command in the core), then
attaches the scanned files chosen before, then saves the form's PDF beside the
database; once the dossier is recorded nothing after it raises: a file that
cannot be attached or a PDF that cannot be written is reported in the result,
and the dossier stays recorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from counter_app.domain.catalogue import Procedure
from counter_app.domain.clock import LOCAL_TZ, to_local
from counter_app.domain.statuses import Channel
from counter_app.domain.text import fold
from counter_app.errors import CounterError
from counter_app.services import (attachments, calendar, catalogue, citizen_forms, citizens,
                                  competent, documents, dossiers, drafts, group_intake, intake,
                                  queue, slips)
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import DELIVERY, IntakeRequest

log = logging.getLogger(__name__)

FORM_FOR_OUTCOME = {"received": "form01", "incomplete": "form02", "refused": "form03"}
FORM_TITLES = {"form01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",   # print job names
               "form02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
               "form03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ"}
SLIP_FILES_NOTE = ("Phiếu 02/03 không phải hồ sơ: các tệp quét đã chọn không được đính kèm "
                   "(chọn lại khi công dân nộp hồ sơ đầy đủ).")
RECEIPT_COPIES = 2           # form 01: "Liên 1: Lưu" and "Liên 2: Giao người nộp hồ sơ"
DELIVERY_KEYS = tuple(DELIVERY)
# How the catalogue's free text about collecting the result maps to intake's keys.
_DELIVERY_WORDS = (("post", ("buu chinh", "buu dien")),
                   ("online", ("dien tu", "truc tuyen", "cong dich vu")),
                   ("counter", ("truc tiep", "bo phan", "mot cua", "tai quay")))


@dataclass(frozen=True)
class ProcedureItem:
    """One line of the procedure picker."""

    code: str
    name: str
    field_code: str
    processing_days: float
    same_day: bool


@dataclass(frozen=True)
class ProcedureInfo:
    """The chosen procedure, and when its result is due if received now (local time)."""

    procedure: Procedure
    due: datetime
    delivery: tuple[str, ...]


@dataclass(frozen=True)
class GroupItem:
    """One linked group (liên thông) the officer can receive in one intake."""

    code: str
    name: str
    procedures: tuple[str, ...]


@dataclass(frozen=True)
class IntakeStart:
    """What the page needs when it opens: the ticket being served, printer, catalogue."""

    counter: int | None
    ticket: dict | None
    procedures: list[ProcedureItem]
    document_printer: str
    today: date
    groups: tuple[GroupItem, ...] = ()


@dataclass
class Submission:
    request: IntakeRequest
    files: list[tuple[int, Path]] = field(default_factory=list)   # (document row, file)


@dataclass(frozen=True)
class IntakeResult:
    dossier: dict
    form: str
    pdf_path: Path | None
    pdf_error: str = ""
    attached: int = 0
    attach_errors: tuple[str, ...] = ()

    @property
    def slip(self) -> bool:
        """A guidance or refusal slip (form 02/03 at the counter), not a dossier."""
        return "kind" in self.dossier

    @property
    def number(self) -> str:
        """What the citizen's paper carries: the slip's number or the dossier code."""
        return self.dossier["number"] if self.slip else self.dossier["code"]


def _item(p: Procedure) -> ProcedureItem:
    return ProcedureItem(p.code, p.name, p.field_code, p.processing_days, p.same_day)


def search_procedures(core: Core, text: str = "") -> list[ProcedureItem]:
    """Active procedures whose code or name has every word of ``text``, accents ignored."""
    return [_item(p) for p in catalogue.list_procedures(core, search=text)]


def current_ticket(core: Core, counter: int | None) -> dict | None:
    return queue.current_at(core, counter) if counter is not None else None


def read_start(core: Core, counter: int | None) -> IntakeStart:
    return IntakeStart(counter=counter, ticket=current_ticket(core, counter),
                       procedures=search_procedures(core),
                       document_printer=core.config.printer.document_printer,
                       today=to_local(core.clock.now_utc()).date(), groups=list_groups(core))


def delivery_options(proc: Procedure) -> tuple[str, ...]:
    """The ways to collect the result this procedure offers, as intake.DELIVERY keys."""
    found = []
    for text in proc.result_delivery:
        folded = fold(text)
        for key, words in _DELIVERY_WORDS:
            if key not in found and any(w in folded for w in words):
                found.append(key)
                break
    return tuple(k for k in DELIVERY_KEYS if k in found) or DELIVERY_KEYS


def due_if_received_now(core: Core, proc: Procedure) -> datetime:
    return calendar.due(core, core.clock.now_utc(), Decimal(str(proc.processing_days)),
                        proc.same_day).astimezone(LOCAL_TZ)


def due_counted_from(core: Core, proc: Procedure, start: datetime) -> datetime:
    """The due date of a dossier received on behalf of another commune whose competent
    agency received it at ``start`` (naive: local time)."""
    return competent.due_from(core, start, proc.processing_days,
                              proc.same_day).astimezone(LOCAL_TZ)


def procedure_info(core: Core, code: str) -> ProcedureInfo:
    # The version in force today: what intake will use if the dossier is received now.
    proc = catalogue.procedure_in_force(core, code, to_local(core.clock.now_utc()).date())
    return ProcedureInfo(proc, due_if_received_now(core, proc), delivery_options(proc))


def lookup_citizen(core: Core, id_number: str) -> dict | None:
    """What an earlier visit left for this ID number (name, phone, email…), if any."""
    return citizens.lookup(core, id_number)


def card_values(card) -> dict[str, str]:
    """The form's fields from a scanned ID card (domain.cccd.CccdData); "" when unread."""
    return {"full_name": card.full_name, "id_number": card.id_number,
            "birth_date": card.birth_date.strftime("%d/%m/%Y") if card.birth_date else "",
            "gender": card.gender or "", "address": card.address,
            "old_id_number": card.old_id_number or "",
            "issue_date": card.issue_date.isoformat() if card.issue_date else ""}


def citizen_values(row: dict) -> dict[str, str]:
    """The form's fields from a citizens row (an earlier visit)."""
    birth = row.get("birth_date") or ""
    if birth:
        birth = date.fromisoformat(birth).strftime("%d/%m/%Y")
    keys = ("full_name", "id_number", "gender", "address", "phone", "email", "old_id_number",
            "issue_date")
    return {"birth_date": birth, **{k: row.get(k) or "" for k in keys}}


def parse_birth_date(text: str) -> str | None:
    """"01/01/1999" (or 1-1-1999, 01011999) → "1999-01-01"; "" → None; else ValueError."""
    text = text.strip()
    if not text:
        return None
    digits = text.replace("/", " ").replace("-", " ").replace(".", " ").split()
    if len(digits) == 1 and len(digits[0]) == 8 and digits[0].isdigit():
        digits = [digits[0][:2], digits[0][2:4], digits[0][4:]]
    if len(digits) != 3 or not all(d.isdigit() for d in digits):
        raise ValueError(text)
    day, month, year = (int(d) for d in digits)
    return date(year, month, day).isoformat()


def submit(core: Core, submission: Submission) -> IntakeResult:
    """Record the dossier, attach the chosen scans, save the form PDF (01, 02 or 03).
    Guidance and refusal give a numbered slip, not a dossier: nothing to attach to."""
    d = intake.receive(core, submission.request)
    if "kind" in d:
        pdf_path, pdf_error = _save_slip(core, d)
        kept = (SLIP_FILES_NOTE,) if submission.files else ()
        return IntakeResult(d, d["form"], pdf_path, pdf_error, 0, kept)
    attached, attach_errors = _attach(core, d["code"], submission.files)
    form = FORM_FOR_OUTCOME[d["outcome"]]
    pdf_path, pdf_error = _save_form(core, form, d["code"])
    if attached:
        d = dossiers.by_code(core, d["code"])
    return IntakeResult(d, form, pdf_path, pdf_error, attached, tuple(attach_errors))


def _attach(core: Core, code: str, files: list[tuple[int, Path]]) -> tuple[int, list[str]]:
    done, problems = 0, []
    for row, path in files:
        try:
            attachments.attach(core, code, Path(path), row)
            done += 1
        except CounterError as exc:
            problems.append(str(exc))
        except Exception:
            log.exception("attaching %s to %s failed", path, code)
            problems.append(f"Không đính kèm được tệp {Path(path).name} (lỗi không mong đợi).")
    return done, problems


def _save_form(core: Core, form: str, code: str) -> tuple[Path | None, str]:
    copies = RECEIPT_COPIES if form == "form01" else 1
    try:
        return documents.save(core, form, code, copies=copies), ""
    except CounterError as exc:
        return None, str(exc)
    except OSError as exc:
        log.warning("saving %s of %s failed: %s", form, code, exc)
        return None, f"Không lưu được tệp PDF ({exc.strerror or exc}); hồ sơ đã được ghi."
    except Exception:
        log.exception("rendering %s of %s failed", form, code)
        return None, "Không tạo được tệp PDF của phiếu (lỗi không mong đợi); hồ sơ đã được ghi."


def _save_slip(core: Core, slip: dict) -> tuple[Path | None, str]:
    try:
        return slips.save(core, slip), ""
    except CounterError as exc:
        return None, str(exc)
    except OSError as exc:
        log.warning("saving slip %s failed: %s", slip["number"], exc)
        return None, f"Không lưu được tệp PDF ({exc.strerror or exc}); phiếu đã được ghi."
    except Exception:
        log.exception("rendering slip %s failed", slip["number"])
        return None, "Không tạo được tệp PDF của phiếu (lỗi không mong đợi); phiếu đã được ghi."


def saved_form(core: Core, form: str, code: str, path: Path | None,
               slip: bool = False) -> Path:
    """The form's PDF for “In lại”: the one saved at intake, written anew if it is gone.
    ``code`` is the slip's number when ``slip``."""
    if path is not None and Path(path).exists():
        return Path(path)
    if slip:
        return slips.save(core, slips.by_number(core, code))
    return documents.save(core, form, code, copies=RECEIPT_COPIES if form == "form01" else 1)


# --- a linked group (liên thông): several procedures, one applicant, one intake -----------

@dataclass(frozen=True)
class GroupInfo:
    """The chosen group and each member procedure as intake would use it now."""

    code: str
    name: str
    legal_basis: str
    members: tuple[ProcedureInfo, ...]


@dataclass(frozen=True)
class GroupSubmission:
    group_code: str
    applicant: Applicant
    channel: Channel = Channel.DIRECT
    portal_code: str = ""
    sets: int = 1
    result_delivery: str = "counter"
    ticket_id: str | None = None
    documents: dict[str, list[dict]] = field(default_factory=dict)   # by procedure code
    fees: dict[str, list[dict]] = field(default_factory=dict)        # by procedure code
    payment_method: str = ""                                         # paid now: how
    payment_reference: str = ""


@dataclass(frozen=True)
class GroupResult:
    """The linked dossiers in the group's order, each with its form 01 PDF (or why not)."""

    name: str
    results: tuple[IntakeResult, ...]

    @property
    def group_id(self) -> str:
        return self.results[0].dossier["group_id"]


def list_groups(core: Core) -> tuple[GroupItem, ...]:
    return tuple(GroupItem(g.code, g.name, g.procedures) for g in catalogue.list_groups(core))


def group_info(core: Core, code: str) -> GroupInfo:
    group = catalogue.get_group(core, code)
    return GroupInfo(group.code, group.name, group.legal_basis,
                     tuple(procedure_info(core, c) for c in group.procedures))


def group_delivery(info: GroupInfo) -> tuple[str, ...]:
    """The ways to collect results every member offers (the whole group is collected
    one way); all of them when the members share none."""
    keys = [k for k in DELIVERY_KEYS if all(k in m.delivery for m in info.members)]
    return tuple(keys) or DELIVERY_KEYS


def submit_group(core: Core, submission: GroupSubmission) -> GroupResult:
    """Record the group's linked dossiers in one transaction (all or nothing), then save
    each one's form 01; a PDF that cannot be written is reported, the dossiers stay."""
    s = submission
    name = catalogue.get_group(core, s.group_code).name
    recorded = group_intake.receive_group(
        core, s.group_code, s.applicant, channel=s.channel,
        portal_code=s.portal_code if s.channel == Channel.ONLINE else "", sets=s.sets,
        result_delivery=s.result_delivery, ticket_id=s.ticket_id, used_drafts=INTAKE_DRAFTS,
        documents=s.documents, fees=s.fees, payment_method=s.payment_method,
        payment_reference=s.payment_reference)
    results = []
    for d in recorded:
        pdf_path, pdf_error = _save_form(core, "form01", d["code"])
        results.append(IntakeResult(d, "form01", pdf_path, pdf_error))
    return GroupResult(name, tuple(results))


# --- the intake in progress, kept on this machine (counter_app.services.drafts) ------------

# The drafts an intake uses up: the form, and the texts of its two outcome dialogs.
INTAKE_DRAFTS = ((drafts.INTAKE, ""), (drafts.DIALOG, "intake:incomplete"),
                 (drafts.DIALOG, "intake:refuse"))


@dataclass(frozen=True)
class KeptIntake:
    """An intake typed earlier and not recorded: the form's state as saved, when, the
    procedure as it is now (None if it is gone) and the linked form set if still there."""

    state: dict
    updated_at: str
    info: ProcedureInfo | None
    form_set: dict | None
    group: GroupInfo | None = None


def is_blank(state: dict) -> bool:
    """Nothing worth keeping: no procedure, no applicant text, no linked set, no file."""
    applicant = state.get("applicant") or {}
    files = [f for row in state.get("documents") or [] for f in row.get("files") or []]
    return not (state.get("procedure_code") or state.get("group_code") or any(str(v).strip() for v in applicant.values())
                or state.get("form_set_id") or files)


def keep_draft(core: Core, state: dict) -> str | None:
    """Save the form as typed; a blank form forgets the draft. Returns when it was saved."""
    if is_blank(state):
        drafts.discard(core, drafts.INTAKE, "")
        return None
    return drafts.save(core, drafts.INTAKE, "", state)


def read_draft(core: Core) -> KeptIntake | None:
    kept = drafts.load(core, drafts.INTAKE, "")
    if kept is None:
        return None
    info = form_set = None
    code = kept.state.get("procedure_code")
    if code:
        try:
            info = procedure_info(core, code)
        except CounterError:
            info = None                     # gone from the catalogue: the rest comes back
    if kept.state.get("form_set_id"):
        try:
            form_set = citizen_forms.get_set(core, kept.state["form_set_id"])
        except CounterError:
            form_set = None
    group = None
    if kept.state.get("group_code"):
        try:
            group = group_info(core, kept.state["group_code"])
        except CounterError:
            group = None                    # gone from the catalogue: the rest comes back
    return KeptIntake(kept.state, kept.updated_at, info, form_set, group)


def discard_draft(core: Core) -> None:
    drafts.discard(core, drafts.INTAKE, "")
