"""The ``layout:`` section of a template: what is printed where, checked against the
fields it names (an unknown field, or a field never placed on paper, is a problem)."""

from __future__ import annotations

from yaml.nodes import Node, ScalarNode

from counter_app.domain.form_templates.model import (GROUP_STYLES, TEXT_STYLES, Field, Group,
                                                     GroupBlock, Item, Layout, PlaceDate, Row,
                                                     Signature, Text)
from counter_app.domain.form_templates.yamlnodes import Reader

LAYOUT_KEYS = ("recipient", "subtitle", "body", "commitment", "place_date", "signatures",
               "after", "notes")
ITEM_KEYS = ("field", "label", "colon", "suffix")
BLOCK_KEYS = ("row", "text", "style", "group", "rows", "show", "heading", "first_column")
SIGN_KEYS = ("title", "hint", "name")
PLACE_KEYS = ("prefix", "place", "date")


class _Scope:
    """The fields a part of the layout may name, and which of them were placed."""

    def __init__(self, fields: tuple[Field, ...], what: str) -> None:
        self.fields = {f.id: f for f in fields}
        self.what = what
        self.placed: set[str] = set()

    def use(self, r: Reader, node: Node, field_id: str | None) -> str | None:
        if field_id is None:
            return None
        if field_id not in self.fields:
            r.error(node, f"bố cục nhắc tới trường '{field_id}' không có {self.what}")
            return None
        self.placed.add(field_id)
        return field_id


def parse_layout(r: Reader, node: Node | None, fields: tuple[Field, ...],
                 groups: tuple[Group, ...]) -> Layout | None:
    m = r.mapping(node, "Bố cục 'layout'", LAYOUT_KEYS, ("body",)) if node is not None else None
    if m is None:
        return None
    top = _Scope(fields, "trong danh sách 'fields'")
    by_group = {g.id: (g, _Scope(g.fields, f"trong nhóm '{g.id}'")) for g in groups}
    placed_groups: set[str] = set()
    body = _blocks(r, m.get("body"), top, by_group, placed_groups, "'body'")
    after = _blocks(r, m.get("after"), top, by_group, placed_groups, "'after'")
    recipient = _ref(r, m.get("recipient"), top, "'recipient'")
    place_date = _place_date(r, m.get("place_date"), top)
    signatures = tuple(s for s in (_signature(r, n, top, by_group) for n in
                                   r.sequence(m.get("signatures"), "'signatures'")) if s)
    _unplaced(r, fields, top, groups, by_group, placed_groups)
    notes = r.texts(m.get("notes"), "'notes'")
    _marks_explained(r, fields + tuple(f for g in groups for f in g.fields), notes)
    return Layout(body=body, recipient=recipient,
                  subtitle=r.text(m.get("subtitle"), "'subtitle'", "") or "",
                  commitment=r.texts(m.get("commitment"), "'commitment'"),
                  place_date=place_date, signatures=signatures, after=after, notes=notes)


def _marks_explained(r: Reader, fields, notes: tuple[str, ...]) -> None:
    """A footnote mark on paper needs its note: "(4)" starts one of the 'notes'."""
    for f in fields:
        if f.mark and not any(f.mark in note[:16] for note in notes):
            r.error_at(f.line, f"trường '{f.id}' có dấu chú thích '{f.mark}' nhưng 'notes' "
                               f"không có chú thích nào bắt đầu bằng '{f.mark}'")


def _ref(r: Reader, node: Node | None, scope: _Scope, what: str) -> str | None:
    return scope.use(r, node, r.text(node, what)) if node is not None else None


def _blocks(r: Reader, node: Node | None, top: _Scope, by_group: dict,
            placed_groups: set[str], what: str) -> tuple:
    out = []
    for item in r.sequence(node, f"Danh sách {what}"):
        m = r.mapping(item, f"Mục bố cục trong {what}", BLOCK_KEYS)
        if m is None:
            continue
        kinds = [k for k in ("row", "text", "group") if k in m]
        if len(kinds) != 1:
            r.error(item, "mỗi mục bố cục phải có đúng một trong các khóa 'row', 'text', 'group'")
            continue
        if kinds[0] == "row":
            out.append(_row(r, m["row"], top))
        elif kinds[0] == "text":
            out.append(_text(r, m))
        else:
            block = _group_block(r, m, by_group)
            if block is not None:
                placed_groups.add(block.group)
                out.append(block)
    return tuple(out)


def _row(r: Reader, node: Node, scope: _Scope) -> Row:
    nodes = [node] if isinstance(node, ScalarNode) else r.sequence(node, "'row'")
    items = (_item(r, n, scope) for n in nodes)    # "row: ho_ten" for a single field
    return Row(tuple(i for i in items if i is not None))


