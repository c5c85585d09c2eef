"""A citizen's application form (tờ khai, đơn) on A4, laid out from its template.

Nothing here is specific to one form: the template's ``layout`` says which fields
go on which line, in the official order and wording. The page follows Nghị định
30/2020 (A4 portrait; margins top 20, bottom 18, left 30, right 15 mm; Times New Roman
13 pt where it fits): a form that would spill onto a second page is set a little
smaller first, down to 10.5 pt (the khai sinh form with its footnotes needs it),
before it is allowed to run on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from counter_app.domain.form_templates import (FormData, Group, GroupBlock, Row, Template,
                                               Text, blank_text, display_text, parse_date)
from counter_app.domain.form_templates.display import words_date
from printing.documents.layout import Page, build_pdf, grid, styles
from printing.documents.text import esc
from printing.forms.flow import (BoxLine, Fonts, Piece, Sign, aligned, dots, dotted_lines,
                                 national_heading, signature_block, style, text_line, title)

A4_PORTRAIT = Page(A4, 30 * mm, 15 * mm, 20 * mm, 18 * mm)
SIZES = (13.0, 12.5, 12.0, 11.5, 11.0, 10.5)
TEXT_ALIGN = {"normal": ("left", "regular"), "bold": ("left", "bold"),
              "italic": ("left", "italic"), "center": ("center", "regular"),
              "bold-center": ("center", "bold"), "italic-center": ("center", "italic")}


def render(template: Template, data: FormData | None = None) -> bytes:
    """The PDF of ``template`` filled with ``data`` (``None`` or ``{}``: an empty form)."""
    data = data or {}
    pdf = b""
    for size in SIZES:
        pages: list[int] = []
        pdf = build_pdf(_story(template, data, _fonts(size)), A4_PORTRAIT, template.title,
                        subject=template.id, on_page=lambda c, d: pages.append(d.page))
        if len(pages) <= 1:
            break
    return pdf


def _fonts(size: float) -> Fonts:
    st = styles()
    return Fonts(regular=st.font, bold=st.bold, italic=st.italic, size=size)


def _story(template: Template, data: FormData, fonts: Fonts) -> list[Flowable]:
    width = A4_PORTRAIT.width
    lay = template.layout
    story: list[Flowable] = [*national_heading(fonts, width), title(fonts, template.title, width)]
    if lay.subtitle:
        story.append(aligned(lay.subtitle, fonts, align="center", font=fonts.italic))
    if lay.recipient:
        f = template.field(lay.recipient)
        value = display_text(f, data.get(f.id)) or dots(width * 0.55, fonts)
        mark = f"<super><font size={fonts.size * 0.7:.1f}>{esc(f.mark)}</font></super>"
        story.append(Paragraph(f"{esc(f.label)}{mark if f.mark else ''}: {esc(value)}",
                               style(fonts, align=TA_CENTER, before=2, after=8)))
    story += _blocks(template, lay.body, data, fonts, width)
    story += [aligned(t, fonts, before=2 if i == 0 else 0) for i, t in
              enumerate(lay.commitment)]
    story += _closing(template, data, fonts, width)
    story += _notes(lay.notes, fonts)
    return story


def _blocks(template: Template, blocks, data: FormData, fonts: Fonts,
            width: float) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, Text):
            align, face = TEXT_ALIGN[block.style]
            out.append(aligned(block.text, fonts, align=align, font=getattr(fonts, face)))
        elif isinstance(block, Row):
            pieces = [_piece(template.field(i.field), data.get(i.field), i) for i in block.items]
            out += _line(pieces, fonts, width, _multiline_extra(template, block, data))
        elif isinstance(block, GroupBlock):
            out += _group(template, block, data, fonts, width)
    return out


def _piece(f, value: Any, item, entry_name: str = "") -> Piece:
    label = f.label if item.label is None else item.label
    label = label.replace("{entry}", entry_name).strip()
    text = display_text(f, value)
    if f.type == "checkbox":
        return Piece(label, mark=f.mark, colon=item.colon, box=bool(text), suffix=item.suffix)
    if f.type == "choice" and f.display == "boxes":
        options = tuple((c, c == text) for c in f.choices)
        return Piece(label, mark=f.mark, colon=item.colon, options=options, suffix=item.suffix)
    return Piece(label, value=text, mark=f.mark, colon=item.colon,
                 blank=None if text else blank_text(f), suffix=item.suffix)


def _line(pieces: list[Piece], fonts: Fonts, width: float, extra: int = 0) -> list[Flowable]:
    if any(p.box is not None or p.options for p in pieces):
        return [BoxLine(pieces, fonts)]
    return [text_line(pieces, fonts, width), *dotted_lines(extra, fonts, width)]


def _multiline_extra(template: Template, row: Row, data: FormData) -> int:
    """Extra dotted lines under an empty multi-line answer."""
    fields = [template.field(i.field) for i in row.items]
    return max((f.lines - 1 for f in fields if f.type == "multiline" and
                not display_text(f, data.get(f.id))), default=0)


def _entries(group: Group, block: GroupBlock, data: FormData) -> list[dict]:
    entries = data.get(group.id)
    entries = [e if isinstance(e, dict) else {} for e in entries] \
        if isinstance(entries, list) else []
    return entries + [{}] * max(0, block.show - len(entries))


def _group(template: Template, block: GroupBlock, data: FormData, fonts: Fonts,
           width: float) -> list[Flowable]:
    group = template.group(block.group)
    entries = _entries(group, block, data)
    if block.style == "columns":
        return _columns(group, block, entries, fonts, width)
    out: list[Flowable] = []
    if block.heading and block.style == "list":
        out.append(aligned(block.heading, fonts))
    for n, entry in enumerate(entries):
        name = group.entry_name(n)
        if block.heading and block.style == "block":
            out.append(aligned(block.heading.replace("{entry}", name), fonts, font=fonts.bold))
        for row in block.rows:
            pieces = [_piece(group.field(i.field), entry.get(i.field), i, name)
                      for i in row.items]
            if block.style == "list":
                first = pieces[0]
                pieces[0] = replace(first, label=f"{n + 1}. {first.label}".strip(),
                                    colon=bool(first.label) and first.colon)
            out += _line(pieces, fonts, width)
    return out


def _columns(group: Group, block: GroupBlock, entries: list[dict], fonts: Fonts,
             width: float) -> list[Flowable]:
    """One table column per entry ("Bên nữ", "Bên nam"), one row per layout row."""
    head = style(fonts, align=TA_CENTER, font=fonts.bold, after=0)
    cell = style(fonts, after=0)
    first = width * 0.3
    other = (width - first) / len(entries)
    rows = [[Paragraph(esc(block.first_column), head),
             *(Paragraph(esc(group.entry_name(n)), head) for n in range(len(entries)))]]
    for row in block.rows:
        fields = [group.field(i.field) for i in row.items]
        labels = ", ".join((f.label if i.label is None else i.label).replace("{entry}", "")
                           .strip() for f, i in zip(fields, row.items))
        mark = "".join(f"<super><font size={fonts.size * 0.7:.1f}>{esc(f.mark)}</font></super>"
                       for f in fields if f.mark)
        cells = [Paragraph(esc(labels) + mark, cell)]
        for entry in entries:
            values = [display_text(f, entry.get(f.id)) for f in fields]
            text = ", ".join(v for v in values if v)
            cells.append(Paragraph(esc(text) if text else dots(other - 8, fonts), cell))
        rows.append(cells)
    table = grid(rows, [first] + [other] * len(entries))
    table.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 1), (-1, -1), 5)]))
    return [Spacer(0, 3), table, Spacer(0, 4)]


def _closing(template: Template, data: FormData, fonts: Fonts, width: float) -> list[Flowable]:
    lay = template.layout
    out: list[Flowable] = []
    if lay.place_date:
        out.append(aligned(_place_date(template, data), fonts, align="right",
                           font=fonts.italic, before=6))
    after = _blocks(template, lay.after, data, fonts, width / 2 - 4)
    signers = [Sign(s.title, s.hint, _name(template, data, s.name)) for s in lay.signatures]
    if not signers:
        return out + after
    if len(signers) == 1:
        columns: list = [after or None, signers[0]]
        after = []
    else:
        columns = signers
    out.append(signature_block(columns, fonts, width))
    if after:
        out.append(KeepTogether([Spacer(0, 4), *after]))
    return out


def _place_date(template: Template, data: FormData) -> str:
    pd = template.layout.place_date
    when = parse_date(data.get(pd.date)) if pd.date else None
    text = words_date(when) if when else "ngày …… tháng …… năm ………"
    if pd.place:
        text = f"{str(data.get(pd.place) or '').strip() or '……………'}, {text}"
    return f"{pd.prefix}: {text}" if pd.prefix else text


def _name(template: Template, data: FormData, ref: str | None) -> str:
    if not ref:
        return ""
    parts = ref.split(".")
    if len(parts) == 1:
        return str(data.get(ref) or "")
    entries = data.get(parts[0])
    index = int(parts[1]) - 1
    if isinstance(entries, list) and index < len(entries) and isinstance(entries[index], dict):
        return str(entries[index].get(parts[2]) or "")
    return ""


def _notes(notes: tuple[str, ...], fonts: Fonts) -> list[Flowable]:
    if not notes:
        return []
    small = fonts.size - 3.5
    out: list[Flowable] = [Spacer(0, 6), aligned("Chú thích:", fonts, font=fonts.italic,
                                                 size=small)]
    out += [Paragraph(esc(n), style(fonts, size=small, after=0.5)) for n in notes]
    return [KeepTogether(out)]
