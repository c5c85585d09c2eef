"""Failed logins are events; the lockout is read back from them, so it survives a
restart and grows with each further wrong password; temporary passwords must be
replaced at the first login."""

from __future__ import annotations

import pytest

from counter_app.domain.clock import FixedClock
from counter_app.errors import AuthError, PermissionDenied
from counter_app.services import calendar, logins, officers
from counter_app.services.core import Core
from counter_app.services.setup import DEMO_PASSWORD
from db import event_store

T0 = 1_800_000_000_000


def _open(demo_paths, now_ms: int) -> Core:
    return Core.open(*demo_paths, clock=FixedClock(now_ms))


def _fail(core: Core, times: int, user: str = "canbo1") -> None:
    for _ in range(times):
        with pytest.raises(AuthError, match="Sai tên"):
            officers.authenticate(core, user, "sai-roi")


def test_a_failed_login_is_an_event_with_user_device_and_time(demo_paths):
    with _open(demo_paths, T0) as core:
        _fail(core, 1, "khongco")
        (e,) = event_store.events_for(core.conn, "login", "khongco")
        assert e.type == "login.failed" and e.payload["username"] == "khongco"
        assert e.device_id == core.device_id and e.recorded_at.startswith("2027-01-15")
        assert e.payload["via"] == "gui"


def test_the_lockout_survives_a_restart_and_grows(demo_paths):
    with _open(demo_paths, T0) as core:
        _fail(core, officers.MAX_FAILURES)
    # A new process: nothing in memory, the lockout comes from the log.
    with _open(demo_paths, T0 + 1000) as core:
        with pytest.raises(AuthError, match="tạm khóa"):
            officers.authenticate(core, "canbo1", DEMO_PASSWORD)    # even the right one
        assert officers.authenticate(core, "canbo2", DEMO_PASSWORD)  # others unaffected
    with _open(demo_paths, T0 + logins.LOCK_MS + 1) as core:
        _fail(core, 1)                                               # one more wrong: 10 min
    later = T0 + logins.LOCK_MS + 1
    with _open(demo_paths, later + logins.LOCK_MS + 1) as core:     # 5 min is not enough now
        with pytest.raises(AuthError, match="tạm khóa"):
            officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    with _open(demo_paths, later + 2 * logins.LOCK_MS + 1) as core:
        assert officers.authenticate(core, "canbo1", DEMO_PASSWORD).username == "canbo1"
        assert logins.state(core.conn, "canbo1").failures == 0      # the success reset it
    with _open(demo_paths, later + 2 * logins.LOCK_MS + 2) as core:
        _fail(core, 1)                                               # counting starts again
        assert officers.authenticate(core, "canbo1", DEMO_PASSWORD)


def test_an_administrators_reset_lifts_the_lockout_and_must_be_changed(demo_paths):
    with _open(demo_paths, T0) as core:
        _fail(core, officers.MAX_FAILURES)
        officers.authenticate(core, "admin", DEMO_PASSWORD)
        target = core.conn.execute("SELECT id FROM officers WHERE username = 'canbo1'")
        target = target.fetchone()[0]
        officers.change_password(core, target, "tam-thoi-123")
        officers.logout(core)
        officer = officers.authenticate(core, "canbo1", "tam-thoi-123")
        assert officer.must_change_password
        with pytest.raises(PermissionDenied, match="đổi mật khẩu"):
            calendar.load(core)
        officers.change_password(core, target, "cua-toi-1234", old_password="tam-thoi-123")
        calendar.load(core)
        officers.logout(core)
        assert not officers.authenticate(core, "canbo1", "cua-toi-1234").must_change_password


def test_an_account_created_with_a_temporary_password_changes_it_first(demo_paths):
    with _open(demo_paths, T0) as core:
        officers.authenticate(core, "admin", DEMO_PASSWORD)
        officers.create_officer(core, "thu", "Lý Văn Thư", "counter", "tam-thoi-123",
                                must_change_password=True)
        officers.logout(core)
        assert officers.authenticate(core, "thu", "tam-thoi-123").must_change_password
