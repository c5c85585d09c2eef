"""``GET /v1/reports/{kind}``: reports across offices for leaders (docs/SYNC.md).

Query: ``from``, ``to`` (YYYY-MM-DD), ``offices`` (comma-separated codes; default every
office in the leader's scope), ``by``, ``format`` (json, xlsx, pdf), ``threshold``
(queue). Only a leader's token is accepted: a device's secret gets 403, an office
outside the leader's scope 403 naming it, bad input 400, a read model not built yet 503.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from counter_app.errors import UserInputError
from counter_app.reports.document import as_json
from counter_app.reports.period import Period, parse_date
from sync_server.errors import ServerError
from sync_server.protocol import Refused
from sync_server.reports import build, gather, leaders

FORMATS = ("json", "xlsx", "pdf")


def offices_param(text: str | None) -> list[str] | None:
    """``A,B`` → ["A", "B"] (order kept, repeats dropped); empty → None (every office)."""
    codes = [c.strip() for c in (text or "").split(",") if c.strip()]
    return list(dict.fromkeys(codes)) or None


def add_routes(app: FastAPI, pool, bearer) -> None:
    @app.get("/v1/reports/{kind}")
    async def report(request: Request, kind: str) -> Response:
        q = request.query_params
        token = bearer(request)

        def step() -> Response:
            with pool.connection() as conn:
                leader = leaders.authenticate(conn, token)
                try:
                    codes = leaders.scope(conn, leader, offices_param(q.get("offices")))
                    fmt = q.get("format", "json")
                    if fmt not in FORMATS:
                        raise UserInputError(f"Định dạng '{fmt}': chỉ json, xlsx, pdf.")
                    period = Period(parse_date(q.get("from", ""), "from"),
                                    parse_date(q.get("to", ""), "to"))
                    threshold = _number(q.get("threshold", "15"))
                    data = build.build(conn, kind, period, codes, q.get("by") or None,
                                       threshold)
                except gather.NotReady as exc:
                    raise Refused(503, "not_ready", str(exc)) from None
                except (UserInputError, ServerError) as exc:
                    raise Refused(400, "bad_request", str(exc)) from None
            if fmt == "json":
                return JSONResponse(as_json(data, q.get("by") or None))
            name = f"bao-cao-{kind}-{period.start}-{period.end}.{fmt}"
            return Response(build.render(data, fmt, leader.name), media_type=build.MEDIA[fmt],
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})
        return await run_in_threadpool(step)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise UserInputError(f"threshold {text!r}: phải là số phút.") from None
