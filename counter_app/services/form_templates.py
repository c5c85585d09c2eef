"""Where citizen form templates live, and filling one into a PDF.

Shipped templates are in ``counter_app/data/forms/``; an administrator adds or changes
one by putting ``<id>.yaml`` in the ``forms`` folder next to the database (no code,
no restart of anything but the form being read again). A file there replaces the
shipped template with the same id. A broken file is listed with its problems and is
never silently replaced by the shipped one: the administrator meant to change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from counter_app.config import OfficeConfig
from counter_app.domain.form_templates import (FormContext, FormData, Problem, Template,
                                               TemplateError, TemplateProblem, fill,
                                               parse_template, validate_data)
from counter_app.domain.form_templates.values import with_words
from counter_app.domain.text import fold
from counter_app.errors import NotFound, UserInputError

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "forms"
SUFFIXES = (".yaml", ".yml")


def admin_dir(db_path: Path) -> Path:
    """The administrator's folder: ``forms`` beside the database file."""
    return Path(db_path).parent / "forms"


@dataclass
class TemplateEntry:
    """One template file as listed: ``template`` is None when the file is broken."""

    id: str
    file: Path
    origin: str                     # "shipped" or "admin"
    template: Template | None = None
    problems: list[TemplateProblem] = field(default_factory=list)
    replaces_shipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        t = self.template
        return {"id": self.id, "title": t.title if t else None,
                "source": t.source if t else None, "version": t.version if t else None,
                "file": str(self.file), "origin": self.origin,
                "replaces_shipped": self.replaces_shipped, "ok": t is not None,
                "errors": [str(p) for p in self.problems]}


def load_file(path: Path) -> Template:
    """The template in ``path``; ``TemplateError`` (exit 2) if it is unusable."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UserInputError(f"Không mở được tệp mẫu {path}: {exc.strerror or exc}.") from None
    return parse_template(data, str(path))


def _entry(path: Path, origin: str) -> TemplateEntry:
    try:
        template = load_file(path)
    except TemplateError as exc:
        return TemplateEntry(path.stem, path, origin, problems=exc.problems)
    except UserInputError as exc:
        return TemplateEntry(path.stem, path, origin,
                             problems=[TemplateProblem(path.name, 0, str(exc))])
    return TemplateEntry(template.id, path, origin, template)


def _files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())


def catalogue(admin: Path | None = None) -> list[TemplateEntry]:
    """Every template, by id: the administrator's files over the shipped ones."""
    entries = {e.id: e for e in (_entry(p, "shipped") for p in _files(SHIPPED_DIR))}
    for path in _files(admin):
        entry = _entry(path, "admin")
        entry.replaces_shipped = entry.id in entries
        entries[entry.id] = entry
    return sorted(entries.values(), key=lambda e: e.id)


def find(spec: str, admin: Path | None = None) -> Template:
    """A template by file path, id, or title ("Tờ khai đăng ký khai sinh", as the
    catalogue's ``citizen_forms`` names it)."""
    path = Path(spec)
    if path.suffix.lower() in SUFFIXES or path.is_file():
        return load_file(path)
    entries = catalogue(admin)
    match = next((e for e in entries if e.id == spec), None) or \
        next((e for e in entries if e.template and fold(e.template.title) == fold(spec)), None)
    if match is None:
        known = ", ".join(e.id for e in entries) or "(chưa có mẫu nào)"
        raise NotFound(f"Không có mẫu '{spec}'. Các mẫu hiện có: {known}.")
    if match.template is None:
        raise TemplateError(match.problems)
    return match.template


def form_context(office: OfficeConfig, today: date, citizen: Any = None,
                 people: dict[str, list[Any]] | None = None, procedure_name: str = "",
                 dossier_code: str = "") -> FormContext:
    return FormContext(today=today, citizen=citizen, procedure_name=procedure_name,
                       dossier_code=dossier_code, office_name=office.name,
                       office_place=office.place, people=people or {})


@dataclass
class FilledForm:
    template: Template
    data: FormData
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def fill_form(template: Template, context: FormContext, typed: FormData | None) -> FilledForm:
    """Prefill from the context, then what was typed, dates in words generated where
    left blank (the birth date in words), then check everything."""
    data = with_words(template, fill(template, context, typed))
    return FilledForm(template, data, validate_data(template, data, context.today))


def render_pdf(form: FilledForm) -> bytes:
    from printing.forms import render_citizen_form
    return render_citizen_form(form.template, form.data)


def save_pdf(form: FilledForm, out: Path) -> Path:
    from printing.forms import write_pdf
    out = Path(out)
    if not out.parent.is_dir():
        raise UserInputError(f"Thư mục {out.parent} không tồn tại.")
    return write_pdf(out, render_pdf(form))
