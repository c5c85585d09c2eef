"""Periodic reports for the leader and the administrator (docs/REPORTS.md): the figures
come from ``counter_app.reports`` (one definition, also used by the sync server); this
module (guarded by the permission table: leaders and administrators) picks "now" from
the clock and writes the file formats."""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.clock import to_local
from counter_app.errors import UserInputError
from counter_app.reports import dossiers, narrative, queue
from counter_app.reports.document import check_by
from counter_app.reports import ratings as rating_report
from counter_app.reports.measures import BREAKDOWNS, QUEUE_BREAKDOWNS
from counter_app.reports.period import Period, utc_text
from counter_app.services.core import Core, guarded
from printing.documents.model import OfficeHeader

KINDS = ("dossiers", "queue", "ratings")
FORMATS = ("json", "xlsx", "pdf")


@guarded
def build(core: Core, kind: str, period: Period, by: str | None = None,
          threshold_min: float = queue.DEFAULT_THRESHOLD_MIN) -> dict:
    """The whole report (every breakdown unless ``by`` names one), with its text block."""
    if kind == "dossiers":
        data = dossiers.report(core.conn, period, utc_text(core.clock.now_utc()),
                               check_by(by, BREAKDOWNS))
        _add_ratings(core, data, period)
        data["text"] = narrative.dossier_text(data, core.config.office.name or
                                              "Bộ phận Một cửa")
    elif kind == "queue":
        if not 0 < threshold_min <= 24 * 60:
            raise UserInputError("Ngưỡng thời gian chờ phải từ 1 đến 1440 phút.")
        data = queue.report(core.conn, period, check_by(by, QUEUE_BREAKDOWNS), threshold_min)
        data["text"] = narrative.queue_text(data)
    elif kind == "ratings":
        data = rating_report.report(core.conn, period, _levels(core),
                                    check_by(by, rating_report.BREAKDOWNS))
        data["text"] = narrative.ratings_text(data)
    else:
        raise UserInputError(f"Không có báo cáo '{kind}': chỉ {', '.join(KINDS)}.")
    data["office"] = core.config.office.name
    return data


def _levels(core: Core) -> list[tuple[str, str]]:
    from counter_app.services import ratings
    return [(lv.code, lv.label) for lv in ratings.scale(core)]


def _add_ratings(core: Core, data: dict, period: Period) -> None:
    """The dossier report carries the period's ratings by level and the satisfaction
    rate (QĐ 766's satisfaction group), as the issue's ``ratings`` measure."""
    found = rating_report.report(core.conn, period, _levels(core), by=())
    for key, figures in (("totals", found["totals"]), ("previous_totals",
                                                       found["previous_totals"])):
        data[key]["ratings"] = figures["ratings"]
        data[key]["satisfaction_rate"] = figures["satisfaction_rate"]


@guarded
def write(core: Core, data: dict, fmt: str, path: Path) -> Path:
    """Write the report as XLSX (one sheet per breakdown) or PDF (A4)."""
    from printing.reports.files import FILE_FORMATS, render
    if fmt not in FILE_FORMATS:
        raise UserInputError(f"Định dạng '{fmt}' không ghi ra tệp được: chỉ xlsx, pdf, json.")
    o = core.config.office
    header = OfficeHeader(name=o.name, parent_name=o.parent_name, place=o.place)
    payload = render(data, fmt, header, to_local(core.clock.now_utc()).date())
    return save_file(path, payload)


def save_file(path: Path, payload: bytes) -> Path:
    """Write ``payload`` whole or not at all (a half-written spreadsheet is worse than
    none); a folder or disk that refuses says so in Vietnamese."""
    from printing.reports.files import save
    try:
        save(path, payload)
    except OSError as exc:
        raise UserInputError(f"Không ghi được tệp {path}: {exc.strerror or exc}.") from None
    return path
