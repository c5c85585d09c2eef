"""Hàng đợi: the counter's queue panel (``page``), its parts (``current``, ``waiting``,
``summary``, the ``actions`` dialogs) and its Qt-free operations (``ops``).

Only ``QueuePage`` is exported, lazily (see ``ui.pages.lazy_export``)."""

from ui.pages import lazy_export

__all__ = ["QueuePage"]
__getattr__ = lazy_export(__name__, "QueuePage", "ui.pages.queue.page")
