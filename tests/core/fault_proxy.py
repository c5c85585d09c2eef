"""A fault-injecting TCP proxy on 127.0.0.1, between the office's PCs and the hub (test helper).

The PCs are enrolled with the proxy's address, so cutting the proxy cuts the hub off from
every PC the way a broken office network does, while the hub itself keeps running:

- ``pass``: bytes flow both ways unchanged (a new connection is forwarded to the hub);
- ``refuse``: the listening socket is closed, so a new connection is refused at once;
- ``drop``: a new connection is accepted and closed at once (the request never reaches the
  hub; the client sees the connection reset or closed);
- ``stall``: a new connection is accepted and read but nothing is forwarded or answered,
  until ``stall_s`` passes (bounded) or the mode changes; then it is closed;
- ``deaf``: a new connection's request reaches the hub, but the hub's answer is thrown
  away (an answer lost on the way back, or a hub slower than the client's read timeout:
  the hub decides, the client hears nothing).

Any mode other than ``pass`` also closes the connections already open (a live stream,
a request in flight), as a pulled cable does. Loopback only; every thread is a daemon and
``close()`` ends them all.
"""

from __future__ import annotations

import socket
import struct
import threading
import time

MODES = ("pass", "refuse", "drop", "stall", "deaf")


class FaultProxy:
    def __init__(self, target_port: int, stall_s: float = 8.0) -> None:
        self.target = ("127.0.0.1", target_port)
        self.stall_s = stall_s
        self.mode = "pass"
        self.port = 0
        self.accepted = {m: 0 for m in MODES}      # connections met in each mode
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._closed = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "FaultProxy":
        self._listen()
        return self

    def set_mode(self, mode: str) -> None:
        assert mode in MODES, mode
        with self._lock:
            self.mode = mode
        if mode != "pass":
            self._cut_open_connections()
        if mode == "refuse":
            self._stop_listening()
        elif self._listener is None:
            self._listen()

    def close(self) -> None:
        self._closed = True
        self._stop_listening()
        self._cut_open_connections()

    # -- internals ---------------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))     # the same port again after "refuse"
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True,
                         name="fault-proxy-accept").start()

    def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()

    def _accept(self, listener: socket.socket) -> None:
        while not self._closed:
            try:
                client, _ = listener.accept()
            except OSError:
                return                      # closed: "refuse" or the end of the test
            with self._lock:
                mode = self.mode
                self.accepted[mode] += 1
            if mode == "drop":
                _reset(client)
            elif mode == "stall":
                threading.Thread(target=self._stall, args=(client,), daemon=True).start()
            else:
                threading.Thread(target=self._forward, args=(client, mode == "deaf"),
                                 daemon=True).start()

    def _stall(self, client: socket.socket) -> None:
        self._track(client)
        client.settimeout(0.2)
        deadline = time.monotonic() + self.stall_s
        try:
            while time.monotonic() < deadline and self.mode == "stall":
                try:
                    if not client.recv(65536):
                        break               # the client gave up (its own timeout)
                except socket.timeout:
                    continue
        except OSError:
            pass
        finally:
            self._untrack(client)
            client.close()

    def _forward(self, client: socket.socket, deaf: bool = False) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            _reset(client)
            return
        upstream.settimeout(None)
        self._track(client)
        self._track(upstream)
        for src, dst, drop in ((client, upstream, False), (upstream, client, deaf)):
            threading.Thread(target=self._pipe, args=(src, dst, drop), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, drop: bool = False) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if not drop:
                    dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                self._untrack(s)
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def _track(self, s: socket.socket) -> None:
        with self._lock:
            self._open.add(s)

    def _untrack(self, s: socket.socket) -> None:
        with self._lock:
            self._open.discard(s)

    def _cut_open_connections(self) -> None:
        with self._lock:
            sockets, self._open = list(self._open), set()
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _reset(s: socket.socket) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a dropped connection looks to the client."""
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    s.close()
