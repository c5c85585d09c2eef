"""Dossiers (hồ sơ) from intake to the return of the result."""

from __future__ import annotations

import sqlite3

from counter_app.domain.clock import local_day_start
from counter_app.domain.fees import METHODS, clean_fees, total_due
from counter_app.domain.events import Event, dump_payload
from counter_app.domain.stored_files import KINDS, is_sha256, is_stored_name
from counter_app.errors import UserInputError
from db.projections import AFTER_REBUILD, handles, lww, owns, slips, steps

owns("dossiers", "dossier_handovers", "dossier_files", "dossier_payments")
AFTER_REBUILD.append("INSERT INTO dossier_search (dossier_search) VALUES ('rebuild')")

_JSON = ("fees", "documents", "missing")
_RECEIVED_COLUMNS = (
    "code", "procedure_code", "procedure_name", "field_code", "citizen_id", "applicant_name",
    "applicant_id_number", "applicant_address", "applicant_phone", "applicant_email", "channel",
    "portal_code", "outcome", "status", "received_at", "due_at", "due_reason",
    "processing_days", "same_day", "sets", "fees", "documents", "missing", "reason",
    "result_delivery", "deciding_agency", "ticket_id", "book_year", "book_number", "book_line",
    "citizen_not_write", "citizen_not_write_by", "form_set_id", "search_text",
    "counted_from", "competent_agency", "group_id", "procedure_version")


def _value(key: str, value):
    if key in _JSON:
        # The stored event is canonical JSON (sorted keys): write the same text
        # whether the event is projected live or replayed.
        return dump_payload(value)
    if isinstance(value, bool):
        return int(value)
    return value


@handles("dossier.received")
def received(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    if p.get("outcome") in slips.LEGACY_KINDS:
        # Before schema v12 guidance and refusal were recorded as dossiers: they are
        # slips now (migration m012 moved the rows; a rebuild puts them there too).
        # Later steps recorded on such a "dossier" stay in the log and touch no row.
        slips.legacy_received(conn, e)
        return
    cols = [c for c in _RECEIVED_COLUMNS if c in p]
    conn.execute(
        f"INSERT INTO dossiers (id, officer_id, updated_at, deadline_day_start, fee_total, "
        f"{', '.join(cols)}) VALUES (?, ?, ?, ?, ?, {', '.join('?' * len(cols))})",
        (e.entity_id, e.officer_id, e.recorded_at, local_day_start(p.get("due_at")),
         total_due(p.get("fees") or []), *(_value(c, p[c]) for c in cols)))


# What a status change may set besides the status (dossiers.py ``_change``): the only
# columns a payload's "set" can reach. Column names are never taken from an event.
_STATUS_SET_COLUMNS = frozenset({
    "transferred_at", "reason", "missing", "due_at", "resolved_at", "returned_at",
    "returned_to"})


def _update(conn: sqlite3.Connection, e: Event, **columns) -> None:
    sets = "".join(f"{k} = ?, " for k in columns)
    conn.execute(f"UPDATE dossiers SET {sets}updated_at = ? WHERE id = ?",
                 (*(_value(k, v) for k, v in columns.items()), e.recorded_at, e.entity_id))


# Statuses that end a dossier without a result (refused, withdrawn, stopped): the
# reports need when (``closed_at``), to know whether it was still open at a period's end.
_CLOSING_STATUSES = frozenset({3, 7, 8})


@handles("dossier.status_changed")
def status_changed(conn: sqlite3.Connection, e: Event) -> None:
    """Every later step: the new status and the columns that step sets (unless another
    PC's earlier step on the same dossier wins: ``steps``)."""
    if not steps.admit(conn, e):
        return
    p = dict(e.payload)
    p.pop("based_on", None)
    extra = p.pop("set", {})
    if not isinstance(extra, dict) or not set(extra) <= _STATUS_SET_COLUMNS:
        raise ValueError(f"dossier.status_changed sets unknown columns: {str(extra)[:200]}")
    columns = {"status": p.pop("status"), **extra}
    if columns["status"] in _CLOSING_STATUSES:
        columns["closed_at"] = e.recorded_at
    if p.pop("supplement", False):
        conn.execute("UPDATE dossiers SET supplement_count = supplement_count + 1 WHERE id = ?",
                     (e.entity_id,))
    _update(conn, e, **columns)
    if extra.get("due_at"):
        # A fresh appointment (the supplement arrived) is the one the dossier is judged
        # by, unless an apology already fixed that one (docs/REPORTS.md).
        conn.execute("UPDATE dossiers SET deadline_day_start = ? WHERE id = ? "
                     "AND apology_old_due IS NULL", (local_day_start(extra["due_at"]),
                                                     e.entity_id))
    handover = p.get("handover")
    if handover:
        conn.execute(
            "INSERT INTO dossier_handovers (event_id, dossier_id, from_agency, to_agency, at, "
            "giver, receiver, note) VALUES (?,?,?,?,?,?,?,?)",
            (e.id, e.entity_id, handover["from_agency"], handover["to_agency"],
             handover.get("at") or e.recorded_at, handover.get("giver", ""),
             handover.get("receiver", ""), handover.get("note", "")))
    steps.applied(conn, e)


@handles("dossier.book_line_assigned")
def book_line_assigned(conn: sqlite3.Connection, e: Event) -> None:
    """The office hub gave a dossier received without a line its line of the year's
    tracking book (docs/OFFICE.md). A line, once given, never changes."""
    p = e.payload
    conn.execute("UPDATE dossiers SET book_year = ?, book_number = ?, book_line = ? "
                 "WHERE id = ? AND book_line IS NULL",
                 (p["book_year"], p["book_number"], p["book_line"], e.entity_id))


@handles("dossier.apologized")
def apologized(conn: sqlite3.Connection, e: Event) -> None:
    if not steps.admit(conn, e):
        return
    _update(conn, e, apology_number=e.payload["number"], due_at=e.payload["new_due"],
            apologized_at=e.recorded_at, apology_old_due=e.payload.get("old_due"),
            deadline_day_start=local_day_start(e.payload.get("old_due")))
    steps.applied(conn, e)


@handles("dossier.competent_received")
def competent_received(conn: sqlite3.Connection, e: Event) -> None:
    """A dossier received on behalf of another commune: when the competent agency received
    it, and the due date counted from then (counter_app/services/competent.py). A step:
    two PCs recording it at once keep the earlier (``steps``)."""
    if not steps.admit(conn, e):
        return
    p = e.payload
    _update(conn, e, counted_from=p["at"], competent_agency=p["agency"], due_at=p["due_at"])
    # The appointment the dossier is judged by, unless an apology already fixed one.
    conn.execute("UPDATE dossiers SET deadline_day_start = ? WHERE id = ? "
                 "AND apology_old_due IS NULL", (local_day_start(p["due_at"]), e.entity_id))
    steps.applied(conn, e)


@handles("dossier.file_attached")
def file_attached(conn: sqlite3.Connection, e: Event) -> None:
    """Only a path of the shape the app stores files under (inside the attachments
    folder) is recorded; anything else (``..``, absolute) is refused."""
    p = e.payload
    if not (is_stored_name(p["path"]) and is_sha256(p["sha256"]) and p["kind"] in KINDS):
        raise ValueError(f"dossier.file_attached with a bad path or hash: {str(p['path'])[:200]!r}")
    conn.execute(
        "INSERT INTO dossier_files (id, dossier_id, document_index, kind, path, sha256, size, "
        "added_at, title, generated) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (p["file_id"], e.entity_id, p.get("document_index"), p["kind"], p["path"], p["sha256"],
         p["size"], e.recorded_at, p.get("title", ""), int(bool(p.get("generated")))))
    if p.get("generated"):
        # A form the app printed (Công dân không viết) is not a scan of the citizen's
        # papers: it does not make the dossier digitised (QĐ 766 counts scans).
        _update(conn, e)
    else:
        _update(conn, e, digitised=1)


