"""Dossiers received on behalf of another commune (nhận thay xã/phường khác).

NĐ 118/2025/NĐ-CP as amended by NĐ 309/2026/NĐ-CP, art. 14(4) and 17(3) (as
shared/domain.md reports them; the text could not be read here): a dossier taken at
this counter for a procedure another commune decides counts its time limit from the
*competent agency's* receipt, not from the counter's. That agency usually receives it
later (the dossier travels there), so intake may record the agency alone: the due date
is then pending ("chờ cơ quan có thẩm quyền tiếp nhận", ``due_at`` empty), and
``record_receipt`` records the agency's receipt afterwards as a step of the dossier
(``dossier.competent_received``): ``counted_from`` is that moment and the due date is
computed from it by the office's calendar, like an intake's.

A dossier whose due date is pending is never overdue nor due today (there is no date to
be late against); the reports count it "in progress, within time" and, when resolved
before any receipt is recorded, "on time" (docs/REPORTS.md).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from decimal import Decimal

from counter_app.domain import limits
from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.events import NewEvent
from counter_app.domain.statuses import Status
from counter_app.domain.text import clean
from counter_app.errors import UserInputError
from counter_app.services import calendar, dossiers
from counter_app.services.core import Core, guarded

# Statuses in which the competent agency's receipt can still be recorded: the dossier is
# open, or resolved and waiting to be collected (recorded late, it still sets the date the
# reports judge it by). Returned, withdrawn, stopped or refused dossiers are closed.
RECORDABLE = (Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL,
              Status.RESOLVED)


def agency_name(text: str) -> str:
    """The competent agency as recorded: cleaned, within ``limits.AGENCY``."""
    return limits.check("Cơ quan có thẩm quyền", clean(text), limits.AGENCY)


@guarded
def check_moment(core: Core, at: datetime, received_at: datetime) -> datetime:
    """The competent agency's receipt, aware: not before the counter's receipt and not in
    the future (it is a fact that has happened, not a plan)."""
    at = at if at.tzinfo else at.replace(tzinfo=LOCAL_TZ)
    if at < received_at:
        raise UserInputError("Thời điểm cơ quan có thẩm quyền tiếp nhận không được trước "
                             "thời điểm nhận hồ sơ tại quầy.")
    if at > core.clock.now_utc():
        raise UserInputError("Thời điểm cơ quan có thẩm quyền tiếp nhận không được ở tương lai: "
                             "ghi khi cơ quan đó đã tiếp nhận.")
    return at


@guarded
def due_from(core: Core, start: datetime, processing_days, same_day: bool) -> datetime:
    """The due date of a dossier whose time counts from ``start``."""
    return calendar.due(core, start, Decimal(str(processing_days)), bool(same_day))


@guarded
def record_receipt(core: Core, code: str, at: datetime, agency: str = "") -> dict:
    """Record when the competent agency received dossier ``code`` (``agency`` names it
    when intake did not, or corrects the name); the due date is computed from ``at``.
    Once per dossier; not after an apology or a supplement request, which already set
    a later date from their own moment."""
    d = dossiers.by_code(core, code)
    name = agency_name(agency) or d["competent_agency"]
    if not name:
        raise UserInputError("Hãy ghi tên cơ quan có thẩm quyền đã tiếp nhận hồ sơ.")
    _check_dossier(d)
    at = check_moment(core, at, dossiers.parse_utc(d["received_at"]))
    due = due_from(core, at, d["processing_days"], d["same_day"])

    def decide(conn: sqlite3.Connection):
        row = conn.execute("SELECT counted_from, last_step FROM dossiers WHERE id = ?",
                           (d["id"],)).fetchone()
        if row[0]:
            raise UserInputError(f"Hồ sơ {d['code']} đã ghi thời điểm cơ quan có thẩm quyền "
                                 "tiếp nhận.")
        # A step like the others: of two PCs recording at once the earlier is kept
        # (db/projections/steps.py).
        return [NewEvent("dossier", d["id"], "dossier.competent_received",
                         {"at": _utc(at), "agency": name, "due_at": _utc(due),
                          "based_on": row[1] or ""})]

    core.record(decide)
    return dossiers.by_code(core, d["code"])


def _check_dossier(d: dict) -> None:
    if d["status"] not in RECORDABLE:
        raise UserInputError(f"Hồ sơ {d['code']} đã kết thúc ({d['status_label'].lower()}): "
                             "không ghi thời điểm cơ quan có thẩm quyền tiếp nhận nữa.")
    if d["counted_from"]:
        raise UserInputError(f"Hồ sơ {d['code']} đã ghi thời điểm cơ quan có thẩm quyền "
                             "tiếp nhận.")
    if d["apology_number"] or d["supplement_count"]:
        raise UserInputError(f"Hồ sơ {d['code']} đã được hẹn lại (xin lỗi hoặc bổ sung hồ "
                             "sơ): thời hạn đã tính lại, không tính từ thời điểm cơ quan có "
                             "thẩm quyền tiếp nhận nữa.")


def pending(d: dict) -> bool:
    """Received on behalf of another commune, its due date waiting for that agency."""
    return bool(d.get("competent_agency")) and not d.get("due_at")


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
