"""Planning a catalogue import: every record checked against the state so far, the
events decided (docs/catalogue-format.md). A procedure row with ``effective_from``
is a dated version of that procedure, merged onto the version before it; a JSON
file's ``groups`` are linked procedures received in one intake.
"""

from __future__ import annotations

import re

from counter_app.catalogue_io import CatalogueFile, RawRecord
from counter_app.domain.catalogue import (Field, InvalidRecord, Procedure,
                                          ProcedureGroup, parse_date, parse_field, parse_group,
                                          parse_procedure)
from counter_app.domain.catalogue_cells import CODE_RE
from counter_app.domain.events import NewEvent
from counter_app.domain.text import clean
from counter_app.services.catalogue import Counts


def _code_of(values: dict) -> str:
    code = values.get("code")
    return code.strip() if isinstance(code, str) else ""


def row_order(problem: str) -> list:
    """"Dòng 10: …" after "Dòng 9: …": numbers in the location compare as numbers."""
    parts = re.split(r"(\d+)", problem.partition(":")[0])
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts]


def _ref(location: str) -> str:
    return location[:1].lower() + location[1:]


class Planner:
    """Checks every record against the state so far and decides the events."""

    def __init__(self, fields: dict[str, Field], procedures: dict[str, Procedure],
                 versions: dict[tuple[str, str], Procedure] | None = None,
                 groups: dict[str, ProcedureGroup] | None = None) -> None:
        self.fields = fields
        self.procedures = procedures
        self.versions = dict(versions or {})
        self.groups = dict(groups or {})
        self.problems: list[str] = []
        self.field_counts = Counts()
        self.procedure_counts = Counts()
        self.group_counts = Counts()
        self._field_seen: dict[str, tuple[str, str]] = {}
        self._procedure_seen: dict[tuple[str, str], str] = {}
        self._group_seen: dict[str, str] = {}
        self._field_events: list[NewEvent] = []
        self._procedure_events: list[NewEvent] = []
        self._group_events: list[NewEvent] = []

    def plan(self, data: CatalogueFile) -> list[NewEvent]:
        for record in data.fields:
            self._explicit_field(record)
        for record in data.procedures:
            self._field_named_by(record)
        dated = [r for r in data.procedures if _version_day(r.values)]
        for record in data.procedures:
            if record not in dated:
                self._procedure(record)
        for record in dated:          # after every base record, whatever the file's order
            self._procedure(record)
        for record in data.groups:
            self._group(record)
        return self._field_events + self._procedure_events + self._group_events

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
        day = _version_day(values)
        if (code, day) in self._procedure_seen:
            problems.append(f"mã thủ tục {code!r}{_on(day)} trùng với "
                            f"{_ref(self._procedure_seen[code, day])}")
        if day and code not in self.procedures:
            problems.append(f"thủ tục {code!r} chưa có trong danh mục: nhập bản gốc (không ghi "
                            "effective_from) trước phiên bản có ngày hiệu lực")
        old = self.versions.get((code, day)) if day else self.procedures.get(code)
        base = old or (self._in_force_before(code, day) if day else None)
        merged = (base.to_dict() if base else {}) | values
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
        self._procedure_seen[code, day] = record.location
        if day:
            if self.procedure_counts.count(old, new):
                self._procedure_events.append(NewEvent(
                    "procedure", f"{code}@{day}", "procedure.version_upserted",
                    {**new.to_payload(), "code": code, "effective_from": day}))
            self.versions[code, day] = new
            return
        if self.procedure_counts.count(old, new):
            self._procedure_events.append(
                NewEvent("procedure", code, "procedure.upserted", new.to_payload()))
        self.procedures[code] = new

    def _in_force_before(self, code: str, day: str) -> Procedure | None:
        earlier = [v for (c, d), v in self.versions.items() if c == code and d < day]
        return max(earlier, key=lambda v: v.effective_from) if earlier else \
            self.procedures.get(code)

    def _group(self, record: RawRecord) -> None:
        code, problems = _code_of(record.values), list(record.problems)
        if code in self._group_seen:
            problems.append(f"mã nhóm {code!r} trùng với {_ref(self._group_seen[code])}")
        old = self.groups.get(code)
        try:
            new = parse_group((old.to_dict() if old else {}) | record.values)
        except InvalidRecord as exc:
            problems.extend(exc.reasons)
        else:
            problems.extend(f"thủ tục {m!r} của nhóm chưa có trong danh mục"
                            for m in new.procedures if m not in self.procedures)
        if problems:
            self.problems.extend(f"{record.location}: {p}" for p in problems)
            return
        self._group_seen[code] = record.location
        if self.group_counts.count(old, new):
            self._group_events.append(
                NewEvent("procedure_group", code, "procedure_group.upserted", new.to_payload()))
        self.groups[code] = new


def _version_day(values: dict) -> str:
    """The row's version date ("" for a base record or an unreadable date, which
    ``parse_procedure`` then reports)."""
    return parse_date(values.get("effective_from"), [])


def _on(day: str) -> str:
    return f" (hiệu lực từ {day})" if day else ""
