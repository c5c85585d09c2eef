"""What the slips tab reads and does, as plain operations for the DB worker.

Guidance slips (form 02) and refusal slips (form 03) given at the counter are not
dossiers (docs/RULES.md, "Hướng dẫn và từ chối tại quầy là phiếu"): they are found
here by number, citizen, procedure and date, and printed again exactly as issued.
Nothing here imports Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from counter_app.services import officers, slips
from counter_app.services.core import Core

SLIP_LIMIT = 200
_NUMBER = re.compile(r"^\s*([A-Z]\d?-)?\d{1,6}/\d{4}/(HDHS|TCHS)\s*$", re.IGNORECASE)


def is_slip_number(text: str) -> bool:
    """"07/2026/HDHS", "3/2026/tchs": a slip's number (counter_app.services.slips)."""
    return bool(_NUMBER.match(text))


@dataclass(frozen=True)
class SlipQuery:
    text: str = ""
    kind: str | None = None              # "guidance" | "refusal" | None: both
    procedure_code: str | None = None
    date_from: date | None = None        # local days, both included
    date_to: date | None = None


@dataclass(frozen=True)
class SlipResult:
    query: SlipQuery
    rows: list[dict]                     # slips.search() rows, with officer names
    procedures: list[tuple[str, str]]    # (code, name) the procedure filter offers
    truncated: bool


def slip_search_op(query: SlipQuery, limit: int = SLIP_LIMIT) -> Callable[[Core], SlipResult]:
    def search(core: Core) -> SlipResult:
        rows = slips.search(core, query.text, query.kind, limit=limit,
                            procedure_code=query.procedure_code, date_from=query.date_from,
                            date_to=query.date_to)
        names = officers.names(core)
        for s in rows:
            s["officer_name"] = names.get(s["officer_id"], "")
            s["citizen_not_write_by_name"] = names.get(s["citizen_not_write_by"] or "", "")
        return SlipResult(query, rows, slips.procedures(core), len(rows) >= limit)
    return search


def reprint_slip_op(number: str) -> Callable[[Core], Path]:
    """The slip's PDF rendered again (kept beside the dossiers' forms), to print."""
    def reprint(core: Core) -> Path:
        return slips.save(core, slips.by_number(core, number))
    return reprint
