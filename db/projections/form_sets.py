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
    conn.execute("UPDATE form_sets SET status = 'used', dossier_id = ?, dossier_code = ?, "
                 "used_at = ?, updated_at = ? WHERE id = ?",
                 (e.payload["dossier_id"], e.payload["dossier_code"], e.recorded_at,
                  e.recorded_at, e.entity_id))
