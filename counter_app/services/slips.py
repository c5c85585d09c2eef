"""Counter slips: the guidance slip (form 02) and the refusal slip (form 03).

A submission found incomplete at the counter, or refused there, is not received:
it gets no dossier code, no tracking-book line and no status (status 5 is the
supplement request *during processing*, which QĐ 766 counts: more than one makes
the dossier late). Instead the officer hands over a numbered slip. Each kind has
its own sequence per office and year, drawn from this device's block
(``codes.block_start``–``codes.block_end``, as dossier codes are), inside the same
write transaction as the event, so two counters never print the same number.

Numbers: ``07/2026/HDHS`` (hướng dẫn hồ sơ, as form 02's "Số: …/HDHS") and
``07/2026/TCHS`` (từ chối hồ sơ; TT 01/2018's form 03 has no number line — the
suffix is this app's choice). Slips migrated from old guided/refused dossiers keep
the dossier code they were printed with (``legacy_code``) and print as before.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from counter_app.domain.clock import LOCAL_TZ, to_local
from counter_app.domain.events import NewEvent
from counter_app.domain.ids import new_id
from counter_app.domain.text import clean, fold
from counter_app.errors import NotFound, UserInputError
from counter_app.services import citizens, codes, drafts, intake_forms, official_forms
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core, guarded

KINDS = {"incomplete": "guidance", "refused": "refusal"}
SUFFIX = {"guidance": "HDHS", "refusal": "TCHS"}
FORM = {"guidance": "form02", "refusal": "form03"}
LABEL = {"guidance": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
         "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ"}
SEARCH_LIMIT = 50


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def next_number(conn: sqlite3.Connection, kind: str, year: int,
                block: tuple[int, int], prefix: str = "") -> tuple[int, str]:
    """The next free (seq, number) of ``kind`` in ``year`` within this device's block;
    in office mode the numbers carry this PC's island tag (``prefix``) and are counted
    among its own."""
    start, end = block
    row = conn.execute("SELECT max(seq) FROM counter_slips WHERE kind = ? AND year = ? "
                       "AND seq BETWEEN ? AND ? AND number GLOB ?",
                       (kind, year, start, end, f"{prefix}[0-9]*")).fetchone()
    seq = (row[0] or start - 1) + 1
    if seq > end:
        raise UserInputError(
            f"Đã dùng hết khối số {start}–{end} của máy này cho {LABEL[kind].lower()} năm "
            f"{year}. Hãy báo quản trị viên mở rộng khối số (codes.block_end).")
    return seq, f"{prefix}{seq:02d}/{year}/{SUFFIX[kind]}"


@guarded
def issue(core: Core, req, proc, applicant: Applicant, received_at: datetime,
          documents: list[dict], missing: list[dict]) -> dict:
    """Record the slip for an ``incomplete`` or ``refused`` intake request (already
    checked by intake); returns the slip as stored."""
    kind = KINDS[req.outcome]
    year = to_local(received_at).year
    served = intake_forms.slip_columns(core, req.form_set_id, proc, req.citizen_not_write)
    block = (core.config.codes.block_start, core.config.codes.block_end)
    prefix = codes.island_prefix(core)
    slip_id = new_id()

    def decide(conn: sqlite3.Connection):
        citizen_id, citizen_events = citizens.remember(conn, applicant)
        seq, number = next_number(conn, kind, year, block, prefix)
        payload = {
            "kind": kind, "number": number, "year": year, "seq": seq,
            "procedure_code": proc.code, "procedure_name": proc.name,
            "field_code": proc.field_code, "citizen_id": citizen_id,
            "applicant_name": applicant.full_name, "applicant_id_number": applicant.id_number,
            "applicant_address": applicant.address, "applicant_phone": applicant.phone,
            "applicant_email": applicant.email, "channel": int(req.channel),
            "portal_code": clean(req.portal_code), "documents": documents, "missing": missing,
            "reason": clean(req.reason), "issued_at": _utc(received_at),
            "ticket_id": req.ticket_id, **served,
            "search_text": fold(" ".join([number, applicant.full_name, applicant.id_number,
                                          applicant.phone, proc.name, proc.code]))}
        drafts.discard_in(conn, core.officer_id, req.drafts)
        return [*citizen_events, NewEvent("counter_slip", slip_id, "slip.issued", payload)]

    core.record(decide)
    return get(core, slip_id)


def _row(row: sqlite3.Row) -> dict:
    s = dict(row)
    s["documents"], s["missing"] = json.loads(s["documents"]), json.loads(s["missing"])
    s["outcome"] = {v: k for k, v in KINDS.items()}[s["kind"]]
    s["form"] = FORM[s["kind"]]
    s["label"] = LABEL[s["kind"]]
    moment = datetime.fromisoformat(s["issued_at"].replace("Z", "+00:00"))
    s["issued_at_local"] = to_local(moment).strftime("%Y-%m-%dT%H:%M")
    return s


@guarded
def get(core: Core, slip_id: str) -> dict:
    row = core.conn.execute("SELECT * FROM counter_slips WHERE id = ?", (slip_id,)).fetchone()
    if row is None:
        raise NotFound("Không tìm thấy phiếu.")
    return _row(row)


@guarded
def by_number(core: Core, number: str) -> dict:
    """A slip by its number (``07/2026/HDHS``), or an old one by the code it was printed with."""
    number = clean(number)
    row = core.conn.execute("SELECT * FROM counter_slips WHERE number = ? OR legacy_code = ? "
                            "ORDER BY issued_at LIMIT 1", (number, number)).fetchone()
    if row is None:
        raise NotFound(f"Không có phiếu số {number}.")
    return _row(row)


@guarded
def find(core: Core, number: str) -> dict | None:
    """``by_number`` or None."""
    try:
        return by_number(core, number)
    except NotFound:
        return None


def _bound(day: date) -> str:
    """Local midnight starting ``day`` as stored UTC text."""
    return _utc(datetime.combine(day, time(0), LOCAL_TZ))


@guarded
def search(core: Core, text: str = "", kind: str | None = None,
           limit: int = SEARCH_LIMIT, procedure_code: str | None = None,
           date_from: date | None = None, date_to: date | None = None) -> list[dict]:
    """Newest first; ``text`` matches number, name, ID number, phone, procedure
    (accents ignored); ``date_from``–``date_to`` are local days, both included."""
    if date_from and date_to and date_to < date_from:
        raise UserInputError("Ngày kết thúc phải từ ngày bắt đầu trở đi.")
    where, params = [], []
    for word in fold(text).split():
        where.append("instr(search_text, ?) > 0")
        params.append(word)
    for column, value in (("kind", kind), ("procedure_code", procedure_code)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if date_from:
        where.append("issued_at >= ?")
        params.append(_bound(date_from))
    if date_to:
        where.append("issued_at < ?")
        params.append(_bound(date_to + timedelta(days=1)))
    sql = "SELECT * FROM counter_slips" + (f" WHERE {' AND '.join(where)}" if where else "")
    rows = core.conn.execute(sql + " ORDER BY issued_at DESC, number DESC LIMIT ?",
                             (*params, limit))
    return [_row(r) for r in rows]


@guarded
def procedures(core: Core) -> list[tuple[str, str]]:
    """(code, name) of the procedures slips were given for, by name: the search's choices."""
    return [(r[0], r[1]) for r in core.conn.execute(
        "SELECT procedure_code, max(procedure_name) FROM counter_slips "
        "GROUP BY procedure_code ORDER BY 2, 1")]


