"""Which measures each report's tables show, and how a value is written."""

from __future__ import annotations

from counter_app.reports.measures import (BREAKDOWNS, DOSSIER_COUNTS, DOSSIER_RATES,
                                          QUEUE_BREAKDOWNS, QUEUE_MEASURES)

TITLES = {"dossiers": "BÁO CÁO KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
          "queue": "BÁO CÁO TÌNH HÌNH XẾP HÀNG, PHỤC VỤ TẠI BỘ PHẬN MỘT CỬA"}
# Figures that are not counts of dossiers: written with one decimal.
DECIMAL = set(DOSSIER_RATES) | {k for k in QUEUE_MEASURES if k.endswith(("_min", "_share"))}


def measures(kind: str) -> dict[str, str]:
    if kind == "dossiers":
        return {**DOSSIER_COUNTS, **{k: v[0] for k, v in DOSSIER_RATES.items()}}
    return dict(QUEUE_MEASURES)


def breakdown_names(kind: str) -> dict[str, str]:
    return dict(BREAKDOWNS if kind == "dossiers" else QUEUE_BREAKDOWNS)


def text(value) -> str:
    """A figure as Vietnamese documents write it: 1.234 and 12,5; none → "-"."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{value:,}".replace(",", ".")


def change(now, before) -> str:
    """The year-on-year change of a count, in percent."""
    if now is None or before is None or isinstance(now, float):
        return "-"
    if before == 0:
        return "-" if now == 0 else "mới"
    return text(round((now - before) * 100 / before, 1)) + "%"
