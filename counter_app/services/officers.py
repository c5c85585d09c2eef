"""Officer accounts: create, log in, change password, change role, disable."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from counter_app.domain import limits
from counter_app.domain.credentials import digest
from counter_app.domain.events import NewEvent
from counter_app.domain.ids import new_id
from counter_app.domain.roles import Role, parse_role
from counter_app.domain.text import clean
from counter_app.errors import AuthError, NotFound, UserInputError
from counter_app.services import demo, logins
from counter_app.services.core import Core, Officer, guarded
from db import credentials

log = logging.getLogger(__name__)
_HASHER = PasswordHasher()
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserInputError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")


@guarded
def create_officer(core: Core, username: str, full_name: str, role: Role | str,
                   password: str, must_change_password: bool = False) -> Officer:
    """A new account; ``must_change_password`` marks one whose password is known to
    others (the demo's), to be replaced at its first login in a real office."""
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise UserInputError(
            "Tên đăng nhập phải dài 3–32 ký tự, chỉ gồm chữ thường không dấu, số, '.', '_', '-'.")
    full_name = limits.check("Họ và tên cán bộ", clean(full_name), limits.NAME)
    if not full_name:
        raise UserInputError("Hãy nhập họ và tên cán bộ.")
    role = parse_role(role) if isinstance(role, str) else role
    _check_password(password)
    officer_id = new_id()
    password_hash = hash_password(password)
    payload = {"username": username, "full_name": full_name, "role": role.value,
               "credential": digest(password_hash)}
    if must_change_password:
        payload["must_change_password"] = 1

    def decide(conn):
        if _find(conn, username) is not None:
            raise UserInputError(f"Tên đăng nhập {username!r} đã được dùng.")
        credentials.store(conn, officer_id, password_hash, replace=True)   # not in the log
        return [NewEvent("officer", officer_id, "officer.created", payload)]

    core.record(decide)
    return Officer(officer_id, username, payload["full_name"], role)


def _find(conn, username: str):
    return conn.execute(
        "SELECT * FROM officers WHERE username = ? COLLATE NOCASE AND active = 1 "
        "ORDER BY created_at LIMIT 1", (username.strip(),)).fetchone()


def _officer(row, must_change_password: bool = False) -> Officer:
    return Officer(row["id"], row["username"], row["full_name"], Role(row["role"]),
                   must_change_password)


def _must_change(core: Core, row, password: str) -> bool:
    """An account given a temporary password (created or reset by an administrator)
    must choose its own before working. Outside the demo office so must a demo
    account, or any account still using the published demo password (also in demo
    databases made before the flag existed); inside it the demo accounts work as
    they are."""
    if demo.is_demo(core.config):
        return bool(row["must_change_password"]) and password != demo.DEMO_PASSWORD
    return bool(row["must_change_password"]) or password == demo.DEMO_PASSWORD


# After this many wrong passwords in a row an account waits LOCK_MS before the next
# try, longer after each further one (services/logins.py: kept in the event log).
MAX_FAILURES = logins.MAX_FAILURES
LOCK_MS = logins.LOCK_MS


@guarded
def authenticate(core: Core, username: str, password: str, via: str = "gui") -> Officer:
    """Check the password (argon2) and make this officer the current one.

    The officer returned says ``must_change_password``: then only
    ``change_password`` (own, with this password) is allowed until it succeeds."""
    key = logins.key_of(username)
    _check_not_locked(core, key, via)
    row = _find(core.conn, username)
    if row is None:
        _HASHER.hash("timing-equaliser")  # same cost whether or not the user exists
        _failed(core, key, via)
    stored = credentials.current_hash(core.conn, row["id"])
    if stored is None:
        # The log names a password whose hash has not come with the sync yet.
        raise AuthError("Mật khẩu mới của tài khoản này chưa được đồng bộ về máy này. Hãy chờ "
                        "đồng bộ (hoặc nhờ quản trị viên đặt lại mật khẩu trên máy này).")
    try:
        _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        _failed(core, key, via)
    logins.reset(core.conn, core.clock.now_ms(), key)
    core.officer = _officer(row, _must_change(core, row, password))
    log.info("officer %s logged in", row["id"])
    if _HASHER.check_needs_rehash(stored):
        _set_password(core, row["id"], password, {})
    return core.officer


def _check_not_locked(core: Core, key: str, via: str) -> None:
    lock = logins.state(core.conn, key)
    now = core.clock.now_ms()
    if lock.until_ms > now:
        logins.record_failure(core.conn, now, key, via, locked=True)
        minutes = -(-(lock.until_ms - now) // 60_000)
        raise AuthError(f"Đã nhập sai mật khẩu {lock.failures} lần. Tài khoản tạm khóa, "
                        f"hãy thử lại sau {minutes} phút hoặc nhờ quản trị viên đặt lại mật khẩu.")


def _failed(core: Core, key: str, via: str):
    logins.record_failure(core.conn, core.clock.now_ms(), key, via)
    log.warning("failed login (%d in a row)", logins.state(core.conn, key).failures)
    raise AuthError("Sai tên đăng nhập hoặc mật khẩu.")


@guarded
def logout(core: Core) -> None:
    """End the session: nothing can be done until the next login."""
    if core.officer is not None:
        log.info("officer %s logged out", core.officer.id)
    core.officer = None


@guarded
def get_officer(core: Core, officer_id: str) -> Officer:
    row = core.conn.execute("SELECT * FROM officers WHERE id = ?", (officer_id,)).fetchone()
    if row is None:
        raise NotFound("Không tìm thấy cán bộ.")
    return _officer(row)


@guarded
def list_officers(core: Core) -> list[dict]:
    """Every account (administrators only)."""
    rows = core.conn.execute(
        "SELECT id, username, full_name, role, active, created_at FROM officers "
        "ORDER BY username")
    return [dict(r) | {"role_label": Role(r["role"]).label, "active": bool(r["active"])}
            for r in rows]


@guarded
def count_active(core: Core) -> int:
    return core.conn.execute("SELECT count(*) FROM officers WHERE active = 1").fetchone()[0]


@guarded
def names(core: Core) -> dict[str, str]:
    """Every officer's full name by id (inactive ones too: history names who did what)."""
    return {r[0]: r[1] for r in core.conn.execute("SELECT id, full_name FROM officers")}


@guarded
def change_password(core: Core, officer_id: str, new_password: str,
                    old_password: str | None = None) -> None:
    """Officers change their own (with the old password); an admin resets anyone's.

    One's own new password ends the duty to change it at login. An administrator's
    reset is a temporary password, known to the administrator: the officer must
    replace it at the next login; the reset also lifts a lockout. Outside the demo
    office the published demo password is refused."""
    own = core.officer is not None and core.officer.id == officer_id
    if own and old_password is not None:
        try:
            _HASHER.verify(credentials.current_hash(core.conn, officer_id) or "", old_password)
        except (VerificationError, InvalidHashError):
            raise AuthError("Mật khẩu hiện tại không đúng.") from None
    else:
        core.authorize("officers.reset_password")
    _check_password(new_password)
    if new_password == demo.DEMO_PASSWORD and not demo.is_demo(core.config):
        raise UserInputError("Không dùng mật khẩu mẫu cho cơ quan thật; hãy chọn mật khẩu khác.")
    if own and new_password == old_password:
        raise UserInputError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    _set_password(core, officer_id, new_password, {"must_change_password": 0 if own else 1})
    if not own:
        username = core.conn.execute("SELECT username FROM officers WHERE id = ?",
                                     (officer_id,)).fetchone()[0]
        logins.reset(core.conn, core.clock.now_ms(), logins.key_of(username), core.officer_id)
    if own:
        core.officer = replace(core.officer, must_change_password=False)


@guarded
def set_role(core: Core, officer_id: str, role: Role | str) -> None:
    role = parse_role(role) if isinstance(role, str) else role
    _update(core, officer_id, {"role": role.value})


@guarded
def set_active(core: Core, officer_id: str, active: bool) -> None:
    if core.officer is not None and core.officer.id == officer_id and not active:
        raise UserInputError("Không thể tự khóa tài khoản đang đăng nhập.")
    _update(core, officer_id, {"active": 1 if active else 0})


def _set_password(core: Core, officer_id: str, password: str, fields: dict) -> None:
    """Record a new password: the event names its hash by digest; the hash is kept in
    ``credentials``, in the same transaction (db/credentials.py)."""
    password_hash = hash_password(password)
    _update(core, officer_id, {**fields, "credential": digest(password_hash)},
            lambda conn: credentials.store(conn, officer_id, password_hash, replace=True))


def _update(core: Core, officer_id: str, fields: dict, also=None) -> None:
    def decide(conn):
        if conn.execute("SELECT 1 FROM officers WHERE id = ?", (officer_id,)).fetchone() is None:
            raise NotFound("Không tìm thấy cán bộ.")
        if also is not None:
            also(conn)
        return [NewEvent("officer", officer_id, "officer.updated", fields)]
    core.record(decide)
