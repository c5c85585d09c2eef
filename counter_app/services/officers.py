"""Officer accounts: create, log in, change password, change role, disable."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from counter_app.domain.events import NewEvent
from counter_app.domain.ids import new_id
from counter_app.domain.roles import Role, parse_role
from counter_app.errors import AuthError, NotFound, UserInputError
from counter_app.services.core import Core, Officer

_HASHER = PasswordHasher()
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserInputError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")


def create_officer(core: Core, username: str, full_name: str, role: Role | str,
                   password: str) -> Officer:
    core.require(Role.ADMIN)
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise UserInputError(
            "Tên đăng nhập phải dài 3–32 ký tự, chỉ gồm chữ thường không dấu, số, '.', '_', '-'.")
    if not full_name.strip():
        raise UserInputError("Hãy nhập họ và tên cán bộ.")
    role = parse_role(role) if isinstance(role, str) else role
    _check_password(password)
    officer_id = new_id()
    payload = {"username": username, "full_name": full_name.strip(), "role": role.value,
               "password_hash": hash_password(password)}

    def decide(conn):
        if _find(conn, username) is not None:
            raise UserInputError(f"Tên đăng nhập {username!r} đã được dùng.")
        return [NewEvent("officer", officer_id, "officer.created", payload)]

    core.record(decide)
    return Officer(officer_id, username, payload["full_name"], role)


def _find(conn, username: str):
    return conn.execute(
        "SELECT * FROM officers WHERE username = ? COLLATE NOCASE AND active = 1 "
        "ORDER BY created_at LIMIT 1", (username.strip(),)).fetchone()


def _officer(row) -> Officer:
    return Officer(row["id"], row["username"], row["full_name"], Role(row["role"]))


def authenticate(core: Core, username: str, password: str) -> Officer:
    """Check the password (argon2) and make this officer the current one."""
    row = _find(core.conn, username)
    if row is None:
        _HASHER.hash("timing-equaliser")  # same cost whether or not the user exists
        raise AuthError("Sai tên đăng nhập hoặc mật khẩu.")
    try:
        _HASHER.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        raise AuthError("Sai tên đăng nhập hoặc mật khẩu.") from None
    core.officer = _officer(row)
    if _HASHER.check_needs_rehash(row["password_hash"]):
        _update(core, row["id"], {"password_hash": hash_password(password)})
    return core.officer


def get_officer(core: Core, officer_id: str) -> Officer:
    row = core.conn.execute("SELECT * FROM officers WHERE id = ?", (officer_id,)).fetchone()
    if row is None:
        raise NotFound("Không tìm thấy cán bộ.")
    return _officer(row)


def list_officers(core: Core) -> list[dict]:
    rows = core.conn.execute(
        "SELECT id, username, full_name, role, active, created_at FROM officers "
        "ORDER BY username")
    return [dict(r) | {"role_label": Role(r["role"]).label, "active": bool(r["active"])}
            for r in rows]


def change_password(core: Core, officer_id: str, new_password: str,
                    old_password: str | None = None) -> None:
    """Officers change their own (with the old password); an admin resets anyone's."""
    own = core.officer is not None and core.officer.id == officer_id
    if own and old_password is not None:
        row = core.conn.execute("SELECT password_hash FROM officers WHERE id = ?",
                                (officer_id,)).fetchone()
        try:
            _HASHER.verify(row["password_hash"], old_password)
        except (VerificationError, InvalidHashError):
            raise AuthError("Mật khẩu hiện tại không đúng.") from None
    else:
        core.require(Role.ADMIN)
    _check_password(new_password)
    _update(core, officer_id, {"password_hash": hash_password(new_password)})


def set_role(core: Core, officer_id: str, role: Role | str) -> None:
    core.require(Role.ADMIN)
    role = parse_role(role) if isinstance(role, str) else role
    _update(core, officer_id, {"role": role.value})


def set_active(core: Core, officer_id: str, active: bool) -> None:
    core.require(Role.ADMIN)
    if core.officer is not None and core.officer.id == officer_id and not active:
        raise UserInputError("Không thể tự khóa tài khoản đang đăng nhập.")
    _update(core, officer_id, {"active": 1 if active else 0})


def _update(core: Core, officer_id: str, fields: dict) -> None:
    def decide(conn):
        if conn.execute("SELECT 1 FROM officers WHERE id = ?", (officer_id,)).fetchone() is None:
            raise NotFound("Không tìm thấy cán bộ.")
        return [NewEvent("officer", officer_id, "officer.updated", fields)]
    core.record(decide)
