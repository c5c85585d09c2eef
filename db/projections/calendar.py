"""Administrator overrides of the working-day calendar."""

from __future__ import annotations

from db.projections import owns

owns("calendar_days")
