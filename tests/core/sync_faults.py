"""A fault-injecting httpx transport for sync tests (test helper).

``FaultyTransport`` wraps httpx's real ``HTTPTransport``: every request that is sent
really reaches the real server over loopback. A test plans the faults of the next
requests (``plan``); each planned fault applies to one request, in order, then requests
pass through untouched:

- ``lose``: the request is never sent; the client sees ``httpx.ConnectError``.
- ``lose_ack``: the request is sent and the server answers (it has committed), but the
  client sees ``httpx.ReadError`` instead of the answer.
- ``duplicate``: the request is sent twice (as a retrying proxy might); the client sees
  the second answer.
- ``reorder``: a push is held back (the client sees ``httpx.ReadError``: no answer) and
  delivered late, right after the next push has been sent and answered. A planned
  ``reorder`` waits for the next push: the requests before it pass through.

``flush()`` delivers a push still held back (as a late packet finally arriving).
``close()`` (httpx closes its transport with each client) closes the real transport
underneath; the next request opens a new one, so one ``FaultyTransport`` serves many
``sync_once`` calls.
"""

from __future__ import annotations

from collections import Counter

import httpx

FAULTS = ("lose", "lose_ack", "duplicate", "reorder")


class FaultyTransport(httpx.BaseTransport):
    def __init__(self) -> None:
        self._inner: httpx.HTTPTransport | None = None
        self._planned: list[str] = []
        self._held: list[httpx.Request] = []
        self.done: Counter = Counter()       # faults actually applied, by kind

    def plan(self, faults: list[str | None]) -> None:
        """The faults of the next requests, one each, in order (None: no fault)."""
        self._planned = list(faults)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()                       # a body that can be sent again
        is_push = request.url.path.endswith("/v1/push")
        fault = None
        if self._planned and (is_push or self._planned[0] != "reorder"):
            fault = self._planned.pop(0)
        if fault == "lose":
            self.done[fault] += 1
            raise httpx.ConnectError("injected: request lost", request=request)
        if fault == "reorder" and is_push:
            self.done[fault] += 1
            self._held.append(request)
            raise httpx.ReadError("injected: push held back", request=request)
        response = self._send(request)
        if fault == "duplicate":
            self.done[fault] += 1
            response = self._send(request)
        if is_push:
            self.flush()                     # the held push arrives after this one
        if fault == "lose_ack":
            self.done[fault] += 1
            raise httpx.ReadError("injected: acknowledgement lost", request=request)
        return response

    def flush(self) -> int:
        """Deliver every held push now (answers dropped); how many were delivered."""
        held, self._held = self._held, []
        for request in held:
            try:
                self._send(request)
            except httpx.TransportError:
                pass                         # the late packet is lost after all
        return len(held)

    def _send(self, request: httpx.Request) -> httpx.Response:
        """Send for real and read the whole answer (so it can be dropped or returned)."""
        if self._inner is None:
            self._inner = httpx.HTTPTransport()
        response = self._inner.handle_request(request)
        try:
            content = response.read()
        finally:
            response.close()
        headers = [(k, v) for k, v in response.headers.items()
                   if k.lower() not in ("content-encoding", "transfer-encoding")]
        return httpx.Response(response.status_code, headers=headers, content=content,
                              request=request)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()
            self._inner = None
