"""Dossier codes handed out (each exactly once)."""

from __future__ import annotations

from db.projections import owns

owns("dossier_codes")
