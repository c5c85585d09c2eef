"""The configuration file as an administrator changes it: from the settings screens
and from ``counter-app config set``, one rule for both.

A change is checked before anything is written: each value is parsed as its key's
type, and the whole file after the change must not have a problem it did not have
before (config_check). Several keys change together or not at all, so a screen
never leaves the file half-saved. The file is written atomically (config.write_raw)
and the running Core reads it back at once, so most settings take effect without a
restart (the printer and the scanner are read at their next use; the counter's
window is rebuilt by the screen that changed it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from counter_app import config as config_mod
from counter_app.config_check import Problem
from counter_app.errors import InvalidConfigError
from counter_app.services.core import Core, guarded


@dataclass(frozen=True)
class Saved:
    """What a change wrote: the typed values by key, and problems the file still has
    (other keys, wrong before this change)."""

    values: dict[str, Any]
    problems: list[Problem]


@guarded
def set_value(core: Core, key: str, text: str) -> Saved:
    """One key, as ``counter-app config set KEY VALUE`` gives it."""
    return set_values(core, {key: text})


@guarded
def set_values(core: Core, changes: dict[str, str]) -> Saved:
    """Set every ``section.name`` of ``changes`` (text as typed) in the config file,
    keeping every other value as it is; refuse all of them, naming each wrong value,
    if one would add a problem. The Core then uses the new configuration."""
    if not changes:
        return Saved({}, [])
    typed, after = config_mod.set_values(core.config_path, changes)
    try:
        core.config = config_mod.load(core.config_path)
    except InvalidConfigError:
        pass        # still wrong elsewhere (listed in problems); keep the one in use
    return Saved(typed, after)


@guarded
def current(core: Core) -> dict[str, dict[str, Any]]:
    """The configuration as the settings screen shows it: the file's values over the
    defaults, secrets masked."""
    data, _problems = config_mod.inspect(core.config_path)
    return data