@guarded
def render(core: Core, slip: dict) -> bytes:
    """The slip's PDF: form 02 (guidance) or form 03 (refusal)."""
    from counter_app.services import documents   # documents reads dossiers; imported late
    from printing.documents import model, render_form
    form_set = official_forms.current(core)       # the office's set, as for dossiers' forms
    person = model.Person(full_name=slip["applicant_name"],
                          id_number=slip["applicant_id_number"],
                          address=slip["applicant_address"], phone=slip["applicant_phone"],
                          email=slip["applicant_email"])
    moment = to_local(datetime.fromisoformat(slip["issued_at"].replace("Z", "+00:00")))
    officer = documents.officer_name(core, slip["officer_id"])
    # A new slip prints its own number; an old one prints as it was printed (its code).
    number = "" if slip["legacy_code"] else slip["number"]
    if slip["kind"] == "guidance":
        data = model.SupplementRequest(
            code=slip["legacy_code"], number=number, header=documents.header(core),
            applicant=person, procedure_name=slip["procedure_name"],
            missing=[model.MissingDocument(m["name"], bool(m.get("original")),
                                           bool(m.get("certified_copy")),
                                           bool(m.get("photocopy"))) for m in slip["missing"]],
            reason=slip["reason"], contact="", guide_name=officer,   # the unit, as form 02
            issued_at=moment)
        return render_form("form02", data, form_set.wording("form02"))
    data = model.Refusal(code=slip["legacy_code"], number=number, header=documents.header(core),
                         applicant=person, procedure_name=slip["procedure_name"],
                         reason=slip["reason"], officer_name=officer, issued_at=moment)
    return render_form("form03", data, form_set.wording("form03"))


@guarded
def save(core: Core, slip: dict, out: Path | None = None) -> Path:
    """Render and keep the slip's PDF beside the dossiers' forms (and at ``out`` if given)."""
    from printing.documents import write_pdf
    pdf = render(core, slip)
    name = slip["number"].replace("/", "-")
    kept = core.db_path.parent / "documents" / str(slip["year"]) / "phieu" / f"{name}.pdf"
    kept.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(kept, pdf)
    return write_pdf(out, pdf) if out else kept
