"""What a citizen's application form (tờ khai, đơn) is made of, as plain frozen data.

A ``Template`` is read from a text file by ``parser.parse_template``; nothing here
reads files or knows about PDF. Field values travel as a plain dict (``FormData``):
``{"field_id": "text", "group_id": [{"field_id": "text"}, …]}``; dates are written
``dd/mm/yyyy`` as an officer types them, checkboxes are booleans.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

FormData = dict[str, Any]

FIELD_TYPES = ("text", "multiline", "date", "time", "choice", "checkbox", "id_number",
               "phone", "number")
DATE_FORMATS = ("numeric", "words")          # 05/01/2027 | ngày 05 tháng 01 năm 2027
CHOICE_DISPLAYS = ("text", "boxes")          # the chosen label | □ A  ☒ B
TEXT_STYLES = ("normal", "bold", "italic", "center", "bold-center", "italic-center")
GROUP_STYLES = ("block", "columns", "list")
MAX_GROUP_SIZE = 50

# What a field can be prefilled from. ``citizen`` is the person at the counter (the
# requester), ``person`` the group entry's own card, ``today`` the date of filling.
PERSON_KEYS = ("full_name", "birth_date", "birth_year", "gender", "id_number",
               "old_id_number", "id_document", "issue_date", "address", "phone", "email")
CONTEXT_BINDINGS = (tuple(f"citizen.{k}" for k in PERSON_KEYS)
                    + ("dossier.procedure_name", "dossier.code", "office.name",
                       "office.place", "today"))
GROUP_BINDINGS = tuple(f"person.{k}" for k in PERSON_KEYS) + CONTEXT_BINDINGS


@dataclass(frozen=True)
class Field:
    """One blank of the form. ``label`` is printed as on the official form and names
    the field in messages; ``mark`` is the footnote mark printed after it ("(2)")."""

    id: str
    label: str
    type: str = "text"
    required: bool = False
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    bind: str | None = None
    help: str = ""
    mark: str = ""
    default: Any = None
    display: str = "text"
    date_format: str = "numeric"
    no_future: bool = False
    lines: int = 1
    minimum: int | None = None
    maximum: int | None = None
    words_of: str | None = None    # a date field: this one is that date in words
    line: int = 0


@dataclass(frozen=True)
class Group:
    """Repeated persons (the parents, the two spouses, the deceased…) or list rows.

    ``entries`` names the slots in order ("người mẹ", "người cha"); a label may say
    ``{entry}`` where that name goes. Entries beyond the named slots are numbered.
    """

    id: str
    label: str
    minimum: int
    maximum: int
    fields: tuple[Field, ...]
    entries: tuple[str, ...] = ()
    line: int = 0

    def field(self, field_id: str) -> Field | None:
        return next((f for f in self.fields if f.id == field_id), None)

    def entry_name(self, index: int) -> str:
        """The slot's name ("người cha"), or "người thứ 3" past the named slots."""
        return self.entries[index] if index < len(self.entries) else f"thứ {index + 1}"


@dataclass(frozen=True)
class Item:
    """A field on a printed line. ``label`` replaces the field's label on paper
    (``""`` prints none); ``colon`` puts ":" after the label; ``suffix`` follows the
    value ("bản")."""

    field: str
    label: str | None = None
    colon: bool = True
    suffix: str = ""


@dataclass(frozen=True)
class Row:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Text:
    text: str
    style: str = "normal"


@dataclass(frozen=True)
class GroupBlock:
    """Where a group prints: each entry as lines (``block``), entries as table
    columns (``columns``), or one numbered line each (``list``). ``show`` blank
    entries are printed at least, for filling in by hand."""

    group: str
    style: str
    rows: tuple[Row, ...]
    show: int = 0
    heading: str = ""
    first_column: str = ""


Block = Union[Row, Text, GroupBlock]


@dataclass(frozen=True)
class Signature:
    title: str
    hint: str = "(Ký, ghi rõ họ, chữ đệm, tên)"
    name: str | None = None       # field reference: "id" or "group.N.id" (N from 1)


@dataclass(frozen=True)
class PlaceDate:
    """"Làm tại: <place>, ngày … tháng … năm …" above the signatures."""

    prefix: str = "Làm tại"
    place: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Layout:
    body: tuple[Block, ...]
    recipient: str | None = None
    subtitle: str = ""
    commitment: tuple[str, ...] = ()
    place_date: PlaceDate | None = None
    signatures: tuple[Signature, ...] = ()
    after: tuple[Block, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    source: str
    version: int
    fields: tuple[Field, ...]
    groups: tuple[Group, ...]
    layout: Layout
    unverified: tuple[str, ...] = ()
    description: str = ""
    file: str = ""

    def field(self, field_id: str) -> Field | None:
        return next((f for f in self.fields if f.id == field_id), None)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)


@dataclass(frozen=True)
class Problem:
    """A value that does not fit the form: ``path`` is ``field`` or ``group[N].field``
    (N from 1), ``message`` the Vietnamese sentence shown to the officer."""

    path: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}