def _money(conn: sqlite3.Connection, e: Event, row_id: str, signed: int, at: str) -> None:
    """One row of ``dossier_payments`` (a refund is negative) and the dossier's net
    ``fee_paid``; a payload that is no payment or refund is refused (quarantined)."""
    p = e.payload
    amount = p.get("amount")
    if p.get("method") not in METHODS or isinstance(amount, bool) or \
            not isinstance(amount, int) or amount <= 0:
        raise ValueError(f"{e.type} with a bad amount or method: {str(p)[:200]}")
    conn.execute(
        "INSERT INTO dossier_payments (id, dossier_id, amount, method, paid_at, reference, "
        "note, recorded_by, event_id) VALUES (?,?,?,?,?,?,?,?,?)",
        (row_id, e.entity_id, signed * amount, p["method"], at or e.recorded_at,
         p.get("reference", ""), p.get("note", ""), e.officer_id, e.id))
    conn.execute("UPDATE dossiers SET fee_paid = fee_paid + ?, updated_at = ? WHERE id = ?",
                 (signed * amount, e.recorded_at, e.entity_id))


@handles("dossier.paid")
def paid(conn: sqlite3.Connection, e: Event) -> None:
    """A payment of the dossier's fees (at intake, or later, e.g. at the return). Two
    PCs recording a payment of the same dossier while apart both count: a payment is a
    fact, never a conflict; together they may exceed what is due (``fee_paid`` above
    ``fee_total``), which the dossier then shows as owed back."""
    _money(conn, e, e.payload.get("payment_id"), 1, e.payload.get("paid_at"))


@handles("dossier.refunded")
def refunded(conn: sqlite3.Connection, e: Event) -> None:
    """Money handed back (an overpayment, or a correction below what was paid): a
    negative payment, so ``fee_paid`` and the reports' sums are net."""
    _money(conn, e, e.payload.get("refund_id"), -1, e.payload.get("refunded_at"))


@handles("dossier.fees_corrected")
def fees_corrected(conn: sqlite3.Connection, e: Event) -> None:
    """The fees charged, corrected after intake; of two PCs' corrections made apart the
    later one (event clock) stands. Payments are untouched."""
    try:
        fees = clean_fees(e.payload.get("fees") or [])
    except (UserInputError, AttributeError, TypeError) as exc:
        raise ValueError(f"dossier.fees_corrected with bad fees: {exc}") from exc
    if lww.wins(conn, e, "fees"):
        _update(conn, e, fees=fees, fee_total=total_due(fees))
