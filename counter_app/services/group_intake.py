"""Receiving a group of linked procedures (liên thông) in one intake.

NĐ 63/2024/NĐ-CP (as amended; the amending text could not be read here) links
procedures a citizen asks for together: birth registration + permanent residence
registration + a health insurance card for a child under 6; death registration +
deleting the permanent residence + the funeral allowance. The catalogue names such
a group (``procedure_groups``); one intake records one dossier per procedure, each
with its own code, due date and book line (each procedure has its own deciding
agency and time limit), all in one transaction and sharing a ``group_id`` that
links them. The group is all or nothing: a problem with one member records none.

Each dossier charges its own fees (the catalogue's, or the officer's by procedure
code, as at a single intake); paid at intake, each dossier that owes gets its own
payment of all it owes, by the one method the citizen used.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime

from counter_app.domain import fees as fee_rules
from counter_app.domain import limits
from counter_app.domain.events import NewEvent
from counter_app.domain.ids import new_id
from counter_app.domain.statuses import Channel
from counter_app.domain.text import clean
from counter_app.errors import UserInputError
from counter_app.services import catalogue, citizens, codes, drafts, intake
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core, guarded
from counter_app.services.intake import IntakeRequest


@guarded
def receive_group(core: Core, group_code: str, applicant: Applicant, *,
                  channel: Channel = Channel.DIRECT, portal_code: str = "",
                  received_at: datetime | None = None, sets: int = 1,
                  result_delivery: str = "counter", ticket_id: str | None = None,
                  used_drafts: tuple[tuple[str, str], ...] = (),
                  documents: dict[str, list[dict]] | None = None,
                  fees: dict[str, list[dict]] | None = None, payment_method: str = "",
                  payment_reference: str = "") -> list[dict]:
    """Record one linked dossier per procedure of the group; returns them in the
    group's order. ``documents``: each member's checklist as ticked at the counter, by
    procedure code (a member not in it: the catalogue's list, all provided); ``fees``
    likewise (a member not in it: the catalogue's fees). ``payment_method``: every
    member's fees paid now, each dossier its own payment."""
    group = catalogue.get_group(core, group_code)
    if not group.active:
        raise UserInputError(f"Nhóm thủ tục liên thông “{group.name}” đã ngừng áp dụng.")
    group_id = new_id()
    template = IntakeRequest(group.procedures[0], applicant, channel=channel,
                             portal_code=portal_code, received_at=received_at, sets=sets,
                             result_delivery=result_delivery, ticket_id=ticket_id,
                             group_id=group_id)
    if payment_method:
        fee_rules.check_method(payment_method)
    paid_with = {"payment_method": payment_method, "payment_reference": limits.check(
        "Số giao dịch", clean(payment_reference), fee_rules.REFERENCE)}
    members = []
    for code in group.procedures:
        req = replace(template, procedure_code=code, documents=(documents or {}).get(code),
                      fees=(fees or {}).get(code))
        proc, cleaned, at = intake._validate(core, req)
        if payment_method and fee_rules.total_due(intake.charged_fees(req, proc)):
            req = replace(req, **paid_with)
        members.append((req, proc, at, intake._due(core, req, proc, at)))
    if payment_method and not any(req.payment_method for req, *_ in members):
        raise UserInputError("Các hồ sơ liên thông không có khoản phí, lệ phí nào phải nộp: "
                             "bỏ chọn hình thức nộp.")
    cleaned_applicant, moment = cleaned, members[0][2]
    allocate = codes.allocator(core, moment)
    hub_lines = intake.office_book(core)
    ids = [new_id() for _ in members]

    def decide(conn: sqlite3.Connection):
        citizen_id, events = citizens.remember(conn, cleaned_applicant)
        book = intake._book_line(conn, moment, hub_lines)
        for i, (req, proc, at, due) in enumerate(members):
            code_event = allocate(conn)
            payload = intake._payload(core, req, proc, cleaned_applicant, citizen_id,
                                      code_event.entity_id, at, due)
            payload.update(intake._received_extra(req, proc, at))
            # The members' lines follow one another (the hub gives them in order).
            payload.update(book, book_line=None if hub_lines else book["book_line"] + i)
            events += [code_event, NewEvent("dossier", ids[i], "dossier.received", payload),
                       *intake._payment_at_intake(req, payload["fees"], ids[i],
                                                  core.clock.now_utc())]
        drafts.discard_in(conn, core.officer_id, used_drafts)
        return events

    core.record(decide)
    from counter_app.services import dossiers   # the read side; imported late to avoid a cycle
    return [dossiers.get(core, i) for i in ids]
