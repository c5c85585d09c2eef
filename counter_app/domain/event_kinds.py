"""Which entity each event type belongs to, and which events bring an entity into being.

Used to judge events that arrive from other devices (pulled): an event whose type
names another entity than it claims is refused, and an event that changes an
entity waits until the event that creates it is in the log. Types not listed here
(from a newer app) are kept in the log and projected after an upgrade.
"""

from __future__ import annotations

# The first part of an event type ("dossier" of "dossier.received") → the entity it is about.
ENTITY_OF_PREFIX = {
    "calendar": "calendar_day", "citizen": "citizen", "code": "dossier_code",
    "code_lease": "code_lease",
    "counter": "counter", "dossier": "dossier", "field": "field", "form_set": "form_set",
    "login": "login", "log": "log",
    "officer": "officer", "priority": "priority", "procedure": "procedure",
    "procedure_group": "procedure_group", "rating": "rating", "service": "service",
    "setting": "setting", "slip": "counter_slip", "ticket": "ticket",
}

# Entities that are created by one kind of event and changed by others. Entities not
# listed (settings, catalogue records, calendar days, codes) are whole-record upserts:
# every event of theirs stands alone.
CREATORS = {
    "citizen": frozenset({"citizen.registered"}),
    "counter": frozenset({"counter.defined"}),
    "dossier": frozenset({"dossier.received"}),
    "form_set": frozenset({"form_set.completed"}),
    "officer": frozenset({"officer.created"}),
    "service": frozenset({"service.defined"}),
    "ticket": frozenset({"ticket.issued"}),
}


def expected_entity(event_type: str) -> str | None:
    """The entity an event of ``event_type`` must name; None for an unknown type."""
    return ENTITY_OF_PREFIX.get(event_type.split(".", 1)[0])


def needs_creator(entity: str, event_type: str) -> frozenset[str]:
    """The event types one of which must already be in the log before this event
    applies (empty when it stands alone)."""
    creators = CREATORS.get(entity, frozenset())
    return frozenset() if event_type in creators else creators
