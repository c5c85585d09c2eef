"""What the GUI shows about this office and device, read once on the worker thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.office_names import unit_name
from counter_app.services import officers, setup
from counter_app.services.core import Core, Officer
from db.migrations import SCHEMA_VERSION


@dataclass(frozen=True)
class SessionInfo:
    """A plain snapshot (no connection inside), safe to hand to the GUI thread."""

    office_name: str
    parent_name: str
    office_code: str
    counter_number: int | None
    device_id: str
    db_path: Path
    config_path: Path
    schema_version: int
    demo: bool
    unit_name: str = ""     # the counter unit (board and kiosk headers)
    device_role: str = "all-in-one"   # chosen at enrollment: a support desk opens on its page


def read_session_info(core: Core) -> SessionInfo:
    cfg = core.config
    return SessionInfo(
        office_name=cfg.office.name, parent_name=cfg.office.parent_name,
        office_code=cfg.office.code, counter_number=cfg.device.counter_number,
        device_id=core.device_id, db_path=core.db_path, config_path=core.config_path,
        schema_version=SCHEMA_VERSION, demo=setup.is_demo(cfg),
        unit_name=unit_name(cfg.office.unit_name, cfg.office.name),
        device_role=cfg.device.role)


def act_as_device(core: Core, device) -> None:
    """The kiosk, the board and the rating screen run with no officer: their Core
    acts as the device, allowed only the device's own actions
    (counter_app.domain.permissions)."""
    core.officer = None
    core.device = device


def forget_officer(core: Core) -> None:
    """Log out: later operations are refused until the next login."""
    officers.logout(core)


__all__ = ["Officer", "SessionInfo", "act_as_device", "forget_officer", "read_session_info"]
