"""The pages of the main window, one per navigation section."""
