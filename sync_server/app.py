"""The HTTP side: FastAPI routes over ``protocol``, a connection pool, the body limit.

Every route but /v1/health and /v1/enroll needs ``Authorization: Bearer <secret>``; the
device and its office come from the secret, never from the request. /v1/reports takes
a leader's token instead (sync_server/reports/leaders.py), and only that.
"""

from __future__ import annotations

import asyncio
import json
import logging
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from psycopg_pool import ConnectionPool
from starlette.concurrency import run_in_threadpool

from sync_server import protocol, reenroll
from sync_server.hub import notify
from sync_server.hub import office as hub_office
from sync_server.hub import queue as hub_queue
from sync_server.protocol import Refused
from sync_server.read_model.runner import Refresher
from sync_server.reports import http as reports_http

log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024
PROTOCOL_VERSION = 1


def create_app(dsn: str, pool_size: int = 8, read_model: bool = True) -> FastAPI:
    """The server; with ``read_model`` it keeps every office's read model fresh in a
    background thread (sync_server/read_model), as ``serve`` does by default."""
    pool = ConnectionPool(dsn, min_size=1, max_size=pool_size, open=False,
                          kwargs={"autocommit": True})
    refresher = Refresher(pool) if read_model else None
    listener = notify.Listener(dsn)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        pool.open(wait=True, timeout=30)
        listener.start(asyncio.get_running_loop())
        if refresher:
            refresher.start()
        try:
            yield
        finally:
            if refresher:
                refresher.stop()
            listener.stop()
            pool.close()

    app = FastAPI(title="Quầy Một cửa — máy chủ đồng bộ", lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(Refused)
    async def refused(_request: Request, exc: Refused) -> JSONResponse:
        return JSONResponse(exc.body, status_code=exc.status)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected failure", exc_info=exc)
        return JSONResponse({"error": "internal", "message": "Lỗi máy chủ; hãy thử lại sau."},
                            status_code=500)

    def run(fn, *args, secret: str | None = None, authenticated: bool = True,
            stored: bool = False):
        """Run a protocol step on a pooled connection (in a worker thread); after a step
        that ``stored`` events, the device's office read model is due a refresh."""
        def step():
            with pool.connection() as conn:
                if not authenticated:
                    return fn(conn, *args)
                device = protocol.authenticate(conn, secret)
                result = fn(conn, device, *args)
            if stored and refresher:
                refresher.touch(device.office)
            return result
        return run_in_threadpool(step)

    @app.get("/v1/health")
    async def health() -> dict:
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        return {"ok": True, "server_time": now.replace("+00:00", "Z"),
                "protocol": PROTOCOL_VERSION}

    @app.post("/v1/enroll")
    async def enroll(request: Request) -> dict:
        body = await _json_body(request)
        return await run(protocol.enroll, body.get("code"), body.get("device_id"),
                         body.get("label"), authenticated=False)

    @app.post("/v1/reenroll")
    async def reenroll_device(request: Request) -> dict:
        secret = _bearer(request)
        body = await _json_body(request)
        return await run(reenroll.reenroll, secret, body, authenticated=False)

    @app.get("/v1/status")
    async def status(request: Request) -> dict:
        return await run(protocol.status, secret=_bearer(request))

    @app.post("/v1/push")
    async def push(request: Request) -> dict:
        secret = _bearer(request)
        body = await _json_body(request)
        return await run(protocol.push, body.get("events"), secret=secret, stored=True)

    @app.post("/v1/credentials")
    async def credentials(request: Request) -> dict:
        secret = _bearer(request)
        body = await _json_body(request)
        return await run(protocol.credentials, body.get("credentials"), secret=secret)

    @app.get("/v1/pull")
    async def pull(request: Request, cursor: str = "0", limit: str = "500") -> dict:
        return await run(protocol.pull, cursor, limit, secret=_bearer(request))

    # The office hub (docs/OFFICE.md): one queue for every PC of the office.
    for path, step in (("issue", hub_queue.issue), ("call-next", hub_queue.call_next),
                       ("act", hub_queue.act), ("settle", hub_queue.settle)):
        app.add_api_route(f"/v1/hub/queue/{path}", _hub_route(run, step), methods=["POST"])
    # Dossier-code leases and tracking-book lines, asked by each PC's sync worker.
    app.add_api_route("/v1/hub/codes/lease", _hub_route(run, hub_office.lease_codes),
                      methods=["POST"])
    app.add_api_route("/v1/hub/book/assign", _hub_route(run, hub_office.assign_lines),
                      methods=["POST"])

    @app.get("/v1/hub/queue")
    async def hub_waiting(request: Request) -> dict:
        return await run(hub_queue.waiting, None, secret=_bearer(request))

    @app.get("/v1/stream")
    async def stream(request: Request) -> StreamingResponse:
        """Server-sent events: "office changed — pull now", live, per device's office."""
        device = await run(lambda conn, device: device, secret=_bearer(request))
        return StreamingResponse(_events(request, listener, device.office),
                                 media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store",
                                          "X-Accel-Buffering": "no"})

    # Reports across offices, for leaders with their own tokens (sync_server/reports).
    reports_http.add_routes(app, pool, _bearer)
    return app


def _hub_route(run, step):
    async def route(request: Request) -> dict:
        secret = _bearer(request)
        body = await _json_body(request)
        return await run(step, body, secret=secret)
    return route


KEEPALIVE_S = 15.0


async def _events(request: Request, listener: notify.Listener, office: str):
    """The stream of one device: a hello, then one message per change of its office, and a
    comment every KEEPALIVE_S so proxies and the device know the line is alive."""
    queue = listener.subscribe(office)
    try:
        yield f"event: hello\ndata: {json.dumps({'office': office})}\n\n"
        while not await request.is_disconnected():
            try:
                message = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
            except asyncio.TimeoutError:
                yield ": keepalive\n\n"
                continue
            yield f"event: change\ndata: {json.dumps(message)}\n\n"
    finally:
        listener.unsubscribe(office, queue)


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


async def _json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object, refused past MAX_BODY bytes without reading it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise _too_large()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise _too_large()
        chunks.append(chunk)
    try:
        body = json.loads(b"".join(chunks), parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "bad_request", "Thân yêu cầu không phải JSON hợp lệ.") from None
    if not isinstance(body, dict):
        raise Refused(400, "bad_request", "Thân yêu cầu phải là một đối tượng JSON.")
    return body


def _no_constant(name: str) -> None:
    """NaN and Infinity are not JSON, and PostgreSQL's jsonb refuses them."""
    raise ValueError(name)


def _too_large() -> Refused:
    return Refused(413, "too_large", f"Yêu cầu quá lớn (tối đa {MAX_BODY // 1024} KB).")
