"""Citizens: found again by ID number, so a second visit needs no retyping."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import date

from counter_app.domain.cccd import CccdData
from counter_app.domain.events import NewEvent
from counter_app.domain.ids import new_id
from counter_app.domain import limits
from counter_app.domain.text import ascii_digits, clean
from counter_app.errors import UserInputError
from counter_app.services.core import Core, guarded


# How the applicant's fields are named in messages (as on the intake screen).
LABELS = {"full_name": "Họ và tên", "id_number": "Số định danh cá nhân",
          "old_id_number": "Số CMND cũ", "address": "Địa chỉ", "phone": "Điện thoại",
          "email": "Email"}


@dataclass
class Applicant:
    """The person (or the organisation's representative) who submits a dossier."""

    full_name: str
    id_number: str = ""
    old_id_number: str = ""
    birth_date: str | None = None     # ISO yyyy-mm-dd
    gender: str | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    issue_date: str | None = None

    def cleaned(self) -> "Applicant":
        """The applicant as stored: text cleaned (control and bidi characters removed),
        digits of the ID and phone numbers in ASCII; refused (``UserInputError``) when
        the name is missing, a number malformed or a field longer than its bound."""
        a = Applicant(**{k: clean(v) if isinstance(v, str) else v for k, v in asdict(self).items()})
        a.id_number, a.old_id_number, a.phone = (ascii_digits(a.id_number),
                                                 ascii_digits(a.old_id_number),
                                                 ascii_digits(a.phone))
        if not a.full_name:
            raise UserInputError("Hãy nhập họ và tên người nộp hồ sơ.")
        number = a.id_number
        if number and not (number.isascii() and number.isdigit() and len(number) in (9, 12)):
            raise UserInputError("Số định danh cá nhân phải gồm 12 chữ số (CMND cũ: 9 chữ số).")
        for key, limit in limits.APPLICANT.items():
            limits.check(LABELS[key], getattr(a, key), limit)
        for iso in (a.birth_date, a.issue_date):
            if iso:
                try:
                    date.fromisoformat(iso)
                except ValueError:
                    raise UserInputError(f"Ngày không hợp lệ: {iso!r} (dạng YYYY-MM-DD).") from None
        return a

    @classmethod
    def from_cccd(cls, card: CccdData) -> "Applicant":
        return cls(full_name=card.full_name, id_number=card.id_number,
                   old_id_number=card.old_id_number or "",
                   birth_date=card.birth_date.isoformat() if card.birth_date else None,
                   gender=card.gender, address=card.address,
                   issue_date=card.issue_date.isoformat() if card.issue_date else None)


def find_by_id_number(conn: sqlite3.Connection, id_number: str) -> dict | None:
    if not id_number:
        return None
    row = conn.execute("SELECT * FROM citizens WHERE id_number = ? ORDER BY created_at LIMIT 1",
                       (id_number,)).fetchone()
    return dict(row) if row else None


@guarded
def lookup(core: Core, id_number: str) -> dict | None:
    """What an earlier visit left: to prefill the form when only the ID number is known."""
    return find_by_id_number(core.conn, ascii_digits(clean(id_number)))


def with_known(conn: sqlite3.Connection, applicant: Applicant) -> Applicant:
    """``applicant`` with its blank fields taken from an earlier visit (a form set
    filled from a card has no phone; the phone given last month still counts)."""
    known = find_by_id_number(conn, applicant.id_number)
    if known is None:
        return applicant
    values = asdict(applicant)
    for key, value in values.items():
        if value in (None, "") and known.get(key):
            values[key] = known[key]
    return Applicant(**values)


def remember(conn: sqlite3.Connection, applicant: Applicant) -> tuple[str, list[NewEvent]]:
    """The citizen id for ``applicant`` and the events that register or update them.

    Empty fields never erase what an earlier visit recorded (a phone number
    given last month stays when today's card scan has none)."""
    fields = {k: v for k, v in asdict(applicant).items() if v not in (None, "")}
    known = find_by_id_number(conn, applicant.id_number)
    if known is None:
        citizen_id = new_id()
        return citizen_id, [NewEvent("citizen", citizen_id, "citizen.registered", fields)]
    changed = {k: v for k, v in fields.items() if known.get(k) != v}
    events = [NewEvent("citizen", known["id"], "citizen.updated", changed)] if changed else []
    return known["id"], events
