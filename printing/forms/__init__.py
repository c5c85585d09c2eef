"""Citizens' application forms (tờ khai, đơn) printed for signature, from templates.

``render_citizen_form(template, data) -> bytes`` lays out any template of
``counter_app.domain.form_templates`` on A4 in the serif family of the official forms
(``printing.documents.fonts``); ``write_pdf`` (shared with the one-stop forms) saves it.
"""

from printing.documents import write_pdf
from printing.forms.citizen_form import render as render_citizen_form
from printing.forms.combine import combine

__all__ = ["combine", "render_citizen_form", "write_pdf"]
