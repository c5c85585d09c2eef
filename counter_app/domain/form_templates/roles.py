"""Which section of a form a scanned card fills, by the person's role.

On "Công dân không viết" the first card is the requester's. A card of someone else
scanned without choosing an entry goes to the entry named for their role: a woman's
card to "người mẹ" / "Bên nữ", a man's to "người cha" / "Bên nam" — never over the
requester, never into the other parent's section. An entry the officer chose
("Quét thẻ CCCD" on it) always wins; this rule only answers the unchosen case.
"""

from __future__ import annotations

from counter_app.domain.form_templates.model import FormData, Template
from counter_app.domain.form_templates.values import entry_is_blank

ROLE_WORDS = {"Nữ": {"mẹ", "nữ", "vợ"}, "Nam": {"cha", "bố", "nam", "chồng"}}


def role_entry(template: Template, gender: str) -> tuple[str, int] | None:
    """(group id, entry index from 0) of the entry named for a person of ``gender``
    ("Nữ" → "người mẹ"), the first such in the form; None when no entry is."""
    words = ROLE_WORDS.get(gender.strip().capitalize(), set())
    for group in template.groups:
        if not any(f.bind and f.bind.startswith("person.") for f in group.fields):
            continue
        for index, name in enumerate(group.entries):
            if words & set(name.lower().split()):
                return group.id, index
    return None


def route_card(template: Template, data: FormData, requester_id: str, card_id: str,
               gender: str) -> tuple[str, int] | None:
    """Where an unchosen card goes: None for the requester (no requester yet, or the
    requester's own card), else the role entry — unless that entry already holds
    another person's card (then None: the officer chooses)."""
    if not requester_id or card_id == requester_id:
        return None
    target = role_entry(template, gender)
    if target is None:
        return None
    group_id, index = target
    entries = data.get(group_id) if isinstance(data.get(group_id), list) else []
    entry = entries[index] if index < len(entries) else {}
    group = template.group(group_id)
    id_fields = [f.id for f in group.fields if f.bind in ("person.id_number",
                                                           "person.id_document")]
    held = [str(entry.get(f, "")) for f in id_fields] if not entry_is_blank(entry) else []
    if any(h and card_id not in h for h in held):
        return None
    return target
