"""The procedure catalogue: fields (lĩnh vực) and procedures (TTHC).

Each upsert event carries the whole record, so the newest on the HLC wins for
the record as a whole (two machines importing different versions of one
procedure converge on the later import, never on a mix of both).
"""

from __future__ import annotations

import json
import sqlite3

from counter_app.domain.events import Event
from counter_app.domain.text import fold
from db.projections import handles, owns
from db.projections.lww import wins

owns("fields", "procedures", "procedure_versions", "procedure_groups")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@handles("field.upserted")
def field_upserted(conn: sqlite3.Connection, e: Event) -> None:
    if not wins(conn, e, "record"):
        return
    p = e.payload
    conn.execute(
        "INSERT INTO fields (code, name, active) VALUES (?,?,?) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, active = excluded.active",
        (e.entity_id, p["name"], int(p.get("active", True))))


def _procedure_row(p: dict) -> dict:
    return {
        "name": p["name"], "field_code": p["field_code"],
        "processing_days": float(p["processing_days"]), "same_day": int(p.get("same_day", False)),
        "agency": p.get("agency", ""),
        "deciding_agency_name": p.get("deciding_agency_name", ""), "fees": _json(p.get("fees", [])),
        "documents": _json(p.get("documents", [])),
        "result_delivery": _json(p.get("result_delivery", [])),
        "online_level": p.get("online_level", ""),
        "citizen_forms": _json(p.get("citizen_forms", [])),
        "legal_basis": p.get("legal_basis", ""), "source": p.get("source", ""),
        "demo": int(p.get("demo", False)), "active": int(p.get("active", True)),
    }


def _upsert(conn: sqlite3.Connection, table: str, row: dict, key: tuple[str, ...]) -> None:
    columns = ", ".join(row)
    updates = ", ".join(f"{c} = excluded.{c}" for c in row if c not in key)
    conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}", tuple(row.values()))


@handles("procedure.upserted")
def procedure_upserted(conn: sqlite3.Connection, e: Event) -> None:
    if not wins(conn, e, "record"):
        return
    row = {"code": e.entity_id, **_procedure_row(e.payload),
           "search_text": fold(f"{e.entity_id} {e.payload['name']}")}
    _upsert(conn, "procedures", row, ("code",))


@handles("procedure.version_upserted")
def procedure_version_upserted(conn: sqlite3.Connection, e: Event) -> None:
    """A dated version of a procedure (entity ``procedure``, id ``<code>@<YYYY-MM-DD>``),
    the whole record; the newest import on the HLC wins, as for the base record."""
    if not wins(conn, e, "record"):
        return
    p = e.payload
    row = {"code": p["code"], "effective_from": p["effective_from"], **_procedure_row(p)}
    _upsert(conn, "procedure_versions", row, ("code", "effective_from"))


@handles("procedure_group.upserted")
def procedure_group_upserted(conn: sqlite3.Connection, e: Event) -> None:
    if not wins(conn, e, "record"):
        return
    p = e.payload
    row = {"code": e.entity_id, "name": p["name"], "procedures": _json(p["procedures"]),
           "legal_basis": p.get("legal_basis", ""), "source": p.get("source", ""),
           "demo": int(p.get("demo", False)), "active": int(p.get("active", True))}
    _upsert(conn, "procedure_groups", row, ("code",))
