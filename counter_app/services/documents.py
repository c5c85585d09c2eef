"""The official forms of a dossier: build what each form prints from what was recorded.

Form 01 receipt, 02 supplement request, 03 refusal, 04 apology, 05 control
slip, 06 tracking book (shared/domain.md §4). Rendering is in printing/documents;
here only the facts are gathered, in local time.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from counter_app.domain import office_names
from counter_app.domain.clock import to_local
from counter_app.domain.statuses import Channel, Status
from counter_app.errors import UserInputError
from counter_app.services import calendar, dossiers, fees, official_forms
from counter_app.services.core import Core, guarded
from counter_app.services.intake import DELIVERY
from printing.documents import model, render_form, write_pdf

FORMS = ("form01", "form02", "form03", "form04", "form05", "form06", "stop_notice")


def _local(text: str | None) -> datetime | None:
    moment = dossiers.parse_utc(text)
    return to_local(moment) if moment else None


@guarded
def header(core: Core) -> model.OfficeHeader:
    o = core.config.office
    return model.OfficeHeader(name=o.name, parent_name=o.parent_name, place=o.place,
                              unit_name=office_names.unit_name(o.unit_name, o.name))


@guarded
def deciding_agency_name(core: Core, d: dict) -> str:
    """The proper name of the agency that decides ``d`` (form 04 names it): the
    catalogue's ``deciding_agency_name``, else the office's People's Committee."""
    row = core.conn.execute("SELECT deciding_agency_name FROM procedures WHERE code = ?",
                            (d["procedure_code"],)).fetchone()
    return (row[0] if row else "") or office_names.committee_name(core.config.office.name)


def _person(d: dict) -> model.Person:
    return model.Person(full_name=d["applicant_name"], id_number=d["applicant_id_number"],
                        address=d["applicant_address"], phone=d["applicant_phone"],
                        email=d["applicant_email"])


@guarded
def officer_name(core: Core, officer_id: str) -> str:
    row = core.conn.execute("SELECT full_name FROM officers WHERE id = ?", (officer_id,)).fetchone()
    return row[0] if row else ""


@guarded
def receipt(core: Core, d: dict, copies: int = 1) -> model.Receipt:
    if d["outcome"] != "received":
        raise UserInputError(f"Hồ sơ {d['code']} không được tiếp nhận: không có giấy tiếp nhận "
                             "(mẫu 01). In mẫu 02 hoặc 03.")
    # A reprint shows the appointment given at intake, not a later one (form 04 does that);
    # for a dossier received on behalf of another commune, the one counted from that
    # agency's receipt once recorded (its intake had none to give).
    received = next((h["payload"] for h in d.get("history", [])
                     if h["type"] == "dossier.received"), d)
    if not received.get("due_at"):
        received = next((h["payload"] for h in d.get("history", [])
                         if h["type"] == "dossier.competent_received" and not h.get("rejected")),
                        received)
    return model.Receipt(
        code=d["code"], header=header(core), applicant=_person(d),
        procedure_name=d["procedure_name"],
        documents=[model.DocumentLine(x["name"], x["originals"], x["copies"],
                                      presented=bool(x.get("presented")))
                   for x in d["documents"] if x.get("provided", True)],
        sets=d["sets"], processing_days=Decimal(str(d["processing_days"])),
        received_at=_local(d["received_at"]), due_at=_local(received["due_at"]),
        result_delivery=_delivery_text(core, d["result_delivery"]),
        fees=[(f["name"], f["amount_vnd"]) for f in d["fees"]
              if f.get("amount_vnd") is not None and not f.get("exempt")],
        exempt=tuple((f["name"], f.get("exempt_reason", "")) for f in d["fees"]
                     if f.get("exempt")),
        paid=int(d.get("fee_paid") or 0), transfer=_transfer(core, d),
        book_number=d["book_number"], book_line=d["book_line"],
        receiver_name=officer_name(core, d["officer_id"]), copies=copies,
        signed_at=_local(d["received_at"]),
        # NĐ 309/2026 Điều 17(3) (not read here): one code per dossier, the portal's.
        portal_code=d["portal_code"] if d["channel"] == Channel.ONLINE else "",
        competent_agency=d["competent_agency"])


def _transfer(core: Core, d: dict) -> model.TransferQr | None:
    code = fees.transfer_code(core, d)
    if code is None:
        return None
    return model.TransferQr(code.payload, code.amount, code.note, code.account_number,
                            code.account_name, code.bank_name)


