"""The audit trail: every event type named in Vietnamese, the filters (officer, dossier,
dates, action), the spreadsheet read back with openpyxl, the chain check beside it, and
``counter-app audit`` as a leader."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from counter_app.cli import main
from counter_app.domain.clock import LOCAL_TZ
from counter_app.domain.event_labels import EVENT_LABELS, event_label
from counter_app.errors import UserInputError
from counter_app.services import audit, dossiers, officers, queue
from counter_app.services.audit import AuditFilter
from counter_app.services.setup import DEMO_PASSWORD
from db import projections
from tests.core.test_due_list import NOW, at, office  # noqa: F401


def test_every_event_type_has_a_vietnamese_label():
    assert set(EVENT_LABELS) == projections.known_types()
    assert all(label and label[0].isupper() and "." not in label
               for label in EVENT_LABELS.values())
    assert event_label("dossier.received") == "Tiếp nhận hồ sơ"
    assert event_label("future.kind") == "future.kind"      # a newer app's event: as is


@pytest.fixture
def trail(core, office):  # noqa: F811
    """canbo1 received A, B, C, R (9–17/11) and resolved R; canbo2 issues and calls a
    ticket on 18/11; the leader reads."""
    officers.authenticate(core, "canbo2", DEMO_PASSWORD)
    at(core, NOW - timedelta(minutes=5))
    ticket = queue.issue_ticket(core, "A")
    queue.act(core, ticket["id"], "call", 2)
    officers.authenticate(core, "lanhdao", DEMO_PASSWORD)
    at(core, NOW)
    return office


def _actions(found: dict) -> list[str]:
    return [r["action"] for r in found["rows"]]


def test_filter_by_officer_newest_first_with_pc_and_counter(core, trail):
    found = audit.search(core, AuditFilter(officer="canbo2"))
    assert _actions(found) == ["Gọi số", "Phát số thứ tự"]
    call = found["rows"][0]
    assert call["officer"] == "Trần Văn Hùng (mẫu)" and call["username"] == "canbo2"
    assert call["counter"] == 2 and call["this_device"] and call["device_id"] == core.device_id
    assert call["time"] == "18/11/2026 09:55:00" and call["object"].startswith("A001")
    with pytest.raises(UserInputError, match="Không có cán bộ nào"):
        audit.search(core, AuditFilter(officer="khongco"))


def test_filter_by_dossier_and_action(core, trail):
    found = audit.search(core, AuditFilter(dossier=trail["R"]))
    assert _actions(found) == ["Hồ sơ: Đã xử lý xong", "Tiếp nhận hồ sơ",
                               "Cấp mã hồ sơ"]
    assert {r["object"] for r in found["rows"]} == {trail["R"]}
    part = trail["A"][-4:]                  # a part of the code finds it too
    assert trail["A"] in {r["object"] for r in audit.search(
        core, AuditFilter(dossier=part))["rows"]}
    assert audit.search(core, AuditFilter(dossier="không-có-mã"))["total"] == 0
    received = audit.search(core, AuditFilter(action="dossier.received"))
    assert received["total"] == 4 and set(_actions(received)) == {"Tiếp nhận hồ sơ"}


def test_filter_by_local_dates_both_ends_included(core, trail):
    found = audit.search(core, AuditFilter(start=date(2026, 11, 13), end=date(2026, 11, 17),
                                           action="dossier.received"))
    assert [r["object"] for r in found["rows"]] == [trail["C"], trail["B"]]
    with pytest.raises(UserInputError, match="trước ngày bắt đầu"):
        audit.search(core, AuditFilter(start=date(2026, 11, 17), end=date(2026, 11, 13)))


def test_no_secret_reaches_the_view(core, trail):
    rows = audit.search(core, AuditFilter(action="officer.created"))["rows"]
    assert {r["object"] for r in rows} == {"admin", "canbo1", "canbo2", "hotro", "lanhdao"}
    text = json.dumps(audit.search(core, AuditFilter(), limit=5000)["rows"], ensure_ascii=False)
    assert "argon2" not in text and "password" not in text


def test_limit_and_total(core, trail):
    found = audit.search(core, AuditFilter(), limit=3)
    assert len(found["rows"]) == 3 and found["total"] > 3


def test_export_is_a_real_spreadsheet(core, trail, tmp_path):
    path = tmp_path / "nhat-ky.xlsx"
    written = audit.export(core, AuditFilter(officer="canbo1"), path)
    sheet = load_workbook(path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "NHẬT KÝ HOẠT ĐỘNG"
    assert values[2][0].startswith("Lọc theo cán bộ canbo1")
    assert values[3][0] == "Kiểm tra chuỗi mã băm: Nhật ký sự kiện: nguyên vẹn"
    header = values[6]
    assert header[:4] == ("Thời gian", "Cán bộ", "Tên đăng nhập", "Thao tác")
    body = values[7:]
    assert len(body) == written["rows"] == written["total"]
    assert {row[2] for row in body} == {"canbo1"}
    assert "Tiếp nhận hồ sơ" in {row[3] for row in body}


def test_the_chain_check_reports_an_edited_event(core, trail):
    assert audit.chain_status(core)["ok"]
    core.conn.execute("UPDATE events SET payload = replace(payload, 'Nguyễn Văn An', "
                      "'Nguyễn Văn Ân') WHERE type = 'dossier.received'")
    status = audit.chain_status(core)
    assert not status["ok"] and "bị sửa" in status["summary"]


def test_the_command_as_a_leader(core, trail, demo_paths, tmp_path, capsys):
    db, cfg = (str(p) for p in demo_paths)
    core.conn.commit()
    args = ["--db", db, "--config", cfg, "--user", "lanhdao", "audit"]
    assert main([*args, "--officer", "canbo2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 2 and out["chain"]["ok"]
    assert [r["type"] for r in out["rows"]] == ["ticket.call", "ticket.issued"]
    assert main([*args, "--dossier", trail["R"]]) == 0
    text = capsys.readouterr().out
    assert "Tiếp nhận hồ sơ" in text and "Nhật ký sự kiện: nguyên vẹn" in text
    assert main([*args, "--from", "2026-11-18", "--xlsx", str(tmp_path / "a.xlsx")]) == 0
    assert load_workbook(tmp_path / "a.xlsx").active.max_row > 7
    assert main([*args, "--from", "18/11/2026"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_the_command_exits_1_when_the_chain_is_broken(core, trail, demo_paths, capsys):
    db, cfg = (str(p) for p in demo_paths)
    core.conn.execute("DELETE FROM events WHERE type = 'ticket.issued'")
    core.conn.commit()
    assert main(["--db", db, "--config", cfg, "--user", "lanhdao", "audit"]) == 1
    assert "bị xoá" in capsys.readouterr().out


def test_dates_are_the_offices(core, trail):
    """An event at 00:30 in Hà Nội (17:30 UTC the day before) is on the local day."""
    at(core, datetime(2026, 11, 19, 0, 30, tzinfo=LOCAL_TZ))
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    dossiers.resolve(core, trail["B"])
    officers.authenticate(core, "lanhdao", DEMO_PASSWORD)
    found = audit.search(core, AuditFilter(start=date(2026, 11, 19), end=date(2026, 11, 19)))
    assert [r["object"] for r in found["rows"]] == [trail["B"]]
