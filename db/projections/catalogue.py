"""The procedure catalogue: fields (lĩnh vực) and procedures (TTHC)."""

from __future__ import annotations

from db.projections import owns

owns("fields", "procedures")
