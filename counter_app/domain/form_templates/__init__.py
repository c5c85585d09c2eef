"""Citizens' application forms (tờ khai, đơn) as data: "Công dân không viết".

A template file (YAML, one per form) says which fields the form has, what each can be
prefilled from (``citizen.full_name``, ``today``, …), the repeated persons (the
parents, the two spouses) and how the official A4 form is laid out. ``parse_template``
reads one and reports every faulty line; ``fill`` prefills and merges what the officer
typed; ``validate_data`` lists what is still wrong. Rendering lives in
``printing.forms``; files and folders in ``counter_app.services.form_templates``.
"""

from counter_app.domain.form_templates.display import blank_text, display_text
from counter_app.domain.form_templates.model import (CONTEXT_BINDINGS, FIELD_TYPES,
                                                     GROUP_BINDINGS, Field, FormData, Group,
                                                     GroupBlock, Item, Layout, PlaceDate,
                                                     Problem, Row, Signature, Template, Text)
from counter_app.domain.form_templates.parser import parse_template
from counter_app.domain.form_templates.values import (FormContext, fill, label_for,
                                                      parse_date, prefill, validate_data)
from counter_app.domain.form_templates.yamlnodes import TemplateError, TemplateProblem

__all__ = ["CONTEXT_BINDINGS", "FIELD_TYPES", "GROUP_BINDINGS", "Field", "FormContext",
           "FormData", "Group", "GroupBlock", "Item", "Layout", "PlaceDate", "Problem", "Row",
           "Signature", "Template", "TemplateError", "TemplateProblem", "Text", "blank_text",
           "display_text", "fill", "label_for", "parse_date", "parse_template", "prefill",
           "validate_data"]
