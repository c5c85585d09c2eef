"""The procedure catalogue: import, export, list, search (docs/catalogue-format.md).

An import is all or nothing. Every record is checked against the current state
inside the write transaction; a single problem anywhere refuses the whole file.
One ``core.record`` then emits ``field.upserted`` / ``procedure.upserted`` only
for records that are new or changed, so re-importing the same file records
nothing. Columns missing from a file keep their current values.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from counter_app import catalogue_io
from counter_app.catalogue_io import CatalogueFile, RawRecord
from counter_app.domain.catalogue import (CODE_RE, CatalogueImportError, DocumentRequirement,
                                          Fee, Field, InvalidRecord, Procedure, parse_field,
                                          parse_procedure)
from counter_app.domain.events import NewEvent
from counter_app.domain.roles import Role
from counter_app.domain.text import clean, fold
from counter_app.errors import NotFound
from counter_app.services.core import Core

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
    events: int = 0

    def to_dict(self) -> dict:
        return {"ok": True, **asdict(self)}

    def summary(self) -> str:
        def line(label: str, c: Counts) -> str:
            return f"{label}: thêm {c.added}, cập nhật {c.updated}, không đổi {c.unchanged}."
        return "\n".join([f"Đã nhập danh mục từ {self.source}.",
                          line("Lĩnh vực", self.fields), line("Thủ tục", self.procedures)])


def import_file(core: Core, path: Path) -> ImportResult:
    """Read a .csv/.xlsx/.json catalogue file and import it (administrators only)."""
    core.require(Role.ADMIN)
    return import_records(core, catalogue_io.read_file(path))


def import_records(core: Core, data: CatalogueFile) -> ImportResult:
    core.require(Role.ADMIN)
    result = ImportResult(data.name)

    def decide(conn):
        planner = _Planner(load_fields(conn), load_procedures(conn))
        events = planner.plan(data)
        if planner.problems:
            problems = sorted(planner.problems, key=_row_order)
            raise CatalogueImportError(problems, f"Không nhập tệp {data.name}")
        result.fields, result.procedures = planner.field_counts, planner.procedure_counts
        return events

    result.events = len(core.record(decide))
    return result


def seed_demo_catalogue(core: Core) -> ImportResult:
    """Load the demo catalogue shipped with the app (marked demo data)."""
    data = resources.files("counter_app").joinpath("data", DEMO_FILE).read_bytes()
    return import_records(core, catalogue_io.read_bytes(data, "json", DEMO_FILE))


def export_file(core: Core, path: Path, fmt: str | None = None) -> dict:
    """Write the whole catalogue, inactive records included, so it re-imports unchanged."""
    fmt = catalogue_io.format_of(path, fmt)
    fields = list_fields(core)
    procedures = list_procedures(core, include_inactive=True)
    catalogue_io.write_file(path, fmt, fields, procedures)
    return {"ok": True, "path": str(path), "format": fmt, "fields": len(fields),
            "procedures": len(procedures)}


def list_fields(core: Core, include_inactive: bool = True) -> list[Field]:
    where = "" if include_inactive else "WHERE active = 1"
    return [_field(r) for r in core.conn.execute(f"SELECT * FROM fields {where} ORDER BY code")]


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


def get_procedure(core: Core, code: str) -> Procedure:
    row = core.conn.execute("SELECT * FROM procedures WHERE code = ?", (code.strip(),)).fetchone()
    if row is None:
        raise NotFound(f"Không có thủ tục mã {code!r} trong danh mục.")
    return procedure_from_row(row)


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


def _code_of(values: dict) -> str:
    code = values.get("code")
    return code.strip() if isinstance(code, str) else ""


def _row_order(problem: str) -> list:
    """"Dòng 10: …" after "Dòng 9: …": numbers in the location compare as numbers."""
    parts = re.split(r"(\d+)", problem.partition(":")[0])
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts]


def _ref(location: str) -> str:
    return location[:1].lower() + location[1:]


class _Planner:
    """Checks every record against the state so far and decides the events."""

    def __init__(self, fields: dict[str, Field], procedures: dict[str, Procedure]) -> None:
        self.fields = fields
        self.procedures = procedures
        self.problems: list[str] = []
        self.field_counts = Counts()
        self.procedure_counts = Counts()
        self._field_seen: dict[str, tuple[str, str]] = {}
        self._procedure_seen: dict[str, str] = {}
        self._field_events: list[NewEvent] = []
        self._procedure_events: list[NewEvent] = []

    def plan(self, data: CatalogueFile) -> list[NewEvent]:
        for record in data.fields:
            self._explicit_field(record)
        for record in data.procedures:
            self._field_named_by(record)
        for record in data.procedures:
            self._procedure(record)
        return self._field_events + self._procedure_events

    def _explicit_field(self, record: RawRecord) -> None:
        code = _code_of(record.values)
        if code in self._field_seen:
            record.problems.append(
                f"mã lĩnh vực {code!r} trùng với {_ref(self._field_seen[code][0])}")
        self._upsert_field(record.location, record.values, record.problems)

    def _field_named_by(self, record: RawRecord) -> None:
        """A procedure row's ``field_name`` defines or renames its field."""
        code, name = record.values.get("field_code"), record.values.get("field_name")
        if not isinstance(name, str) or not name.strip() or not isinstance(code, str):
            return
        seen = self._field_seen.get(code.strip())
        if seen is None:
            self._upsert_field(record.location, {"code": code, "name": name}, [])
        elif seen[1] != clean(name):
            self.problems.append(
                f"{record.location}: lĩnh vực {code.strip()!r} đã có tên {seen[1]!r} ở "
                f"{_ref(seen[0])}, không thể đặt tên {clean(name)!r}")

    def _upsert_field(self, location: str, values: dict, problems: list[str]) -> None:
        code = _code_of(values)
        old = self.fields.get(code)
        try:
            new = parse_field((old.to_dict() if old else {}) | values)
        except InvalidRecord as exc:
            problems = problems + exc.reasons
        if problems:
            self.problems.extend(f"{location}: {p}" for p in problems)
            return
        self._field_seen[code] = (location, new.name)
        if self.field_counts.count(old, new):
            self._field_events.append(NewEvent("field", code, "field.upserted", new.to_payload()))
        self.fields[code] = new

    def _procedure(self, record: RawRecord) -> None:
        values = {k: v for k, v in record.values.items() if k != "field_name"}
        code, problems = _code_of(values), list(record.problems)
        if code in self._procedure_seen:
            problems.append(f"mã thủ tục {code!r} trùng với {_ref(self._procedure_seen[code])}")
        old = self.procedures.get(code)
        merged = (old.to_dict() if old else {}) | values
        try:
            new = parse_procedure(merged)
        except InvalidRecord as exc:
            problems.extend(exc.reasons)
        field_code = _code_of({"code": merged.get("field_code")})
        if CODE_RE.match(field_code) and field_code not in self.fields:
            problems.append(f"lĩnh vực {field_code!r} chưa có trong danh mục; thêm cột "
                            "field_name (tên lĩnh vực) hoặc nhập lĩnh vực trước")
        if problems:
            self.problems.extend(f"{record.location}: {p}" for p in problems)
            return
        self._procedure_seen[code] = record.location
        if self.procedure_counts.count(old, new):
            self._procedure_events.append(
                NewEvent("procedure", code, "procedure.upserted", new.to_payload()))
        self.procedures[code] = new
