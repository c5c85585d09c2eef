"""The "report of the period" text block offices paste into their narrative report
(báo cáo kết quả giải quyết thủ tục hành chính), in the wording such reports use."""

from __future__ import annotations

from datetime import date


def _n(value: int | float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _pct(value: float | None) -> str:
    return "chưa tính được" if value is None else f"{_n(value)}%"


def _change(now: int, before: int) -> str:
    if before == 0:
        return "cùng kỳ năm trước chưa có số liệu"
    diff = (now - before) * 100 / before
    if abs(diff) < 0.05:
        return "bằng cùng kỳ năm trước"
    word = "tăng" if diff > 0 else "giảm"
    return f"{word} {_n(round(abs(diff), 1))}% so với cùng kỳ năm trước ({_n(before)} hồ sơ)"


def _day(text: str) -> str:
    return date.fromisoformat(text).strftime("%d/%m/%Y")


def dossier_text(report: dict, office: str = "Bộ phận Một cửa") -> str:
    t, p = report["totals"], report["previous_totals"]
    period = report["period"]
    lines = [
        f"Trong kỳ báo cáo (từ ngày {_day(period['from'])} đến ngày {_day(period['to'])}), "
        f"{office} đã tiếp nhận {_n(t['received'])} hồ sơ thủ tục hành chính, trong đó: "
        f"từ kỳ trước chuyển sang {_n(t['carried_over'])} hồ sơ; tiếp nhận mới trực tuyến "
        f"{_n(t['received_online'])} hồ sơ, trực tiếp {_n(t['received_direct'])} hồ sơ, qua "
        f"dịch vụ bưu chính công ích {_n(t['received_post'])} hồ sơ "
        f"(tỷ lệ hồ sơ trực tuyến {_pct(t['online_share'])}); "
        f"{_change(t['received'], p['received'])}.",
        f"Đã giải quyết {_n(t['resolved'])} hồ sơ: trước hạn {_n(t['resolved_early'])}, "
        f"đúng hạn {_n(t['resolved_on_time'])}, quá hạn {_n(t['resolved_late'])} "
        f"(tỷ lệ giải quyết đúng hạn {_pct(t['on_time_rate'])}). Đang giải quyết "
        f"{_n(t['in_progress'])} hồ sơ: trong hạn {_n(t['in_progress_within'])}, quá hạn "
        f"{_n(t['in_progress_overdue'])}. Công dân rút {_n(t['withdrawn'])} hồ sơ; dừng giải "
        f"quyết {_n(t['stopped'])} hồ sơ; đã trả kết quả {_n(t['returned'])} hồ sơ.",
        f"Đã phát hành {_n(t['apologies'])} phiếu xin lỗi và hẹn lại ngày trả kết quả "
        f"(số hồ sơ quá hạn trong kỳ: {_n(t['resolved_late'] + t['in_progress_overdue'])}). "
        f"Số hóa {_n(t['digitised'])} hồ sơ khi tiếp nhận (tỷ lệ {_pct(t['digitised_share'])}); "
        f"hỗ trợ \u201cCông dân không viết\u201d {_n(t['citizen_not_write'])} hồ sơ và "
        f"{_n(t['citizen_not_write_slips'])} lượt hướng dẫn, từ chối tại quầy; hướng dẫn "
        f"bổ sung tại quầy {_n(t['guided'])} lượt, từ chối tiếp nhận {_n(t['refused'])} hồ sơ.",
    ]
    if t.get("payments"):
        lines.append(f"Ghi nhận {_n(t['payments'])} lượt nộp phí, lệ phí với tổng số tiền "
                     f"{_n(t['payments_amount'])} đồng, trong đó nộp trực tuyến "
                     f"{_n(t['payments_online'])} lượt, {_n(t['payments_online_amount'])} đồng "
                     f"(tỷ lệ {_pct(t['online_payment_share'])}).")
        if t.get("refunds"):
            lines[-1] += (f" Đã hoàn trả {_n(t['refunds'])} lượt thu thừa, "
                          f"{_n(t['refunds_amount'])} đồng (đã trừ vào số tiền trên).")
    if t.get("ratings") is not None:
        lines.append(f"Người dân đã đánh giá {_n(sum(t['ratings'].values()))} lượt, tỷ lệ hài "
                     f"lòng {_pct(t.get('satisfaction_rate'))}.")
    return "\n".join(lines)


def queue_text(report: dict) -> str:
    t = report["totals"]
    period = report["period"]
    return (f"Từ ngày {_day(period['from'])} đến ngày {_day(period['to'])}, hệ thống xếp hàng "
            f"đã phát {_n(t['tickets'])} phiếu số thứ tự, phục vụ xong {_n(t['served'])} lượt, "
            f"{_n(t['no_shows'])} lượt vắng mặt khi gọi. Thời gian chờ trung bình "
            f"{_n(t['avg_wait_min'])} phút (90% công dân chờ không quá "
            f"{_n(t['p90_wait_min'])} phút); {_pct(t['within_threshold_share'])} được gọi trong "
            f"vòng {_n(_whole(report['threshold_min']))} phút; thời gian phục vụ trung bình "
            f"{_n(t['avg_service_min'])} phút.")


def ratings_text(report: dict) -> str:
    t, period, levels = report["totals"], report["period"], report["levels"]
    parts = "; ".join(f"{label.lower()} {_n(t['ratings'].get(code, 0))}"
                      for code, label in levels.items())
    return (f"Từ ngày {_day(period['from'])} đến ngày {_day(period['to'])}, người dân đã đánh "
            f"giá {_n(t['ratings_total'])} lượt phục vụ ({parts}); tỷ lệ hài lòng "
            f"{_pct(t['satisfaction_rate'])}.")
