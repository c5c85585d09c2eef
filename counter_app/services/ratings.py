"""Citizens rate a service: on the rating screen beside the counter when the service is
finished (one rating per service), or on a paper survey an officer records later."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from counter_app.domain import limits, ratings
from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.events import PUBLIC_ACTOR, NewEvent
from counter_app.domain.ids import new_id
from counter_app.domain.text import clean
from counter_app.errors import NotFound, UserInputError
from counter_app.services import queue_config
from counter_app.services.core import Core, guarded
from counter_app.services.queue import today

# How long after a service ends the rating screen still asks about it.
ASK_WITHIN_MIN = 10


@guarded
def scale(core: Core) -> tuple[ratings.Level, ...]:
    return ratings.scale_from(queue_config.setting(core.conn, "rating.scale", None))


@guarded
def reasons(core: Core) -> tuple[str, ...]:
    return tuple(queue_config.setting(core.conn, "rating.reasons", list(ratings.DEFAULT_REASONS)))


@guarded
def set_scale(core: Core, levels: list[dict]) -> tuple[ratings.Level, ...]:
    checked = ratings.scale_from(levels)
    queue_config.set_setting(core, "rating.scale", [lv.__dict__ for lv in checked])
    return checked


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


@guarded
def pending(core: Core, counter: int) -> dict | None:
    """The service just finished at ``counter`` that has no rating yet (the newest,
    finished in the last ``ASK_WITHIN_MIN`` minutes), with who served, or None."""
    since = _utc(core.clock.now_utc() - timedelta(minutes=ASK_WITHIN_MIN))
    row = core.conn.execute(
        "SELECT t.id, t.number, t.counter, t.officer_id, t.finished_at, o.full_name, "
        "s.name AS service_name, (SELECT d.id FROM dossiers d WHERE d.ticket_id = t.id "
        "ORDER BY d.received_at DESC LIMIT 1) AS dossier_id FROM tickets t "
        "LEFT JOIN officers o ON o.id = t.officer_id JOIN services s ON s.id = t.service_id "
        "WHERE t.day = ? AND t.counter = ? AND t.status = 'done' AND t.finished_at >= ? "
        "AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.ticket_id = t.id) "
        "ORDER BY t.finished_at DESC LIMIT 1",
        (today(core).isoformat(), counter, since)).fetchone()
    if row is None:
        return None
    return {"ticket_id": row["id"], "number": row["number"], "counter": row["counter"],
            "officer_id": row["officer_id"], "officer_name": row["full_name"] or "",
            "service_name": row["service_name"], "dossier_id": row["dossier_id"]}


def _level(core: Core, code: str, chosen: list[str], source: str) -> ratings.Level:
    levels = scale(core)
    ratings.check(levels, code, chosen, source, reasons(core))
    return next(lv for lv in levels if lv.code == code)


@guarded
def rate_service(core: Core, ticket_id: str, level: str, chosen: list[str] = ()) -> dict:
    """The citizen's tap on the rating screen: one rating per service."""
    chosen = list(chosen)
    lv = _level(core, level, chosen, "screen")
    rating_id = new_id()

    def decide(conn: sqlite3.Connection):
        t = conn.execute("SELECT id, status, counter, officer_id FROM tickets WHERE id = ?",
                         (ticket_id,)).fetchone()
        if t is None:
            raise NotFound("Không tìm thấy lượt phục vụ cần đánh giá.")
        if t["status"] != "done":
            raise UserInputError("Lượt phục vụ này chưa kết thúc.")
        if conn.execute("SELECT 1 FROM ratings WHERE ticket_id = ?", (ticket_id,)).fetchone():
            raise UserInputError("Lượt phục vụ này đã được đánh giá. Xin cảm ơn ông/bà.")
        dossier = conn.execute("SELECT id FROM dossiers WHERE ticket_id = ? ORDER BY "
                               "received_at DESC LIMIT 1", (ticket_id,)).fetchone()
        return [NewEvent("rating", rating_id, "rating.recorded", {
            "ticket_id": ticket_id, "dossier_id": dossier[0] if dossier else None,
            "officer_id": t["officer_id"], "counter": t["counter"], "level": lv.code,
            "satisfied": lv.satisfied, "reasons": chosen, "source": "screen"})]

    core.record(decide, actor=PUBLIC_ACTOR)
    return get(core, rating_id)


@guarded
def record_paper(core: Core, level: str, chosen: list[str] = (), *, officer: str = "",
                 dossier_code: str = "", rated_on: datetime | None = None,
                 comment: str = "") -> dict:
    """A paper survey handed back: recorded by an officer, against the officer rated
    (username) and the dossier when the survey names them."""
    chosen = list(chosen)
    lv = _level(core, level, chosen, "paper")
    comment = limits.check("Ý kiến khác", clean(comment), limits.NOTE)
    officer_id = _officer_id(core, officer) if officer.strip() else None
    dossier_id = None
    if dossier_code.strip():
        from counter_app.services import dossiers
        dossier_id = dossiers.by_code(core, dossier_code)["id"]
    moment = (rated_on if rated_on.tzinfo else rated_on.replace(tzinfo=LOCAL_TZ)) \
        if rated_on else core.clock.now_utc()
    if moment > core.clock.now_utc():
        raise UserInputError("Ngày đánh giá không được ở tương lai.")
    rating_id = new_id()
    core.record([NewEvent("rating", rating_id, "rating.recorded", {
        "ticket_id": None, "dossier_id": dossier_id, "officer_id": officer_id,
        "counter": None, "level": lv.code, "satisfied": lv.satisfied, "reasons": chosen,
        "comment": comment, "source": "paper",
        "rated_at": moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")})])
    return get(core, rating_id)


def _officer_id(core: Core, username: str) -> str:
    row = core.conn.execute("SELECT id FROM officers WHERE username = ?",
                            (username.strip(),)).fetchone()
    if row is None:
        raise UserInputError(f"Không có cán bộ có tên đăng nhập {username!r}.")
    return row[0]


@guarded
def get(core: Core, rating_id: str) -> dict:
    row = core.conn.execute("SELECT * FROM ratings WHERE id = ?", (rating_id,)).fetchone()
    if row is None:
        raise NotFound("Không tìm thấy đánh giá.")
    return dict(row)