@guarded
def supplement(core: Core, d: dict) -> model.SupplementRequest:
    if not d["missing"]:
        raise UserInputError(f"Hồ sơ {d['code']} không có yêu cầu bổ sung (mẫu 02).")
    return model.SupplementRequest(
        code=d["code"], header=header(core), applicant=_person(d),
        procedure_name=d["procedure_name"],
        missing=[model.MissingDocument(m["name"], bool(m.get("original")),
                                       bool(m.get("certified_copy")), bool(m.get("photocopy")))
                 for m in d["missing"]],
        # No contact of its own: the form set's, else the counter unit (form02._contact).
        reason=d["reason"], contact="",
        guide_name=officer_name(core, d["officer_id"]), issued_at=_supplement_issued(d))


def _supplement_issued(d: dict) -> datetime:
    """The day form 02 was issued: the latest supplement request (or the intake that
    found the dossier incomplete), never the dossier's last change, so a reprint keeps
    its date."""
    event = next((h for h in reversed(d.get("history", []))
                  if (h["type"] == "dossier.status_changed" and h["payload"].get("supplement"))
                  or h["type"] == "dossier.received"), None)
    if event is None:
        return _local(d["updated_at"])
    # Incomplete at intake: the slip is given at the counter then (received_at may be
    # the moment typed for a late entry, not when it was recorded).
    return _local(d["received_at"]) if event["type"] == "dossier.received" \
        else _event_time(event)


@guarded
def refusal(core: Core, d: dict) -> model.Refusal:
    if d["status"] != 3:
        raise UserInputError(f"Hồ sơ {d['code']} không bị từ chối tiếp nhận (mẫu 03).")
    return model.Refusal(code=d["code"], header=header(core), applicant=_person(d),
                         procedure_name=d["procedure_name"], reason=d["reason"],
                         officer_name=officer_name(core, d["officer_id"]),
                         issued_at=_local(d["received_at"]))


@guarded
def apology(core: Core, d: dict) -> model.Apology:
    event = next((h for h in d["history"] if h["type"] == "dossier.apologized"), None)
    if event is None:
        raise UserInputError(f"Hồ sơ {d['code']} chưa có phiếu xin lỗi (mẫu 04).")
    p = event["payload"]
    return model.Apology(
        number=p["number"], header=header(core), applicant=_person(d), code=d["code"],
        received_at=_local(d["received_at"]), original_due=_local(p["old_due"]),
        reason=p["reason"], new_due=_local(p["new_due"]),
        agency_name=deciding_agency_name(core, d), signer_title="THỦ TRƯỞNG CƠ QUAN",
        signer_name="", issued_at=_event_time(event))


def _result(at: datetime, due: datetime | None) -> str:
    if due is None:
        return ""
    if at.date() < due.date():
        return "Trước hạn"
    return "Đúng hạn" if at <= due else "Quá hạn"


@guarded
def transfer_deadline(core: Core, received: datetime) -> datetime:
    """When the counter must hand a dossier to the deciding agency: the same working day
    (closing time), or the next working morning (end of its first session) when it was
    received after the cut-off (15:00 by default, ``calendar.same_day_cutoff``).
    NĐ 309/2026 Điều 18(2) as reported; the text could not be read here."""
    schedule, days = calendar.schedule(core), calendar.load(core)
    day = received.date()
    if days.is_working_day(day) and received.time() < schedule.cutoff:
        return datetime.combine(day, schedule.closing, received.tzinfo)
    return datetime.combine(days.next_working_day(day), schedule.sessions[0][1],
                            received.tzinfo)


@guarded
def control_slip(core: Core, d: dict) -> model.ControlSlip:
    due = _local(d["due_at"])
    received = _local(d["received_at"])
    handovers = []
    for i, h in enumerate(d["handovers"]):
        # The first hand-over is the counter's to the agency: judged against the
        # transfer deadline, not against the dossier's final due date.
        limit = transfer_deadline(core, received) if i == 0 and received else due
        handovers.append(model.Handover(h["from_agency"], h["to_agency"], _local(h["at"]),
                                        h["giver"], h["receiver"],
                                        _result(_local(h["at"]), limit), h["note"]))
    return model.ControlSlip(code=d["code"], header=header(core), applicant=_person(d),
                             procedure_name=d["procedure_name"],
                             received_at=_local(d["received_at"]), due_at=due,
                             deciding_agency=d["deciding_agency"], handovers=handovers)


