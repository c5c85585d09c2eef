"""Subcommands of ``counter-app``, one module per area. Each has ``register``."""

from __future__ import annotations

from counter_app.services.core import Core


def system_core(args) -> Core:
    """The Core a command works with: the files named by --db/--config, acting as
    the system (whoever can run commands on the data file administers it)."""
    return Core.open(args.db, args.config, system=True)
