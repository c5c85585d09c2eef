"""Widgets and helpers that several screens use (message bar, procedure picker, button box…)."""
