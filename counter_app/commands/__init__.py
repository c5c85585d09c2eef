"""Subcommands of ``counter-app``, one module per area. Each has ``register``."""
