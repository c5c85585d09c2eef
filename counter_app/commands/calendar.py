"""``counter-app calendar …`` (being written)."""


def register(sub, common) -> None:
    """Adds no subcommand yet."""
