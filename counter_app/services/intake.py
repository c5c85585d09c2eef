"""Intake (tiếp nhận): record a dossier received at the counter, online or by post.

One command records everything: the citizen (new or updated), the dossier
code, the tracking-book line and the dossier itself. Three outcomes
(shared/domain.md §2.5): received → a dossier and form 01 with the appointment;
incomplete → a numbered guidance slip (form 02) listing what is missing; refused →
a numbered refusal slip (form 03) with the reason. The two slips are not dossiers:
no dossier code, no book line, no status (``services.slips``).

The procedure used is the catalogue's version in force on the day of receipt
(``catalogue.procedure_in_force``). A dossier taken on behalf of another commune
(NĐ 118/2025 as amended by NĐ 309/2026, art. 14(4), 17(3)) counts its time from
the competent agency's receipt, a moment the officer records at intake or, when that
agency receives it later, afterwards (``competent.record_receipt``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal

from counter_app.domain import fees as fee_rules
from counter_app.domain import limits
from counter_app.domain.clock import LOCAL_TZ, to_local
from counter_app.domain.events import NewEvent
from counter_app.domain.ids import new_id
from counter_app.domain.statuses import Channel, Status
from counter_app.domain.text import clean, fold
from counter_app.errors import UserInputError
from counter_app.services import (calendar, catalogue, citizens, codes, competent, drafts,
                                   intake_forms, queue_config, slips)
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core, guarded

# Only "received" makes a dossier (status 2); the other two make slips and have no status:
# status 5 is the supplement request during processing (QĐ 766 counts it), 3 a refusal then.
OUTCOMES = ("received", "incomplete", "refused")
# Printed as "Tại <the office's counter unit>" (documents.delivery_text).
DELIVERY = {"counter": "Tại quầy tiếp nhận và trả kết quả",
            "post": "Qua dịch vụ bưu chính công ích",
            "online": "Bản điện tử qua Cổng Dịch vụ công"}


@dataclass
class IntakeRequest:
    procedure_code: str
    applicant: Applicant
    outcome: str = "received"
    channel: Channel = Channel.DIRECT
    portal_code: str = ""
    received_at: datetime | None = None        # aware, or naive local time; None = now
    documents: list[dict] | None = None         # None = the catalogue's list, all provided
    missing: list[dict] = field(default_factory=list)
    reason: str = ""
    sets: int = 1
    result_delivery: str = "counter"
    due_override: datetime | None = None
    due_reason: str = ""
    ticket_id: str | None = None
    citizen_not_write: bool = False
    form_set_id: str | None = None     # forms filled under "Công dân không viết"
    # The device-local drafts (kind, key) this intake used up: removed in its transaction.
    drafts: tuple[tuple[str, str], ...] = ()
    # Received on behalf of another commune: the competent agency and when it received the
    # dossier (the time limit counts from then, NĐ 309/2026 art. 14(4)).
    competent_agency: str = ""
    competent_received_at: datetime | None = None
    group_id: str | None = None         # set by group intake: the linked dossiers' group
    # The fees charged (domain/fees.py): None = the catalogue's, as listed there. Paid at
    # intake with ``payment_method`` (cash, transfer, online), else later (fees.pay).
    fees: list[dict] | None = None
    exempt: dict[str, str] = field(default_factory=dict)   # fee name → reason (miễn)
    payment_method: str = ""
    payment_reference: str = ""


@guarded
def receive(core: Core, req: IntakeRequest) -> dict:
    """Record the dossier; returns it as stored (with code, due date, status). An
    ``incomplete`` or ``refused`` request records a slip instead and returns it."""
    proc, applicant, received_at = _validate(core, req)
    if req.outcome != "received":
        return slips.issue(core, req, proc, applicant, received_at, _documents(req, proc),
                           clean_missing(req.missing))
    counted_from = _counted_from(core, req, received_at)
    due = _due(core, req, proc, counted_from or received_at, pending=counted_from is None)
    allocate = codes.allocator(core, received_at)
    hub_lines = office_book(core)
    dossier_id = new_id()
    forms = intake_forms.prepare(core, req.form_set_id, proc, dossier_id,
                                 _utc(received_at)[:4], _documents(req, proc),
                                 manual=req.citizen_not_write)

    def decide(conn: sqlite3.Connection):
        nonlocal applicant
        if req.form_set_id:       # the set's blanks must not blank the dossier's phone
            applicant = citizens.with_known(conn, applicant)
        citizen_id, citizen_events = citizens.remember(conn, applicant)
        code_event = allocate(conn)
        payload = _payload(core, req, proc, applicant, citizen_id, code_event.entity_id,
                           received_at, due)
        payload.update(_received_extra(req, proc, counted_from))
        payload.update(_book_line(conn, received_at, hub_lines))
        payload.update(forms.dossier_columns(core))
        drafts.discard_in(conn, core.officer_id, req.drafts)
        return [*citizen_events, code_event,
                NewEvent("dossier", dossier_id, "dossier.received", payload),
                *forms.events(conn, code_event.entity_id),
                *_payment_at_intake(req, payload["fees"], dossier_id, core.clock.now_utc())]

    core.record(decide)
    from counter_app.services import dossiers  # the read side; imported late to avoid a cycle
    return dossiers.get(core, dossier_id)


def _validate(core: Core, req: IntakeRequest):
    if req.outcome not in OUTCOMES:
        raise UserInputError("Kết quả tiếp nhận phải là: received, incomplete hoặc refused.")
    received = req.received_at or core.clock.now_utc()
    received = received if received.tzinfo else received.replace(tzinfo=LOCAL_TZ)
    proc = catalogue.procedure_in_force(core, req.procedure_code, to_local(received).date())
    if not proc.active:
        raise UserInputError(f"Thủ tục “{proc.name}” đã ngừng áp dụng.")
    if req.outcome in ("incomplete", "refused") and not clean(req.reason):
        raise UserInputError("Hãy ghi rõ lý do (hồ sơ chưa đầy đủ hoặc từ chối tiếp nhận).")
    if req.outcome == "incomplete" and not clean_missing(req.missing):
        raise UserInputError("Hãy liệt kê giấy tờ cần bổ sung, hoàn thiện (một lần, đầy đủ).")
    if req.channel == Channel.ONLINE and not clean(req.portal_code):
        raise UserInputError("Hồ sơ trực tuyến: hãy nhập mã hồ sơ trên Cổng Dịch vụ công.")
    if not 1 <= req.sets <= 100:
        raise UserInputError("Số bộ hồ sơ phải từ 1 đến 100.")
    if req.result_delivery not in DELIVERY:
        raise UserInputError("Cách nhận kết quả phải là: counter, post hoặc online.")
    if req.due_override is not None and not clean(req.due_reason):
        raise UserInputError("Sửa ngày hẹn trả thì phải ghi lý do.")
    if req.payment_method:
        fee_rules.check_method(req.payment_method)
        if not fee_rules.total_due(charged_fees(req, proc)):
            raise UserInputError("Hồ sơ không có khoản phí, lệ phí nào phải nộp: bỏ chọn "
                                 "hình thức nộp.")
    _check_lengths(req)
    if received > core.clock.now_utc():
        raise UserInputError("Thời điểm tiếp nhận không được ở tương lai.")
    return proc, req.applicant.cleaned(), received


def _check_lengths(req: IntakeRequest) -> None:
    """Refuse text longer than the forms can print (``limits``), never cut it short."""
    limits.check("Lý do", clean(req.reason), limits.REASON)
    limits.check("Lý do sửa ngày hẹn trả", clean(req.due_reason), limits.REASON)
    limits.check("Mã hồ sơ trên Cổng Dịch vụ công", clean(req.portal_code),
                 limits.PORTAL_CODE)
    limits.check("Số giao dịch", clean(req.payment_reference), fee_rules.REFERENCE)
    for d in req.documents or []:
        limits.check("Tên giấy tờ", clean(d.get("name", "")), limits.DOCUMENT_NAME)
    clean_missing(req.missing)


def clean_missing(missing: list[dict]) -> list[dict]:
    """The documents to supplement (form 02) with cleaned names, each within
    ``limits.DOCUMENT_NAME``; entries without a name are dropped."""
    out = []
    for m in missing:
        name = limits.check("Tên giấy tờ cần bổ sung", clean(str(m.get("name", ""))),
                            limits.DOCUMENT_NAME)
        if name:
            out.append({**m, "name": name})
    return out


def _counted_from(core: Core, req: IntakeRequest, received_at: datetime) -> datetime | None:
    """When the time limit starts: the receipt, or the competent agency's receipt of a
    dossier taken on behalf of another commune (recorded, so not in the future); None
    when that agency has not received it yet (the due date waits: ``competent``)."""
    agency, at = competent.agency_name(req.competent_agency), req.competent_received_at
    if not agency and at is None:
        return received_at
    if not agency:
        raise UserInputError("Hồ sơ nhận thay xã khác: hãy ghi tên cơ quan có thẩm quyền "
                             "giải quyết.")
    return None if at is None else competent.check_moment(core, at, received_at)


def _received_extra(req: IntakeRequest, proc, counted_from: datetime | None) -> dict:
    """The v12 columns: on whose behalf, since when time counts (absent while the
    competent agency has not received it), version, group."""
    extra = {"procedure_version": proc.effective_from}
    agency = clean(req.competent_agency)
    if agency:
        extra["competent_agency"] = agency
        if counted_from is not None:
            extra["counted_from"] = _utc(counted_from)
    if req.group_id:
        extra["group_id"] = req.group_id
    return extra


def _due(core: Core, req: IntakeRequest, proc, received_at: datetime,
         pending: bool = False) -> datetime | None:
    """The appointment: the officer's (with a reason), else the calendar's from
    ``received_at``; None while ``pending`` (the competent agency's receipt)."""
    if req.due_override is not None:
        due = req.due_override if req.due_override.tzinfo else \
            req.due_override.replace(tzinfo=LOCAL_TZ)
        if due < received_at:
            raise UserInputError("Ngày hẹn trả không được trước thời điểm tiếp nhận.")
        return due
    if pending:
        return None
    return calendar.due(core, received_at, Decimal(str(proc.processing_days)), proc.same_day)


def _documents(req: IntakeRequest, proc) -> list[dict]:
    if req.documents is not None:
        return [{"name": clean(d["name"]), "originals": int(d.get("originals", 0)),
                 "copies": int(d.get("copies", 0)), "provided": bool(d.get("provided", True)),
                 **_presented(bool(d.get("presented")))}
                for d in req.documents if clean(d.get("name", ""))]
    return [{"name": d.name, "originals": d.originals, "copies": d.copies,
             "provided": not d.optional, **_presented(d.presented)} for d in proc.documents]


def charged_fees(req: IntakeRequest, proc) -> list[dict]:
    """The fees charged: the officer's (amounts changed, exemptions with reasons), else
    the catalogue's; ``exempt`` waives fees of either list by name."""
    fees = [dict(f) for f in (req.fees if req.fees is not None
                              else [f.to_dict() for f in proc.fees])]
    unknown = set(req.exempt) - {clean(str(f.get("name", ""))) for f in fees}
    if unknown:
        raise UserInputError(f"Không có khoản phí “{sorted(unknown)[0]}” để miễn. Các khoản: "
                             + ("; ".join(f["name"] for f in fees) or "không có") + ".")
    for f in fees:
        if clean(str(f.get("name", ""))) in req.exempt:
            f.update(exempt=True, exempt_reason=req.exempt[clean(str(f["name"]))])
    return fee_rules.clean_fees(fees)


def _payment_at_intake(req: IntakeRequest, fees: list[dict], dossier_id: str,
                       now: datetime) -> list[NewEvent]:
    """Paid at the counter when received: all that is due, one payment."""
    due = fee_rules.total_due(fees)
    if not req.payment_method or not due:
        return []
    from counter_app.services.fees import payment_event    # fees reads dossiers back
    return [payment_event(dossier_id, due, req.payment_method, now,
                          clean(req.payment_reference))]


def _presented(shown: bool) -> dict:
    """A paper shown for inspection ("xuất trình", e.g. the ID card) and handed back:
    form 01 prints it as shown, with no count. Only written when true, so the
    documents of earlier dossiers read as they always did."""
    return {"presented": True} if shown else {}


def _payload(core: Core, req: IntakeRequest, proc, a: Applicant, citizen_id: str, code: str,
             received_at: datetime, due: datetime | None) -> dict:
    return {
        "code": code, "procedure_code": proc.code, "procedure_name": proc.name,
        "field_code": proc.field_code, "citizen_id": citizen_id,
        "applicant_name": a.full_name, "applicant_id_number": a.id_number,
        "applicant_address": a.address, "applicant_phone": a.phone, "applicant_email": a.email,
        "channel": int(req.channel), "portal_code": clean(req.portal_code),
        "outcome": req.outcome, "status": int(Status.RECEIVED),
        "received_at": _utc(received_at), "due_at": _utc(due) if due else None,
        "due_reason": clean(req.due_reason), "processing_days": proc.processing_days,
        "same_day": proc.same_day, "sets": req.sets,
        "fees": charged_fees(req, proc), "documents": _documents(req, proc),
        "missing": clean_missing(req.missing), "reason": clean(req.reason),
        "result_delivery": req.result_delivery,
        "deciding_agency": proc.agency or core.config.office.name,
        "ticket_id": req.ticket_id, "citizen_not_write": req.citizen_not_write,
        "search_text": fold(" ".join([code, a.full_name, a.id_number, a.phone, proc.name,
                                      proc.code, clean(req.portal_code)])),
    }


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _book_line(conn: sqlite3.Connection, received_at: datetime, hub_lines: bool = False) -> dict:
    """The next line of this year's tracking book (form 06): continuous through the
    year, across restarts and across a second book. In office mode (``hub_lines``) the
    line is the office hub's to give (``dossier.book_line_assigned``, when the receipt
    reaches it): the dossier is recorded without one, so two PCs never write the same
    line, and form 01 leaves the line blank until then (docs/OFFICE.md)."""
    year = to_local(received_at).year
    number = queue_config.setting(conn, f"book.number.{year}", 1)
    if hub_lines:
        return {"book_year": year, "book_number": number, "book_line": None}
    last = conn.execute("SELECT max(book_line) FROM dossiers WHERE book_year = ?",
                        (year,)).fetchone()[0]
    return {"book_year": year, "book_number": number, "book_line": (last or 0) + 1}


@guarded
def office_book(core: Core) -> bool:
    """Whether this PC's tracking-book lines come from the office hub (office mode)."""
    from counter_app.sync.hub import hub_for    # sync builds on the services
    return hub_for(core) is not None


@guarded
def start_new_book(core: Core, year: int) -> int:
    """Close this year's book and continue in a new one (numbering continues)."""
    current = queue_config.setting(core.conn, f"book.number.{year}", 1)
    core.record([NewEvent("setting", f"book.number.{year}", "setting.set",
                          {"value": current + 1})])
    return current + 1


@guarded
def current_book(core: Core, year: int) -> int:
    """The number of the book this year's new dossiers go into (1 until a new one is started)."""
    return queue_config.setting(core.conn, f"book.number.{year}", 1)


@guarded
def book_summary(core: Core, year: int) -> list[tuple[int, int, int, int]]:
    """This year's books: (book number, dossiers, first line, last line), in book order."""
    rows = core.conn.execute(
        "SELECT book_number, count(*), min(book_line), max(book_line) FROM dossiers "
        "WHERE book_year = ? GROUP BY book_number ORDER BY book_number", (year,)).fetchall()
    return [tuple(r) for r in rows]


@guarded
def book_entries(core: Core, year: int) -> list[tuple[str, int, str | None]]:
    """This year's dossiers in the book: (code, book number, who collected the result,
    empty until then)."""
    rows = core.conn.execute("SELECT code, book_number, returned_to FROM dossiers "
                             "WHERE book_year = ?", (year,)).fetchall()
    return [tuple(r) for r in rows]
