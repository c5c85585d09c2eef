"""The server's per-office read model (docs/SYNC.md, "Read model"): each office's
events applied by the client's own projection rules into the office's PostgreSQL
schema, for the office hub and for reports across offices."""

from sync_server.read_model.projector import (RefreshReport, ensure, rebuild, refresh,
                                              schema_name)
from sync_server.read_model.status import status

__all__ = ["RefreshReport", "ensure", "rebuild", "refresh", "schema_name", "status"]
