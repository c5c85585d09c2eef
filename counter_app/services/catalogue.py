"""The procedure catalogue: import, export, list, search (docs/catalogue-format.md).

An import is all or nothing. Every record is checked against the current state
inside the write transaction; a single problem anywhere refuses the whole file.
One ``core.record`` then emits ``field.upserted`` / ``procedure.upserted`` only
for records that are new or changed, so re-importing the same file records
nothing. Columns missing from a file keep their current values.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from counter_app import catalogue_io
from counter_app.catalogue_io import CatalogueFile
from counter_app.domain.catalogue import (CatalogueImportError, DocumentRequirement, Fee, Field,
                                          Procedure, ProcedureGroup)
from counter_app.domain.text import fold
from counter_app.errors import NotFound
from counter_app.services.core import Core, guarded

DEMO_FILE = "demo_catalogue.json"


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def count(self, old: Any, new: Any) -> bool:
        """Tally ``new`` against ``old``; True if it needs an event."""
        if old is None:
            self.added += 1
        elif old != new:
            self.updated += 1
        else:
            self.unchanged += 1
        return old != new


@dataclass
class ImportResult:
    source: str
    fields: Counts = field(default_factory=Counts)
    procedures: Counts = field(default_factory=Counts)
    groups: Counts = field(default_factory=Counts)
    events: int = 0

    def to_dict(self) -> dict:
        return {"ok": True, **asdict(self)}

    def summary(self) -> str:
        def line(label: str, c: Counts) -> str:
            return f"{label}: thêm {c.added}, cập nhật {c.updated}, không đổi {c.unchanged}."
        return "\n".join([f"Đã nhập danh mục từ {self.source}.",
                          line("Lĩnh vực", self.fields), line("Thủ tục", self.procedures)]
                         + ([line("Nhóm liên thông", self.groups)] if data_has(self.groups)
                            else []))


@guarded
def import_file(core: Core, path: Path) -> ImportResult:
    """Read a .csv/.xlsx/.json catalogue file and import it (administrators only)."""
    return import_records(core, catalogue_io.read_file(path))


@guarded
def import_records(core: Core, data: CatalogueFile) -> ImportResult:
    result = ImportResult(data.name)

    def decide(conn):
        planner = Planner(load_fields(conn), load_procedures(conn), load_versions(conn),
                           load_groups(conn))
        events = planner.plan(data)
        if planner.problems:
            problems = sorted(planner.problems, key=row_order)
            raise CatalogueImportError(problems, f"Không nhập tệp {data.name}")
        result.fields, result.procedures = planner.field_counts, planner.procedure_counts
        result.groups = planner.group_counts
        return events

    result.events = len(core.record(decide))
    return result


@guarded
def seed_demo_catalogue(core: Core) -> ImportResult:
    """Load the demo catalogue shipped with the app (marked demo data)."""
    data = resources.files("counter_app").joinpath("data", DEMO_FILE).read_bytes()
    return import_records(core, catalogue_io.read_bytes(data, "json", DEMO_FILE))


@guarded
def export_file(core: Core, path: Path, fmt: str | None = None) -> dict:
    """Write the whole catalogue, inactive records included, so it re-imports unchanged."""
    fmt = catalogue_io.format_of(path, fmt)
    fields = list_fields(core)
    procedures = list_procedures(core, include_inactive=True)
    versions = list(load_versions(core.conn).values())
    groups = list(load_groups(core.conn).values())
    catalogue_io.write_file(path, fmt, fields, procedures + versions, groups)
    return {"ok": True, "path": str(path), "format": fmt, "fields": len(fields),
            "procedures": len(procedures), "versions": len(versions), "groups": len(groups)}


@guarded
def list_fields(core: Core, include_inactive: bool = True) -> list[Field]:
    where = "" if include_inactive else "WHERE active = 1"
    return [_field(r) for r in core.conn.execute(f"SELECT * FROM fields {where} ORDER BY code")]


@guarded
def list_procedures(core: Core, search: str | None = None, field_code: str | None = None,
                    include_inactive: bool = False) -> list[Procedure]:
    """Procedures, optionally filtered: ``search`` matches code or name, accents ignored."""
    clauses, params = [], []
    if not include_inactive:
        clauses.append("active = 1")
    if field_code:
        clauses.append("field_code = ?")
        params.append(field_code.strip())
    for word in fold(search or "").split():
        clauses.append("instr(search_text, ?) > 0")
        params.append(word)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = core.conn.execute(
        f"SELECT * FROM procedures {where} ORDER BY field_code, code", params)
    return [procedure_from_row(r) for r in rows]


@guarded
def get_procedure(core: Core, code: str) -> Procedure:
    row = core.conn.execute("SELECT * FROM procedures WHERE code = ?", (code.strip(),)).fetchone()
    if row is None:
        raise NotFound(f"Không có thủ tục mã {code!r} trong danh mục.")
    return procedure_from_row(row)


@guarded
def procedure_in_force(core: Core, code: str, day: date) -> Procedure:
    """The version of procedure ``code`` in force on ``day``: the latest dated version
    that starts on or before it, else the base record."""
    base = get_procedure(core, code)
    row = core.conn.execute(
        "SELECT * FROM procedure_versions WHERE code = ? AND effective_from <= ? "
        "ORDER BY effective_from DESC LIMIT 1", (base.code, day.isoformat())).fetchone()
    return _version(row) if row else base


@guarded
def versions_of(core: Core, code: str) -> list[Procedure]:
    """The base record and its dated versions, oldest first."""
    base = get_procedure(core, code)
    rows = core.conn.execute("SELECT * FROM procedure_versions WHERE code = ? "
                             "ORDER BY effective_from", (base.code,))
    return [base, *(_version(r) for r in rows)]


@guarded
def get_group(core: Core, code: str) -> ProcedureGroup:
    group = load_groups(core.conn).get(code.strip())
    if group is None:
        raise NotFound(f"Không có nhóm thủ tục liên thông mã {code!r} trong danh mục.")
    return group


@guarded
def list_groups(core: Core, include_inactive: bool = False) -> list[ProcedureGroup]:
    return [g for g in load_groups(core.conn).values() if include_inactive or g.active]


def load_versions(conn) -> dict[tuple[str, str], Procedure]:
    rows = conn.execute("SELECT * FROM procedure_versions ORDER BY code, effective_from")
    return {(r["code"], r["effective_from"]): _version(r) for r in rows}


def load_groups(conn) -> dict[str, ProcedureGroup]:
    return {r["code"]: ProcedureGroup(r["code"], r["name"], tuple(json.loads(r["procedures"])),
                                      r["legal_basis"], r["source"], bool(r["demo"]),
                                      bool(r["active"]))
            for r in conn.execute("SELECT * FROM procedure_groups ORDER BY code")}


def _version(row) -> Procedure:
    return replace(procedure_from_row(row), effective_from=row["effective_from"])


def load_fields(conn) -> dict[str, Field]:
    return {r["code"]: _field(r) for r in conn.execute("SELECT * FROM fields")}


def load_procedures(conn) -> dict[str, Procedure]:
    return {r["code"]: procedure_from_row(r) for r in conn.execute("SELECT * FROM procedures")}


def _field(row) -> Field:
    return Field(row["code"], row["name"], bool(row["active"]))


def procedure_from_row(row) -> Procedure:
    """Trusted projected data: built directly, not re-validated."""
    return Procedure(
        code=row["code"], name=row["name"], field_code=row["field_code"],
        processing_days=row["processing_days"], same_day=bool(row["same_day"]),
        agency=row["agency"], deciding_agency_name=row["deciding_agency_name"],
        fees=tuple(Fee(**f) for f in json.loads(row["fees"])),
        documents=tuple(DocumentRequirement(**d) for d in json.loads(row["documents"])),
        result_delivery=tuple(json.loads(row["result_delivery"])),
        online_level=row["online_level"], citizen_forms=tuple(json.loads(row["citizen_forms"])),
        legal_basis=row["legal_basis"], source=row["source"], demo=bool(row["demo"]),
        active=bool(row["active"]))


def data_has(counts: Counts) -> bool:
    return bool(counts.added or counts.updated or counts.unchanged)


# The import planner lives in its own module; imported at the end (it uses ``Counts``).
from counter_app.services.catalogue_plan import Planner, row_order  # noqa: E402
