"""What a report looks like on the way out, for ``counter-app report`` and the central
server's ``counter-sync-server report`` alike: the breakdowns asked for, and the JSON
document (``period``, ``totals`` and, with ``--by``, ``rows``)."""

from __future__ import annotations

from counter_app.errors import UserInputError


def check_by(by: str | None, allowed: dict) -> tuple[str, ...]:
    """The breakdowns to compute: every one, or the one ``--by`` names."""
    if by is None:
        return tuple(allowed)
    if by not in allowed:
        raise UserInputError(f"Không nhóm theo '{by}' được: chỉ {', '.join(allowed)}.")
    return (by,)


def as_json(data: dict, by: str | None) -> dict:
    """The CLI's JSON: ``period``, ``totals`` and, with ``by``, ``rows`` (each with
    ``key``, ``name`` and the same measures); year-on-year under ``previous_*``."""
    out = {k: data[k] for k in ("report", "office", "offices", "period", "totals",
                                "previous_period", "previous_totals", "levels", "text")
           if k in data}
    if "threshold_min" in data:
        out["threshold_min"] = data["threshold_min"]
    if by:
        out["by"] = by
        out["rows"] = data["breakdowns"][by]
    return out
