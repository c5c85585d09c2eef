""""Công dân không viết": the screen (``page``), its parts (``sets``, ``work`` with the
``editor``, its ``fields`` and ``groups``) and its Qt-free operations (``ops``).

Only ``CitizenFormsPage`` is exported, lazily (see ``ui.pages.lazy_export``)."""

from ui.pages import lazy_export

__all__ = ["CitizenFormsPage"]
__getattr__ = lazy_export(__name__, "CitizenFormsPage", "ui.pages.citizen_forms.page")
