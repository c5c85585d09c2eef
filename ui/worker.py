"""The database worker: one background thread that owns the app's single ``Core``.

The GUI never touches SQLite. It hands the worker small operations,
``fn(core) -> result``; they run one after another on the worker thread, and
the result (or the exception) comes back to the GUI thread through a queued
Qt signal, where ``on_success`` / ``on_failure`` run and may touch widgets.

Work that takes seconds or more (a year's PDF, a full check of the event log) must not
hold that one thread, or the queue panel and the search box wait behind it: it runs as a
``BackgroundJob`` on a thread of its own (with its own connection if it reads the
database), its result delivered the same way.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

from counter_app.domain.clock import SystemClock
from counter_app.errors import CounterError, DatabaseError, SessionEnded
from counter_app.services.core import Core
from ui import errors
from ui.qt import QObject, Qt, Signal, is_valid

log = logging.getLogger(__name__)

T = TypeVar("T")
Operation = Callable[[Core], T]
OnSuccess = Callable[[Any], None]
OnFailure = Callable[[BaseException], None]

THREAD_NAME = "db-worker"
_RUNNING: set["BackgroundJob"] = set()     # kept alive until their result is delivered


@dataclass(frozen=True)
class _Delivery:
    ok: bool
    value: Any
    on_success: OnSuccess | None
    on_failure: OnFailure | None
    owner: QObject | None


class DbWorker(QObject):
    """Runs operations on the ``Core`` in one background thread, results back by signal.

    Create it on the GUI thread. ``start()`` opens the database on the worker
    thread; ``run_op()`` queues work; ``shutdown()`` lets queued work finish,
    closes the database and joins the thread.
    """

    _delivered = Signal(object)
    # The officer was disabled or given another role: the Core has forgotten them
    # (counter_app.services.core.Core.authorize); the message says so.
    session_ended = Signal(str)

    def __init__(self, db_path: Path | str, config_path: Path | str, *,
                 clock: SystemClock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.config_path = Path(config_path)
        self._clock = clock
        self._core: Core | None = None
        self._closed = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME)
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def is_open(self) -> bool:
        return self._core is not None and not self._closed

    def start(self, then: Operation[T] | None = None) -> T | None:
        """Open the database on the worker thread and wait; re-raise why it failed.

        ``then(core)`` runs right after opening, in the same job; its result is
        returned. This blocks the GUI thread, so use it only at start-up.
        """
        return self._executor.submit(self._open, then).result()

    def _open(self, then: Operation[T] | None) -> T | None:
        self._core = Core.open(self.db_path, self.config_path, clock=self._clock)
        log.info("database opened on the worker thread")
        return then(self._core) if then is not None else None

    def call(self, fn: Operation[T]) -> T:
        """Run ``fn(core)`` on the worker and wait for its result (start-up, scripts, tests)."""
        if self._closed:
            raise RuntimeError("the database worker has been shut down")
        return self._executor.submit(self._call, fn).result()

    def _call(self, fn: Operation[T]) -> T:
        return fn(self._require_core())

    def run_op(self, fn: Operation[T], on_success: OnSuccess | None = None,
               on_failure: OnFailure | None = None, *,
               owner: QObject | None = None) -> Future | None:
        """Queue ``fn(core)``; deliver its result or exception on the GUI thread.

        Every failure is logged; ``on_failure`` defaults to a non-modal
        Vietnamese message box. With ``owner``, nothing is delivered once that
        widget has been deleted. Returns the future (``None`` after shutdown).
        """
        if self._closed:
            log.warning("operation %s ignored: the database worker is shut down", _name(fn))
            return None
        return self._executor.submit(self._run, fn, on_success, on_failure, owner)

    def _run(self, fn: Operation[T], on_success: OnSuccess | None,
             on_failure: OnFailure | None, owner: QObject | None) -> T:
        try:
            result = fn(self._require_core())
        except Exception as exc:
            _log_failure(fn, exc)
            if isinstance(exc, SessionEnded):
                self.session_ended.emit(str(exc))
                raise
            self._delivered.emit(_Delivery(False, exc, on_success, on_failure, owner))
            raise
        self._delivered.emit(_Delivery(True, result, on_success, on_failure, owner))
        return result

    def _require_core(self) -> Core:
        if self._core is None:
            raise DatabaseError("Cơ sở dữ liệu chưa được mở.")
        return self._core

    def _deliver(self, delivery: _Delivery) -> None:
        if self._closed:
            return
        if delivery.owner is not None and not is_valid(delivery.owner):
            return
        if delivery.ok:
            if delivery.on_success is not None:
                delivery.on_success(delivery.value)
        elif delivery.on_failure is not None:
            delivery.on_failure(delivery.value)
        else:
            parent = delivery.owner if delivery.owner is not None and \
                delivery.owner.isWidgetType() else None
            errors.report_failure(delivery.value, parent)

    def shutdown(self) -> None:
        """Finish queued work, close the database, join the thread. Idempotent."""
        if self._closed:
            return
        self._closed = True
        # Queued operations may be writes the officer already confirmed: let them run.
        self._executor.submit(self._close_core)
        self._executor.shutdown(wait=True)
        log.info("database worker stopped")

    def _close_core(self) -> None:
        if self._core is not None:
            self._core.close()
            self._core = None


class BackgroundJob(QObject):
    """``fn()`` on a thread of its own (named ``name``); the result comes back on the
    GUI thread. Nothing is delivered once ``owner`` has been deleted."""

    _finished = Signal(bool, object)

    def __init__(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
                 on_failure: Callable[[BaseException], None], owner: QObject, *,
                 name: str = "background-job") -> None:
        super().__init__()
        self._fn, self._on_success, self._on_failure, self._owner = \
            fn, on_success, on_failure, owner
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> "BackgroundJob":
        _RUNNING.add(self)
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            value, ok = self._fn(), True
        except Exception as exc:  # delivered to on_failure; logged here with its traceback
            log.error("background job %s failed", self.thread.name, exc_info=exc)
            value, ok = exc, False
        self._finished.emit(ok, value)

    def _deliver(self, ok: bool, value: Any) -> None:
        _RUNNING.discard(self)
        if is_valid(self._owner):
            (self._on_success if ok else self._on_failure)(value)
        self.deleteLater()


def _name(fn: Callable) -> str:
    return getattr(fn, "__qualname__", None) or repr(fn)


def _log_failure(fn: Callable, exc: Exception) -> None:
    if isinstance(exc, CounterError):
        log.info("operation %s refused: %s: %s", _name(fn), type(exc).__name__, exc)
    else:
        log.error("operation %s failed", _name(fn), exc_info=exc)
