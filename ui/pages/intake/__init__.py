"""Tiếp nhận hồ sơ: the intake screen (``page``), its parts (``applicant``, ``documents``,
``details``, ``outcome``, ``form_sets``) and its Qt-free operations (``ops``).

Only ``IntakePage`` is exported, lazily (see ``ui.pages.lazy_export``)."""

from ui.pages import lazy_export

__all__ = ["IntakePage"]
__getattr__ = lazy_export(__name__, "IntakePage", "ui.pages.intake.page")
