"""Tra cứu hồ sơ: the dossier screen (``page``), its parts (``search``, ``detail`` with its
``history`` and ``documents``, the ``steps`` dialogs, the tracking ``book``, the
``scan_folder``) and its Qt-free operations (``ops``).

Only ``DossiersPage`` is exported, lazily (see ``ui.pages.lazy_export``)."""

from ui.pages import lazy_export

__all__ = ["DossiersPage"]
__getattr__ = lazy_export(__name__, "DossiersPage", "ui.pages.dossiers.page")
