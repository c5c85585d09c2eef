"""Which measures each report's tables show, and how a value is written."""

from __future__ import annotations

from counter_app.reports.measures import (BREAKDOWNS, DOSSIER_COUNTS, DOSSIER_RATES,
                                          QUEUE_BREAKDOWNS, QUEUE_MEASURES)

TITLES = {"dossiers": "BÁO CÁO KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
          "queue": "BÁO CÁO TÌNH HÌNH XẾP HÀNG, PHỤC VỤ TẠI BỘ PHẬN MỘT CỬA",
          "ratings": "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ SỰ HÀI LÒNG CỦA NGƯỜI DÂN"}
RATING_MEASURES = {"ratings_total": "Tổng số lượt đánh giá", "satisfied": "Số lượt hài lòng",
                   "satisfaction_rate": "Tỷ lệ hài lòng (%)"}
# Figures that are not counts of dossiers: written with one decimal.
DECIMAL = set(DOSSIER_RATES) | {k for k in QUEUE_MEASURES if k.endswith(("_min", "_share"))} \
    | {"satisfaction_rate"}


def measures(kind: str, data: dict | None = None) -> dict[str, str]:
    if kind == "dossiers":
        return {**DOSSIER_COUNTS, **{k: v[0] for k, v in DOSSIER_RATES.items()}}
    if kind == "ratings":
        levels = (data or {}).get("levels", {})
        return {**{f"level_{code}": label for code, label in levels.items()},
                **RATING_MEASURES}
    return dict(QUEUE_MEASURES)


def breakdown_names(kind: str) -> dict[str, str]:
    """Every breakdown a report of ``kind`` may carry; "office" only in a report over
    several offices from the central server (sync_server/reports)."""
    from counter_app.reports.ratings import BREAKDOWNS as RATING_BREAKDOWNS
    return {"office": "Đơn vị", **{"dossiers": BREAKDOWNS, "queue": QUEUE_BREAKDOWNS,
                                  "ratings": RATING_BREAKDOWNS}[kind]}


def flatten_ratings(data: dict) -> dict:
    """The ratings report with each level's count as its own ``level_<code>`` figure,
    so the tables can show it like any other measure."""
    def flat(figures: dict) -> dict:
        out = dict(figures)
        for code, n in figures.get("ratings", {}).items():
            out[f"level_{code}"] = n
        if "previous" in figures:
            out["previous"] = flat(figures["previous"])
        return out
    return {**data, "totals": flat(data["totals"]),
            "previous_totals": flat(data["previous_totals"]),
            "breakdowns": {b: [flat(r) for r in rows] for b, rows in data["breakdowns"].items()}}


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
