"""Báo cáo: the leader's screen — today (``today``: the queue, deadlines, on-time trend,
ratings, with ``charts``) and the period reports (``period``: build, read, save as
XLSX or PDF) — in one ``page``, with its Qt-free operations (``ops``).

Only ``ReportsPage`` is exported, lazily (see ``ui.pages.lazy_export``)."""

from ui.pages import lazy_export

__all__ = ["ReportsPage"]
__getattr__ = lazy_export(__name__, "ReportsPage", "ui.pages.reports.page")