def _item(r: Reader, node: Node, scope: _Scope) -> Item | None:
    if isinstance(node, ScalarNode):
        field_id = scope.use(r, node, r.text(node, "Tên trường trong 'row'"))
        return Item(field_id) if field_id else None
    m = r.mapping(node, "Trường trong 'row'", ITEM_KEYS, ("field",))
    if m is None or "field" not in m:
        return None
    field_id = _ref(r, m["field"], scope, "'field'")
    if field_id is None:
        return None
    return Item(field_id, label=r.text(m.get("label"), "'label'"),
                colon=r.boolean(m.get("colon"), "'colon'", True),
                suffix=r.text(m.get("suffix"), "'suffix'", "") or "")


def _text(r: Reader, m: dict) -> Text:
    style = r.text(m.get("style"), "'style'", "normal")
    if style not in TEXT_STYLES:
        r.error(m.get("style"), f"kiểu chữ '{style}' không hợp lệ (dùng: {', '.join(TEXT_STYLES)})")
        style = "normal"
    return Text(r.text(m["text"], "'text'", "") or "", style)


def _group_block(r: Reader, m: dict, by_group: dict) -> GroupBlock | None:
    gid = r.text(m["group"], "'group'")
    if gid not in by_group:
        r.error(m["group"], f"bố cục nhắc tới nhóm '{gid}' không có trong danh sách 'groups'")
        return None
    group, scope = by_group[gid]
    style = r.text(m.get("style"), "'style'", "block")
    if style not in GROUP_STYLES:
        r.error(m.get("style"), f"nhóm '{gid}': kiểu '{style}' không hợp lệ "
                                f"(dùng: {', '.join(GROUP_STYLES)})")
        style = "block"
    rows = tuple(_row(r, n, scope) for n in r.sequence(m.get("rows"), "'rows'"))
    if not rows:
        r.error(m["group"], f"nhóm '{gid}' trong bố cục phải có 'rows'")
    show = r.integer(m.get("show"), "'show'", None)
    if show is not None and not 0 <= show <= group.maximum:
        r.error(m.get("show"), f"nhóm '{gid}': 'show' phải từ 0 đến {group.maximum}")
        show = None
    default_show = group.maximum if style == "columns" else max(group.minimum, 1)
    return GroupBlock(group=gid, style=style, rows=rows,
                      show=default_show if show is None else show,
                      heading=r.text(m.get("heading"), "'heading'", "") or "",
                      first_column=r.text(m.get("first_column"), "'first_column'", "") or "")


def _place_date(r: Reader, node: Node | None, top: _Scope) -> PlaceDate | None:
    if node is None:
        return None
    m = r.mapping(node, "'place_date'", PLACE_KEYS)
    if m is None:
        return None
    date_id = _ref(r, m.get("date"), top, "'date'")
    if date_id and top.fields[date_id].type != "date":
        r.error(m.get("date"), f"'place_date': trường '{date_id}' phải có kiểu date")
    return PlaceDate(prefix=r.text(m.get("prefix"), "'prefix'", "Làm tại") or "",
                     place=_ref(r, m.get("place"), top, "'place'"), date=date_id)


def _signature(r: Reader, node: Node, top: _Scope, by_group: dict) -> Signature | None:
    m = r.mapping(node, "Chữ ký", SIGN_KEYS, ("title",))
    if m is None:
        return None
    name = r.text(m.get("name"), "'name'")
    if name is not None and not _name_ref_ok(r, m["name"], name, top, by_group):
        name = None
    hint = r.text(m.get("hint"), "'hint'")
    return Signature(title=r.text(m.get("title"), "'title'", "") or "", name=name,
                     **({"hint": hint} if hint is not None else {}))


def _name_ref_ok(r: Reader, node: Node, ref: str, top: _Scope, by_group: dict) -> bool:
    """``ho_ten`` (a field) or ``hai_ben.2.ho_ten`` (a field of the group's 2nd entry)."""
    parts = ref.split(".")
    if len(parts) == 1:
        return top.use(r, node, ref) is not None
    if len(parts) == 3 and parts[0] in by_group and parts[1].isdigit():
        group, scope = by_group[parts[0]]
        if not 1 <= int(parts[1]) <= group.maximum:
            r.error(node, f"chữ ký nhắc tới người thứ {parts[1]} của nhóm '{parts[0]}' "
                          f"nhưng nhóm chỉ có tối đa {group.maximum}")
            return False
        if parts[2] in scope.fields:
            return True
    r.error(node, f"chữ ký nhắc tới '{ref}' không có (dùng mã trường, hoặc nhóm.số.trường)")
    return False


def _unplaced(r: Reader, fields, top: _Scope, groups, by_group: dict, placed: set[str]) -> None:
    for f in fields:
        if f.id and f.id not in top.placed:
            r.error_at(f.line, f"trường '{f.id}' chưa được đặt vào bố cục 'layout'")
    for g in groups:
        if g.id not in placed:
            r.error_at(g.line, f"nhóm '{g.id}' chưa được đặt vào bố cục 'layout'")
            continue
        scope = by_group[g.id][1]
        for f in g.fields:
            if f.id and f.id not in scope.placed:
                r.error_at(f.line, f"trường '{f.id}' của nhóm '{g.id}' chưa được đặt vào "
                                   "'rows' của nhóm")

