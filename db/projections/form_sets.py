"""Completed form sets of "Công dân không viết" (citizen doesn't write).

A form set is the forms one citizen was helped with for one procedure. Drafts
never become events (they live in ``form_drafts`` on the machine where they are
typed); an event is recorded when the set is completed and printed for signature,
reopened for a correction, or used by an intake.
"""

from __future__ import annotations

import sqlite3

from counter_app.domain.events import Event, dump_payload
from db.projections import handles, owns

owns("form_sets")


@handles("form_set.completed")
def completed(conn: sqlite3.Connection, e: Event) -> None:
    """Completing again after a reopen replaces the forms; a used set stays used."""
    p = e.payload
    applicant = p.get("applicant", {})
    row = (p["procedure_code"], p["procedure_name"], p.get("field_code", ""),
           applicant.get("full_name", ""), applicant.get("id_number", ""),
           dump_payload(applicant), dump_payload(p["forms"]), len(p["forms"]))
    conn.execute(
        "INSERT INTO form_sets (id, status, officer_id, procedure_code, procedure_name, "
        "field_code, applicant_name, applicant_id_number, applicant, forms, form_count, "
        "completed_at, updated_at) VALUES (?, 'completed', ?, ?,?,?,?,?,?,?,?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET status = CASE WHEN form_sets.status = 'used' "
        "THEN form_sets.status ELSE 'completed' END, procedure_code = excluded.procedure_code, "
        "procedure_name = excluded.procedure_name, field_code = excluded.field_code, "
        "applicant_name = excluded.applicant_name, "
        "applicant_id_number = excluded.applicant_id_number, applicant = excluded.applicant, "
        "forms = excluded.forms, form_count = excluded.form_count, "
        "updated_at = excluded.updated_at",
        (e.entity_id, e.officer_id, *row, e.recorded_at, e.recorded_at))


@handles("form_set.reopened")
def reopened(conn: sqlite3.Connection, e: Event) -> None:
    conn.execute("UPDATE form_sets SET status = 'reopened', updated_at = ? "
                 "WHERE id = ? AND status = 'completed'", (e.recorded_at, e.entity_id))


@handles("form_set.used")
def used(conn: sqlite3.Connection, e: Event) -> None:
    """Two intakes using one set (two counters at once): the earlier by the office's clock
    (HLC, then event id) keeps it, the other is recorded in ``step_conflicts`` — the same
    on every PC whatever order the two arrive in (docs/OFFICE.md)."""
    row = conn.execute("SELECT status, used_event, used_hlc, used_officer, used_device, used_at "
                       "FROM form_sets WHERE id = ?", (e.entity_id,)).fetchone()
    if row is not None and row[0] == "used" and row[1] and row[1] != e.id:
        if (row[2], row[1]) < (e.hlc, e.id):
            _lost(conn, e.id, e.entity_id, e.officer_id, e.device_id, e.recorded_at, row[1])
            return
        _lost(conn, row[1], e.entity_id, row[3], row[4], row[5], e.id)
    conn.execute("UPDATE form_sets SET status = 'used', dossier_id = ?, dossier_code = ?, "
                 "used_at = ?, updated_at = ?, used_event = ?, used_hlc = ?, used_officer = ?, "
                 "used_device = ? WHERE id = ?",
                 (e.payload["dossier_id"], e.payload["dossier_code"], e.recorded_at,
                  e.recorded_at, e.id, e.hlc, e.officer_id, e.device_id, e.entity_id))


def _lost(conn: sqlite3.Connection, event_id: str, set_id: str, officer: str, device: str,
          at: str, winner: str) -> None:
    conn.execute(
        "INSERT INTO step_conflicts (event_id, entity, entity_id, type, officer_id, device_id, "
        "at, winner, reason) VALUES (?, 'form_set', ?, 'form_set.used', ?, ?, ?, ?, ?) "
        "ON CONFLICT (event_id) DO NOTHING",
        (event_id, set_id, officer or "", device or "", at or "", winner,
         "Bộ biểu mẫu đã được dùng cho hồ sơ khác trước"))
