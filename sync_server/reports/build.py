"""A report over several offices: their pooled rows through the office app's own rules.

Which figures add up and which are derived again (docs/REPORTS.md, "Across offices"):
- counts (received, resolved, tickets, ratings by level, …) are sums of the offices';
- rates (on-time rate, online share, …, satisfaction rate) are computed from the summed
  counts, never averaged over offices;
- averages, the 90th percentile, the longest wait and the share called within the
  threshold are computed over every office's tickets pooled, never averaged;
- ``procedures`` is the sum of each office's active procedures (a procedure that two
  offices both handle counts twice, as it does in the two offices' own reports).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import psycopg

from counter_app.reports import dossiers, narrative, queue, ratings
from counter_app.reports.document import check_by
from counter_app.reports.measures import BREAKDOWNS, QUEUE_BREAKDOWNS
from counter_app.reports.period import Period, utc_text
from sync_server.errors import ServerError
from sync_server.reports import gather

KINDS = ("dossiers", "queue", "ratings")
# A report over offices has one more breakdown than an office's own: by office.
GROUPS = {"dossiers": {"office": "Đơn vị", **BREAKDOWNS},
          "queue": {"office": "Đơn vị", **QUEUE_BREAKDOWNS},
          "ratings": {"office": "Đơn vị", **ratings.BREAKDOWNS}}


def title(offices: list[gather.Office]) -> str:
    """Who the report is about, in its text block and file headings."""
    if len(offices) <= 3:
        return ", ".join(o.name for o in offices)
    return f"{len(offices)} đơn vị"


def build(conn: psycopg.Connection, kind: str, period: Period, codes: list[str] | None,
          by: str | None = None, threshold_min: float = queue.DEFAULT_THRESHOLD_MIN,
          now: datetime | None = None, connect: Callable[[], psycopg.Connection] | None = None,
          workers: int = 1) -> dict:
    """The report of ``kind`` over the offices ``codes`` (None: every office); with
    ``workers`` > 1 and ``connect``, read by that many connections at once
    (``gather.collect``)."""
    if kind not in KINDS:
        raise ServerError(f"Không có báo cáo '{kind}': chỉ {', '.join(KINDS)}.")
    groups = check_by(by, GROUPS[kind])
    if kind == "queue" and not 0 < threshold_min <= 24 * 60:
        raise ServerError("Ngưỡng thời gian chờ phải từ 1 đến 1440 phút.")
    chosen = gather.offices(conn, codes)
    stamp = utc_text(now or datetime.now(timezone.utc))
    pool = gather.collect(conn, chosen, kind, period, stamp, connect, workers)
    levels = list(pool.levels.items())
    name = title(chosen)
    if kind == "dossiers":
        data = dossiers.assemble(gather.office_tally(pool, groups), period, pool.names,
                                 pool.procedures, pool.payments)
        pooled = ratings.assemble(*pool.ratings, period, levels, {}, by=())
        for key, figures in (("totals", pooled["totals"]),
                             ("previous_totals", pooled["previous_totals"])):
            data[key]["ratings"] = figures["ratings"]
            data[key]["satisfaction_rate"] = figures["satisfaction_rate"]
        data["text"] = narrative.dossier_text(data, name)
    elif kind == "queue":
        data = queue.assemble(pool.rows, pool.before, period, pool.names, groups,
                              threshold_min)
        data["text"] = narrative.queue_text(data)
    else:
        names = {**pool.names, "level": dict(levels)}
        data = ratings.assemble(pool.rows, pool.before, period, levels, names, groups)
        data["text"] = narrative.ratings_text(data)
    data["office"] = name
    data["offices"] = [{"code": o.code, "name": o.name, "refreshed_at": o.refreshed_at}
                       for o in chosen]
    return data


UNIT = "Tổng hợp báo cáo các đơn vị"
MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "pdf": "application/pdf"}


def render(data: dict, fmt: str, issuer: str = "", place: str = "") -> bytes:
    """The report as XLSX or PDF, the office app's own layouts; the PDF's header names
    ``issuer`` (the body the report is for, e.g. a province's office) over "Tổng hợp
    báo cáo các đơn vị"."""
    from printing.documents.model import OfficeHeader
    from printing.reports.files import render as render_file
    from counter_app.domain.clock import to_local
    header = OfficeHeader(name=issuer, parent_name="", place=place, unit_name=UNIT)
    return render_file(data, fmt, header, to_local(datetime.now(timezone.utc)).date())
