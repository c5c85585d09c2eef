"""The pages of the main window, one per navigation section; a screen with parts is a package."""

from __future__ import annotations

import importlib


def lazy_export(package: str, name: str, module: str):
    """A module ``__getattr__`` for a screen package: ``package.name`` imports ``module`` only
    when first asked, so importing the package's Qt-free ``ops`` never loads the page (and Qt)
    nor, through it, the other screens (their ops import each other)."""
    def __getattr__(attribute: str):
        if attribute == name:
            return getattr(importlib.import_module(module), name)
        raise AttributeError(f"module {package!r} has no attribute {attribute!r}")
    return __getattr__
