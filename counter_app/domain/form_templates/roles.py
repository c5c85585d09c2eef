"""Which section of a form a scanned card fills, by the person's role.

On "Công dân không viết" the first card is the requester's. A card of someone else
scanned without choosing an entry goes to the entry named for their role: a woman's
card to "người mẹ" / "Bên nữ", a man's to "người cha" / "Bên nam" — never over the
requester, never into the other parent's section. An entry the officer chose
("Quét thẻ CCCD" on it) always wins; this rule only answers the unchosen case.

The requester can be one of those people: a mother who registers her child's birth
writes "Mẹ" as her relation, and her card then fills both the requester's part and
the mother's section (``requester_entry``).
"""

from __future__ import annotations

from typing import Any

from counter_app.domain.form_templates.model import FormData, Template
from counter_app.domain.form_templates.values import entry_is_blank, person_values, put_value
from counter_app.domain.text import clean, fold

ROLE_WORDS = {"Nữ": {"mẹ", "nữ", "vợ"}, "Nam": {"cha", "bố", "nam", "chồng"}}
# A requester's relation that names a section of the form: the word they write → the
# words of that section's entry name ("bố" is the same person as "cha").
RELATION_WORDS = {"mẹ": {"mẹ"}, "cha": {"cha", "bố"}, "bố": {"cha", "bố"}}
RELATION_LABEL = "quan he"      # "Quan hệ với người được khai sinh", folded


def role_entry(template: Template, gender: str) -> tuple[str, int] | None:
    """(group id, entry index from 0) of the entry named for a person of ``gender``
    ("Nữ" → "người mẹ"), the first such in the form; None when no entry is."""
    return _entry_named(template, ROLE_WORDS.get(gender.strip().capitalize(), set()))


def requester_entry(template: Template, data: FormData) -> tuple[str, int] | None:
    """The entry the requester is also, by the relation they gave ("Mẹ" → "người mẹ",
    "Bố" → "người cha"); None when the form asks no relation or the relation names no
    section ("Bà ngoại")."""
    words: set[str] = set()
    for f in template.fields:
        if f.bind is None and RELATION_LABEL in fold(f.label):
            for word in clean(str(data.get(f.id) or "")).lower().split():
                words |= RELATION_WORDS.get(word, set())
    return _entry_named(template, words)


def _entry_named(template: Template, words: set[str]) -> tuple[str, int] | None:
    if not words:
        return None
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
    return None if holds_another(template, data, target, card_id) else target


def holds_another(template: Template, data: FormData, target: tuple[str, int],
                  card_id: str) -> bool:
    """Whether entry ``target`` already carries the ID number of someone other than
    ``card_id`` (an entry with no number, or this one, can take the card)."""
    group_id, index = target
    entries = data.get(group_id) if isinstance(data.get(group_id), list) else []
    entry = entries[index] if index < len(entries) else {}
    group = template.group(group_id)
    id_fields = [f.id for f in group.fields if f.bind in ("person.id_number",
                                                           "person.id_document")]
    held = [str(entry.get(f, "")) for f in id_fields] if not entry_is_blank(entry) else []
    return any(h and card_id not in h for h in held)


def fill_requester_entry(template: Template, data: FormData, requester: Any,
                         overwrite: bool = False) -> list[tuple[str, str, str]]:
    """The requester's card (or record) into the entry of their relation, if any: a
    value the officer typed is kept unless ``overwrite`` and returned as (field label,
    typed, from the card); an entry holding another person's card is left alone."""
    target = requester_entry(template, data)
    number = str(getattr(requester, "id_number", "") or "")
    if target is None or holds_another(template, data, target, number):
        return []
    group_id, index = target
    group = template.group(group_id)
    entries = data.get(group_id) if isinstance(data.get(group_id), list) else []
    entries = data[group_id] = entries + [{} for _ in range(index + 1 - len(entries))]
    entry = entries[index] = dict(entries[index]) if isinstance(entries[index], dict) else {}
    values = {f"person.{k}": v for k, v in person_values(requester).items()}
    kept = []
    for f in group.fields:
        if f.bind in values and not put_value(entry, f.id, values[f.bind], overwrite):
            label = f.label.replace("{entry}", group.entry_name(index))
            kept.append((label, str(entry[f.id]), values[f.bind]))
    return kept
