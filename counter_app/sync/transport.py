"""The sync client's HTTP transport (protocol v1, docs/SYNC.md §1), with httpx.

Rules:
- Every request has a connect and a read timeout; TLS certificates are verified (httpx's
  default, never turned off here): a sync server on the Internet sits behind a TLS proxy.
- Every failure comes out as a ``SyncFailure`` with a ``kind`` the status bar and the CLI
  understand and a Vietnamese message; nothing else escapes (no httpx exception, no
  traceback). ``kind`` decides what the worker does next:
  ``network`` (no answer, a proxy's 5xx: retry with backoff), ``refused`` (the server
  said no to this request), ``revoked`` (401/403: stop until re-enrolled), ``chain``
  (422: this device's log was edited at ``seq``; stop, tell the administrator),
  ``bad_code`` (enrollment code refused), ``not_enrolled``.
- The bearer secret is sent only in the ``Authorization`` header and is never logged.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from counter_app.errors import CounterError

CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 60.0


class SyncFailure(CounterError):
    """A sync request that did not succeed. ``kind``: see the module docstring."""

    kind = "refused"

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.detail = detail


class Unreachable(SyncFailure):
    kind = "network"
    exit_code = 3


class Refused(SyncFailure):
    kind = "refused"


class Revoked(SyncFailure):
    kind = "revoked"


class ChainBroken(SyncFailure):
    kind = "chain"


class BadCode(SyncFailure):
    kind = "bad_code"


class NotEnrolled(SyncFailure):
    kind = "not_enrolled"


class Gap(SyncFailure):
    """409 gap: the server needs ``expected_seq`` first (handled by the push loop)."""

    kind = "refused"


class TooLarge(SyncFailure):
    """413: the batch is too big (the push loop halves it)."""

    kind = "refused"


REVOKED_MESSAGE = "Máy đã bị thu hồi quyền đồng bộ"


def chain_message(seq: Any) -> str:
    return f"Nhật ký sự kiện của máy này bị sửa ở số {seq} — báo quản trị viên"


class Transport:
    """One device's conversation with one sync server (a pooled httpx client)."""

    def __init__(self, server_url: str, secret: str | None = None, *,
                 connect_timeout: float = CONNECT_TIMEOUT_S,
                 read_timeout: float = READ_TIMEOUT_S,
                 transport: httpx.BaseTransport | None = None) -> None:
        """``transport``: the httpx transport underneath (httpx's own by default; a
        proxy-aware or fault-injecting one is passed here)."""
        self.server_url = server_url.rstrip("/")
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._http = httpx.Client(base_url=self.server_url, headers=headers, timeout=timeout,
                                  verify=True, follow_redirects=False,
                                  transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "Transport":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def enroll(self, code: str, device_id: str, label: str) -> dict:
        return self._call("POST", "/v1/enroll",
                          json={"code": code, "device_id": device_id, "label": label})

    def status(self) -> dict:
        return self._call("GET", "/v1/status")

    def reenroll(self, body: dict) -> dict:
        """A new device id for this PC, its old one retired (docs/SYNC.md)."""
        return self._call("POST", "/v1/reenroll", json=body)

    def push(self, events: list[dict]) -> dict:
        return self._call("POST", "/v1/push", content=encode_batch(events),
                          headers={"Content-Type": "application/json"})

    def credentials(self, rows: list[dict]) -> dict:
        """Hand the server password hashes set here (docs/SECURITY.md)."""
        return self._call("POST", "/v1/credentials", json={"credentials": rows})

    def pull(self, cursor: str, limit: int) -> dict:
        return self._call("GET", "/v1/pull", params={"cursor": cursor, "limit": limit})

    def hub(self, action: str, body: dict) -> dict:
        """A queue decision of the office hub (docs/OFFICE.md)."""
        return self._call("POST", f"/v1/hub/queue/{action}", json=body)

    def office(self, path: str, body: dict) -> dict:
        """Another decision of the office hub: ``codes/lease``, ``book/assign``."""
        return self._call("POST", f"/v1/hub/{path}", json=body)

    def _call(self, method: str, path: str, **kwargs: Any) -> dict:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise Unreachable(
                f"Không kết nối được máy chủ đồng bộ {self.server_url} ({_why(exc)}). "
                "Các thay đổi vẫn được giữ trên máy này và sẽ được gửi khi có kết nối.") from None
        except httpx.InvalidURL:
            raise Refused(f"Địa chỉ máy chủ đồng bộ không hợp lệ: {self.server_url}") from None
        body = _json_body(response)
        if response.status_code == 200 and isinstance(body, dict):
            return body
        raise _failure(self.server_url, response.status_code, body)


def encode_batch(events: list[dict]) -> bytes:
    """The push body exactly as sent (its length is what the server's 1 MB limit counts)."""
    return json.dumps({"events": events}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def _json_body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _why(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "máy chủ không trả lời kịp"
    if isinstance(exc, httpx.ConnectError):
        text = str(exc)
        if "CERTIFICATE" in text.upper() or "SSL" in text.upper():
            return "chứng chỉ TLS của máy chủ không hợp lệ"
        return "không mở được kết nối"
    return "kết nối bị ngắt giữa chừng"


def _failure(url: str, status: int, body: Any) -> SyncFailure:
    """The SyncFailure an HTTP error answer means (docs/SYNC.md's status codes)."""
    body = body if isinstance(body, dict) else {}
    error, said = body.get("error"), body.get("message") or ""
    if status >= 500:
        # A proxy's 502/504 while the server restarts, or the server's own failure.
        return Unreachable(f"Máy chủ đồng bộ {url} đang gặp sự cố (HTTP {status}). "
                           "Các thay đổi vẫn được giữ trên máy này.", status=status)
    if status == 413:
        return TooLarge(said or "Gói gửi quá lớn.")
    if not body:
        return Refused(f"Địa chỉ {url} không trả lời như một máy chủ đồng bộ (HTTP {status}). "
                       "Hãy kiểm tra địa chỉ máy chủ.", status=status)
    if status == 403 and error == "bad_code":
        return BadCode("Mã đăng ký không đúng, đã dùng hoặc đã hết hạn. Hãy xin quản trị viên "
                       "máy chủ một mã mới (counter-sync-server enroll-code).")
    if status == 401 or (status == 403 and error == "revoked"):
        return Revoked(REVOKED_MESSAGE + ". Hãy báo quản trị viên để đăng ký lại máy.",
                       status=status)
    if status == 409 and error == "gap":
        return Gap(said, expected_seq=body.get("expected_seq"))
    if status == 422 and error == "chain":
        return ChainBroken(chain_message(body.get("seq")), seq=body.get("seq"))
    if status == 200:
        return Refused(f"Máy chủ {url} trả lời không đúng giao thức đồng bộ.")
    return Refused(f"Máy chủ đồng bộ từ chối ({error or status}): {said}".rstrip(": "),
                   status=status, error=error, said=said)