@guarded
def tracking_book(core: Core, year: int, book_number: int | None = None) -> model.TrackingBook:
    # Only lines that are final: in office mode a dossier waits for the hub to give its
    # line (docs/OFFICE.md) and enters the book with it — a printed page never changes.
    sql = "SELECT * FROM dossiers WHERE book_year = ? AND book_line IS NOT NULL" + \
        (" AND book_number = ?" if book_number else "") + " ORDER BY book_line"
    rows = [dossiers._row(r) for r in
            core.conn.execute(sql, (year, book_number) if book_number else (year,))]
    if not rows:
        raise UserInputError(f"Sổ theo dõi năm {year} chưa có hồ sơ nào.")
    return model.TrackingBook(header=header(core), year=year,
                              book_number=book_number or rows[-1]["book_number"],
                              rows=[_book_row(core, d) for d in rows])


def _delivery_text(core: Core, key: str) -> str:
    """How the result is collected, as printed: at the counter is "Tại" + the office's
    counter unit (``office.unit_name``, issue 13 item 1), not a name written in code."""
    if key == "counter":
        o = core.config.office
        return f"Tại {office_names.unit_name(o.unit_name, o.name)}"
    return DELIVERY.get(key, key)


def _book_row(core: Core, d: dict) -> model.BookRow:
    contact = ", ".join(x for x in (d["applicant_address"], d["applicant_phone"]) if x)
    return model.BookRow(
        line=d["book_line"], code=d["code"], procedure_name=d["procedure_name"],
        applicant_name=d["applicant_name"], address_phone=contact,
        deciding_agency=d["deciding_agency"], received_at=_local(d["received_at"]),
        due_at=_local(d["due_at"]), returned_at=_local(d["returned_at"]),
        delivery=_delivery_text(core, d["result_delivery"]),
        book_number=d["book_number"] or 0, collected_by=d["returned_to"] or "")


@guarded
def stop(core: Core, d: dict) -> model.StopNotice:
    event = next((h for h in reversed(d["history"]) if h["type"] == "dossier.status_changed"
                  and h["payload"].get("status") == Status.STOPPED), None)
    if event is None:
        raise UserInputError(f"Hồ sơ {d['code']} không bị dừng giải quyết.")
    return model.StopNotice(
        code=d["code"], header=header(core), applicant=_person(d),
        procedure_name=d["procedure_name"], received_at=_local(d["received_at"]),
        reason=event["payload"]["set"].get("reason", ""),
        agency_name=deciding_agency_name(core, d), issued_at=_event_time(event))


def _event_time(event: dict) -> datetime:
    return _local(event["at"].replace(".000Z", "Z")[:19] + "Z")


BUILDERS = {"form01": receipt, "form02": supplement, "form03": refusal, "form04": apology,
            "form05": control_slip, "stop_notice": stop}


@guarded
def render(core: Core, form: str, code: str, copies: int = 1) -> bytes:
    """The PDF of ``form`` (form01…form05) for dossier ``code``."""
    if form not in BUILDERS:
        raise UserInputError(f"Không có mẫu {form!r}: dùng form01 … form05, stop_notice "
                             "(form06 theo năm).")
    d = dossiers.detail(core, code)
    data = BUILDERS[form](core, d, copies) if form == "form01" else BUILDERS[form](core, d)
    return render_form(form, data, official_forms.current(core).wording(form))


@guarded
def save(core: Core, form: str, code: str, out: Path | None = None, copies: int = 1) -> Path:
    """Render and keep the PDF with its dossier (and at ``out`` if given)."""
    pdf = render(core, form, code, copies)
    d = dossiers.by_code(core, code)
    kept = core.db_path.parent / "documents" / d["received_at"][:4] / f"{code}-{form}.pdf"
    kept.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(kept, pdf)
    return write_pdf(out, pdf) if out else kept


@guarded
def save_book(core: Core, year: int, out: Path, book_number: int | None = None) -> Path:
    """Form 06 of ``year`` (one book of it, or all) as PDF, or as an Excel workbook when
    ``out`` ends in ``.xlsx``; in the office's form set's wording either way."""
    book = tracking_book(core, year, book_number)
    return write_pdf(out, render_book(book, official_forms.current(core).wording("form06"),
                                      Path(out).suffix.lower() == ".xlsx"))


def render_book(book: model.TrackingBook, wording, xlsx: bool = False) -> bytes:
    """The book's bytes; no database needed (the GUI renders off its worker thread)."""
    if xlsx:
        from printing.documents.form06_xlsx import render_xlsx   # openpyxl only when asked
        return render_xlsx(book, wording)
    return render_form("form06", book, wording)
