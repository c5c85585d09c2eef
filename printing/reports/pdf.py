"""A report as an A4 PDF in the administrative document style of Nghị định 30/2020
(header with the national title, bold centred title, numbered sections, bordered
tables, signature blocks, page numbers from page 2), with charts.

NĐ 30/2020's margins (top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm) and
Times New Roman are followed; its appendix was not read here in full, so the section
layout is the common shape of commune reports, kept in this one module.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from printing.documents.layout import (Page, Signer, build_pdf, cells, grid, office_header,
                                       para, signatures, styles, title)
from printing.documents.model import OfficeHeader
from printing.documents.text import esc
from printing.reports import charts
from printing.reports.columns import TITLES, breakdown_names, change, measures, text

A4_REPORT = Page(A4, 30 * mm, 15 * mm, 20 * mm, 20 * mm)
# The columns of the breakdown tables (a page has room for about eight).
BREAKDOWN_COLUMNS = {
    "dossiers": (("received", "Tiếp nhận"), ("resolved", "Đã giải quyết"),
                 ("resolved_early", "Trước hạn"),
                 ("resolved_on_time", "Đúng hạn"), ("resolved_late", "Quá hạn"),
                 ("in_progress", "Đang giải quyết"), ("in_progress_overdue", "Đang quá hạn"),
                 ("on_time_rate", "Đúng hạn (%)")),
    "queue": (("tickets", "Số phiếu"), ("served", "Đã phục vụ"), ("no_shows", "Vắng mặt"),
              ("avg_wait_min", "Chờ TB (phút)"), ("p90_wait_min", "Chờ P90 (phút)"),
              ("avg_service_min", "Phục vụ TB (phút)"),
              ("within_threshold_share", "Trong ngưỡng (%)")),
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def _day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def _section(n: int, heading: str) -> list:
    return [CondPageBreak(40 * mm), Spacer(0, 2 * mm),
            para(f"<b>{ROMAN[n]}. {esc(heading)}</b>")]


def _summary_table(data: dict, width: float):
    st = styles()
    prev = data["previous_period"]
    head = cells(["STT", "Chỉ tiêu", "Kỳ này",
                  f"Cùng kỳ năm trước ({_day(prev['from'])} – {_day(prev['to'])})",
                  "Tăng, giảm"], st.cell_head)
    rows = [head]
    for i, (key, label) in enumerate(measures(data["report"], data).items(), 1):
        now, before = data["totals"].get(key), data["previous_totals"].get(key)
        rows.append([str(i), para(esc(label), st.cell), text(now), text(before),
                     change(now, before)])
    widths = [10 * mm, width - 10 * mm - 3 * 27 * mm, 27 * mm, 27 * mm, 27 * mm]
    return grid(rows, widths, centered=(0, 2, 3, 4))


def _columns(data: dict) -> tuple:
    if data["report"] == "ratings":
        return tuple(measures("ratings", data).items())
    return BREAKDOWN_COLUMNS[data["report"]]


def _breakdown_table(data: dict, by: str, label: str, width: float):
    st = styles()
    columns = _columns(data)
    number_w = 13.5 * mm
    name_w = width - 9 * mm - number_w * len(columns)
    rows = [cells(["STT", label, *(c for _, c in columns)], st.cell_head)]
    for i, item in enumerate(data["breakdowns"][by], 1):
        rows.append([str(i), para(esc(item["name"]), st.cell),
                     *(text(item.get(k)) for k, _ in columns)])
    rows.append(["", para("<b>Tổng cộng</b>", st.cell),
                 *(text(data["totals"].get(k)) for k, _ in columns)])
    return grid(rows, [9 * mm, name_w, *[number_w] * len(columns)],
                centered=(0, *range(2, 2 + len(columns))))


def _dossier_charts(data: dict, width: float) -> list:
    st = styles()
    t, p = data["totals"], data["previous_totals"]
    keys = ("resolved_early", "resolved_on_time", "resolved_late", "in_progress_overdue")
    names = ["Trước hạn", "Đúng hạn", "Quá hạn", "Đang quá hạn"]
    bars = charts.bars("Kết quả giải quyết: kỳ này và cùng kỳ năm trước", names,
                       [("Kỳ này", [t[k] for k in keys]),
                        ("Cùng kỳ năm trước", [p[k] for k in keys])],
                       st.font, st.bold, width)
    pie = charts.pie("Hồ sơ tiếp nhận mới theo kênh",
                     [("Trực tuyến", t["received_online"]), ("Trực tiếp", t["received_direct"]),
                      ("Bưu chính", t["received_post"])], st.font, st.bold, width, 140)
    return [KeepTogether([bars, Spacer(0, 2 * mm), pie])]


def _queue_charts(data: dict, width: float) -> list:
    st = styles()
    hours = data["breakdowns"].get("hour", [])
    if not hours:
        return []
    bars = charts.bars("Số phiếu theo giờ trong ngày", [f"{h['key']}h" for h in hours],
                       [("Kỳ này", [h["tickets"] for h in hours]),
                        ("Cùng kỳ năm trước", [h["previous"]["tickets"] for h in hours])],
                       st.font, st.bold, width)
    return [bars]


def _rating_charts(data: dict, width: float) -> list:
    st = styles()
    levels = measures("ratings", data)
    parts = [(label, data["totals"].get(key, 0)) for key, label in levels.items()
             if key.startswith("level_")]
    return [charts.pie("Đánh giá theo mức", parts, st.font, st.bold, width, 150)]


CHARTS = {"dossiers": _dossier_charts, "queue": _queue_charts, "ratings": _rating_charts}


def _page_number(canvas, doc) -> None:
    """NĐ 30/2020: page numbers centred in the top margin, from the second page."""
    if doc.page < 2:
        return
    canvas.setFont(styles().font, 11)
    canvas.drawCentredString(A4_REPORT.left + A4_REPORT.width / 2,
                             A4_REPORT.size[1] - 12 * mm, str(doc.page))


def render(data: dict, header: OfficeHeader, today: date) -> bytes:
    width = A4_REPORT.width
    st = styles(12)
    period = data["period"]
    sub = ParagraphStyle("sub", parent=st.center, fontName=st.italic)
    story = [office_header(header, today, width, size=11)]
    story += title(TITLES[data["report"]],
                   para(esc(f"Kỳ báo cáo: từ ngày {_day(period['from'])} đến ngày "
                            f"{_day(period['to'])}"), sub))
    story += _section(0, "TÌNH HÌNH, KẾT QUẢ TRONG KỲ")
    story += [para(esc(p), ParagraphStyle("lead", parent=st.body, firstLineIndent=10 * mm))
              for p in data.get("text", "").split("\n") if p]
    story += _section(1, "SỐ LIỆU TỔNG HỢP") + [Spacer(0, 1.5 * mm), _summary_table(data, width)]
    if "procedures" in data["totals"]:
        story.append(para(esc("Số thủ tục hành chính thuộc thẩm quyền tiếp nhận: "
                              f"{text(data['totals']['procedures'])}."), st.body))
    story += _section(2, "BIỂU ĐỒ")
    story += CHARTS[data["report"]](data, width)
    n = 3
    for by, label in breakdown_names(data["report"]).items():
        if data["breakdowns"].get(by):
            story += _section(n, f"CHI TIẾT THEO {label.upper()}")
            story += [Spacer(0, 1.5 * mm), _breakdown_table(data, by, label, width)]
            n += 1
    story.append(signatures([Signer("NGƯỜI LẬP BÁO CÁO"),
                             Signer("THỦ TRƯỞNG CƠ QUAN", hint="(Ký, ghi rõ họ tên, đóng dấu)")],
                            width))
    return build_pdf(story, A4_REPORT, TITLES[data["report"]], on_page=_page_number)
