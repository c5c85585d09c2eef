"""Use cases. Each takes a ``Core`` and records events through ``Core.record``."""
