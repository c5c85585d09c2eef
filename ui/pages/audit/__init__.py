"""Nhật ký hoạt động: who did what, when, on which PC and counter (``page``), its filters
(``filters``) and its Qt-free operations (``ops``).

Only ``AuditPage`` is exported, lazily (see ``ui.pages.lazy_export``)."""

from ui.pages import lazy_export

__all__ = ["AuditPage"]
__getattr__ = lazy_export(__name__, "AuditPage", "ui.pages.audit.page")
