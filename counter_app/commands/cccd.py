"""``counter-app cccd …`` (being written)."""


def register(sub, common) -> None:
    """Adds no subcommand yet."""
