"""Intake commit and accent-insensitive search with N dossiers in the store.

Budgets (shared/architecture.md §7), with 1,000,000 dossiers: intake commit
(events + projections + code allocation) p95 ≤ 20 ms; search ("nguyen van a"
finds "Nguyễn Văn A") p95 ≤ 30 ms.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchmarks.harness import demo_dataset, measure, report
from counter_app.domain.ids import new_id
from counter_app.domain.text import fold
from counter_app.services import dossiers, intake
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest
from db.connection import write_transaction

FAMILY = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 2 + ["Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
                                                       "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Xuân", "Kim"]
GIVEN = ["An", "Anh", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
         "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Tâm",
         "Thảo", "Trang", "Tuấn", "Vy", "Yến", "Đào", "Ánh", "Tuyết"]
PROCEDURES = [("DEMO-HT-01", "Đăng ký khai sinh"), ("DEMO-HT-05", "Cấp Giấy xác nhận tình "
              "trạng hôn nhân"), ("DEMO-CT-01", "Chứng thực bản sao từ bản chính giấy tờ, văn bản"),
              ("DEMO-KD-01", "Đăng ký thành lập hộ kinh doanh")]
QUERIES = ["nguyen van a", "tran thi thu", "le minh", "dang ngoc anh", "hoang thi lan",
           "vo quoc tuan", "pham"]
_COLS = ("id, code, procedure_code, procedure_name, field_code, applicant_name, "
         "applicant_id_number, applicant_phone, channel, outcome, status, received_at, due_at, "
         "officer_id, updated_at, search_text, book_year, book_line")


def build(folder: Path, size: int) -> tuple[Path, Path]:
    """A demo database plus ``size`` dossiers (built once, then reused)."""
    return demo_dataset(folder, f"dossiers-{size}", lambda core: _fill(core, size))


def _fill(core: Core, size: int) -> None:
    rnd = random.Random(20261123)
    start = datetime(2020, 1, 1, 2, tzinfo=timezone.utc)
    for lo in range(0, size, 20_000):
        rows = [_row(rnd, start, i) for i in range(lo, min(size, lo + 20_000))]
        with write_transaction(core.conn):
            core.conn.executemany(
                f"INSERT INTO dossiers ({_COLS}) VALUES ({','.join('?' * 18)})", rows)
    core.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _row(rnd: random.Random, start: datetime, i: int) -> tuple:
    name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
    id_number = f"0{rnd.randrange(10**10, 10**11)}"
    phone = f"09{rnd.randrange(10**7, 10**8)}"
    code_p, proc = rnd.choice(PROCEDURES)
    at = start + timedelta(minutes=3 * i)
    code = f"000.17.22.H56-{at:%y%m%d}-{5000 + i % 4000:04d}-{i}"
    stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (new_id(), code, code_p, proc, "HOTICH", name, id_number, phone, 1, "received",
            rnd.choice([2, 4, 9, 10, 10, 10]), stamp, stamp, "system", stamp,
            fold(f"{code} {name} {id_number} {phone} {proc} {code_p}"), at.year, i + 1)


def run(size: int, runs: int, as_json: bool, data_dir: Path) -> None:
    t0 = time.perf_counter()
    db, cfg = build(data_dir, size)
    built_s = time.perf_counter() - t0
    core = Core.open(db, cfg, system=True)
    applicant = Applicant(full_name="Nguyễn Văn An", id_number="001099012345",
                          address="Số 1, Phố X, Phường Y, Hà Nội")

    def receive(i: int) -> None:
        intake.receive(core, IntakeRequest("DEMO-HT-05", applicant))

    def search(i: int) -> None:
        dossiers.search(core, QUERIES[abs(i) % len(QUERIES)])

    timings = [measure("intake commit (receive)", receive, runs),
               measure("search, accent-insensitive", search, runs),
               measure("search by ID number", lambda i: dossiers.search(core, "001099012345"),
                       runs)]
    stored = core.conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    core.close()
    report("dossiers", timings, {"dossiers_in_store": stored, "dataset_build_s": round(built_s, 1),
                                 "budget_intake_p95_ms": 20, "budget_search_p95_ms": 30}, as_json)
