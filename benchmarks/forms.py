"""Form 01 (GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ) as a PDF, from data to bytes.

Budget (shared/architecture.md §7): receipt PDF ≤ 100 ms. ``size`` is the number
of documents listed on the receipt (a typical dossier has 3–8). Timed: building
the page (header, QR, Code128, table, signatures), laying it out, subsetting and
embedding the fonts, writing the PDF — one copy, and the two-copy print. The
fonts are registered once before timing, as in the running app. The last PDF is
left in ``data_dir`` to look at. Wall-clock times are what the budget is about;
the CPU time per render is reported beside them because on a shared, loaded
machine the wall clock also counts waiting for a core.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from benchmarks.harness import measure, report
from printing.documents import render_form, write_pdf
from printing.documents.fonts import serif_family
from printing.documents.layout import unit_phrase
from printing.documents.model import DocumentLine, OfficeHeader, Person, Receipt

BUDGET_MS = 100.0


def receipt(size: int) -> Receipt:
    docs = [DocumentLine(f"Giấy tờ số {i}: bản sao Giấy chứng nhận quyền sử dụng đất, "
                         f"thửa đất số {100 + i}", originals=i % 2, copies=1)
            for i in range(1, size + 1)]
    header = OfficeHeader("Ủy ban nhân dân phường Ba Đình", "Thành phố Hà Nội", "Ba Đình")
    return Receipt(
        code="000.17.22.H56-270105-0012",
        header=header,
        applicant=Person("Nguyễn Thị Ánh Tuyết", "001190012345",
                         "Số 12, ngõ 34 phố Đội Cấn, phường Ba Đình, thành phố Hà Nội",
                         "0912 345 678", "anhtuyet@example.vn"),
        procedure_name="Đăng ký khai sinh", documents=docs, sets=1,
        processing_days=Decimal(3), received_at=datetime(2027, 1, 5, 10, 30),
        due_at=datetime(2027, 1, 8, 16, 0),
        result_delivery=f"Tại {unit_phrase(header)}",
        fees=[("Lệ phí đăng ký khai sinh", 8000)], book_number=1, book_line=125,
        receiver_name="Đặng Quốc Việt", copies=1, signed_at=datetime(2027, 1, 5, 10, 30))


def run(size: int, runs: int, as_json: bool, data_dir: Path) -> None:
    family = serif_family()
    one = receipt(size)
    two = replace(one, copies=2)
    last: dict[str, bytes] = {}

    def render(data: Receipt) -> None:
        last["pdf"] = render_form("form01", data)

    cpu0 = time.process_time()
    single = measure("form 01, one copy → PDF bytes", lambda i: render(one), runs)
    cpu_single = (time.process_time() - cpu0) * 1000 / (runs + 5)  # measure() warms up 5×
    double = measure("form 01, two copies → PDF bytes", lambda i: render(two), runs)
    data_dir.mkdir(parents=True, exist_ok=True)
    write_pdf(data_dir / "forms-form01.pdf", last["pdf"])
    report("forms", [single, double], {
        "documents": size, "font": family.source, "pdf_bytes": len(last["pdf"]),
        "cpu_ms_per_render": round(cpu_single, 1), "budget_ms": BUDGET_MS,
        "within_budget_p95": single.p95_ms <= BUDGET_MS}, as_json)
