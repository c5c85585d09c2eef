"""Counter slips: guidance (form 02) and refusal (form 03) given at the counter.

A submission that is incomplete or refused at the counter was never received: it
gets a numbered slip, not a dossier code, a book line or status 5 (shared/domain.md
§2.5; NĐ 118/2025 as amended by NĐ 309/2026 art. 17(3): a dossier code only after
receipt). ``slip.issued`` records a slip; an old ``dossier.received`` whose outcome
was ``incomplete`` or ``refused`` (before schema v12) is projected here too, as a
slip whose number is the dossier code it was printed with, so a rebuild from the
log gives what migration m012 moved.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from counter_app.domain.clock import to_local
from counter_app.domain.events import Event, dump_payload
from db.projections import handles, owns

owns("counter_slips")

LEGACY_KINDS = {"incomplete": "guidance", "refused": "refusal"}
_COPIED = ("procedure_code", "procedure_name", "field_code", "citizen_id", "applicant_name",
           "applicant_id_number", "applicant_address", "applicant_phone", "applicant_email",
           "channel", "portal_code", "reason", "ticket_id", "search_text",
           "citizen_not_write_by", "form_set_id")
_COLUMNS = ("id", "kind", "number", "year", "seq", "legacy_code", *_COPIED, "documents",
            "missing", "issued_at", "officer_id", "device_id", "citizen_not_write")


def _year(utc_text: str) -> int:
    return to_local(datetime.fromisoformat(utc_text.replace("Z", "+00:00"))).year


def _insert(conn: sqlite3.Connection, row: dict, columns: tuple[str, ...] = _COLUMNS) -> None:
    conn.execute(f"INSERT INTO counter_slips ({', '.join(columns)}) "
                 f"VALUES ({', '.join('?' * len(columns))})",
                 tuple(row[c] for c in columns))


def _common(e: Event, p: dict) -> dict:
    row = {c: p.get(c) for c in _COPIED}
    for key in ("field_code", "applicant_id_number", "applicant_address", "applicant_phone",
                "applicant_email", "portal_code", "reason", "search_text"):
        row[key] = row[key] or ""
    row.update(documents=dump_payload(p.get("documents", [])),
               missing=dump_payload(p.get("missing", [])), officer_id=e.officer_id,
               device_id=e.device_id, id=e.entity_id,
               # Served under "Công dân không viết" (schema v15; an old payload may not say).
               citizen_not_write=int(bool(p.get("citizen_not_write"))))
    return row


@handles("slip.issued")
def issued(conn: sqlite3.Connection, e: Event) -> None:
    p = e.payload
    if p["kind"] not in ("guidance", "refusal"):
        raise ValueError(f"slip.issued of unknown kind {str(p['kind'])[:40]!r}")
    _insert(conn, _common(e, p) | {"kind": p["kind"], "number": p["number"],
                                   "year": int(p["year"]), "seq": int(p["seq"]),
                                   "legacy_code": "", "issued_at": p["issued_at"]})


def legacy_received(conn: sqlite3.Connection, e: Event) -> None:
    """An old guided or refused "dossier": a slip numbered with the code it was printed with."""
    p = e.payload
    # Migration m012 calls this on the table as it was then (before m016's columns), so
    # only the columns the table has are written; m016 takes the rest over from the log.
    present = {r[1] for r in conn.execute("PRAGMA table_info(counter_slips)")}
    _insert(conn, _common(e, p) | {"kind": LEGACY_KINDS[p["outcome"]], "number": p["code"],
                                   "year": _year(p["received_at"]), "seq": None,
                                   "legacy_code": p["code"], "issued_at": p["received_at"]},
            tuple(c for c in _COLUMNS if c in present))
