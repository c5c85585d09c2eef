"""The first start of an installed app: set up the office (or try the demo office)."""

from ui.first_start.dialog import FirstStartDialog

__all__ = ["FirstStartDialog"]
