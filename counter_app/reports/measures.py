"""The measures' keys (stable: scripts rely on them), Vietnamese labels, and the rates
derived from the counts. Each is defined with its rule and source in docs/REPORTS.md."""

from __future__ import annotations

# Dossier counts, in the order of the report table (Mẫu báo cáo: tiếp nhận → đã giải
# quyết → đang giải quyết → other outcomes).
DOSSIER_COUNTS = {
    "received": "Tổng số hồ sơ tiếp nhận",
    "received_online": "Tiếp nhận trực tuyến",
    "received_direct": "Tiếp nhận trực tiếp",
    "received_post": "Tiếp nhận qua bưu chính công ích",
    "carried_over": "Từ kỳ trước chuyển sang",
    "resolved": "Đã giải quyết",
    "resolved_early": "Giải quyết trước hạn",
    "resolved_on_time": "Giải quyết đúng hạn",
    "resolved_late": "Giải quyết quá hạn",
    "in_progress": "Đang giải quyết",
    "in_progress_within": "Đang giải quyết trong hạn",
    "in_progress_overdue": "Đang giải quyết quá hạn",
    "withdrawn": "Công dân rút hồ sơ",
    "stopped": "Dừng giải quyết",
    "refused": "Từ chối tiếp nhận tại quầy",
    "guided": "Hướng dẫn bổ sung tại quầy",
    "returned": "Đã trả kết quả",
    "apologies": "Phiếu xin lỗi đã phát hành",
    "digitised": "Hồ sơ số hóa khi tiếp nhận",
    "results_online": "Kết quả trả bản điện tử",
    "results_post": "Kết quả trả qua bưu chính",
    "citizen_not_write": "Hồ sơ \u201cCông dân không viết\u201d",
    "citizen_not_write_slips": "Phiếu hướng dẫn, từ chối \u201cCông dân không viết\u201d",
    "payments": "Lượt nộp phí, lệ phí",
    "payments_amount": "Số tiền phí, lệ phí đã thu, trừ hoàn trả (đồng)",
    "payments_online": "Lượt nộp phí, lệ phí trực tuyến",
    "payments_online_amount": "Số tiền nộp trực tuyến, trừ hoàn trả (đồng)",
    "refunds": "Lượt hoàn trả tiền thu thừa",
    "refunds_amount": "Số tiền đã hoàn trả (đồng)",
}

# Rates in percent (one decimal), None when the base is 0: key → (label, part, base).
DOSSIER_RATES = {
    "on_time_rate": ("Tỷ lệ giải quyết đúng hạn (%)",
                     ("resolved_early", "resolved_on_time"), ("resolved",)),
    "late_rate": ("Tỷ lệ giải quyết quá hạn (%)", ("resolved_late",), ("resolved",)),
    "online_share": ("Tỷ lệ hồ sơ trực tuyến (%)", ("received_online",),
                     ("received_online", "received_direct", "received_post")),
    "digitised_share": ("Tỷ lệ hồ sơ số hóa (%)", ("digitised",),
                        ("received_online", "received_direct", "received_post")),
    "results_online_share": ("Tỷ lệ kết quả điện tử (%)", ("results_online",), ("resolved",)),
    "online_payment_share": ("Tỷ lệ lượt nộp phí trực tuyến (%)", ("payments_online",),
                             ("payments",)),
}

BREAKDOWNS = {"field": "Lĩnh vực", "procedure": "Thủ tục hành chính",
              "officer": "Công chức tiếp nhận", "channel": "Kênh tiếp nhận"}

QUEUE_MEASURES = {
    "tickets": "Số phiếu đã phát",
    "called": "Số lượt được gọi",
    "served": "Đã phục vụ xong",
    "no_shows": "Vắng mặt khi gọi",
    "cancelled": "Đã hủy",
    "unfinished": "Chưa phục vụ xong",
    "avg_wait_min": "Thời gian chờ trung bình (phút)",
    "p90_wait_min": "Thời gian chờ phân vị 90 (phút)",
    "max_wait_min": "Thời gian chờ dài nhất (phút)",
    "avg_service_min": "Thời gian phục vụ trung bình (phút)",
    "p90_service_min": "Thời gian phục vụ phân vị 90 (phút)",
    "within_threshold_share": "Tỷ lệ được gọi trong ngưỡng chờ (%)",
}
QUEUE_BREAKDOWNS = {"counter": "Quầy", "officer": "Công chức", "service": "Dịch vụ",
                    "hour": "Giờ trong ngày"}


def rate(measures: dict, part: tuple[str, ...], base: tuple[str, ...]) -> float | None:
    whole = sum(measures[k] for k in base)
    return round(100 * sum(measures[k] for k in part) / whole, 1) if whole else None


def with_rates(counts: dict) -> dict:
    out = dict(counts)
    for key, (_, part, base) in DOSSIER_RATES.items():
        out[key] = rate(counts, part, base)
    return out


def label(key: str) -> str:
    if key in DOSSIER_COUNTS:
        return DOSSIER_COUNTS[key]
    if key in DOSSIER_RATES:
        return DOSSIER_RATES[key][0]
    return QUEUE_MEASURES.get(key, key)
