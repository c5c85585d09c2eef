"""A dossier received on behalf of another commune before that commune has received it
(NĐ 309/2026 art. 14(4)): the due date waits, the competent agency's receipt is recorded
later as a step, and the due date is then counted from it (counter_app/services/competent.py).
While pending the dossier is neither overdue nor due today, in lists, on the leader's
dashboard and in the reports."""

from __future__ import annotations

import subprocess
from datetime import date, datetime

import pytest

from counter_app.domain.clock import LOCAL_TZ, FixedClock
from counter_app.errors import PermissionDenied, UserInputError
from counter_app.reports.period import Period
from counter_app.services import (competent, dashboard, documents, dossiers, intake, officers,
                                  reports)
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from db import commands, projections
from tests.conftest import table_dump

ANH = Applicant(full_name="Phạm Thị Ngọc Ánh", id_number="001199004455")
AGENCY = "UBND xã Bên Cạnh"


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ)


def now_is(core, moment: datetime) -> None:
    core.clock = FixedClock(int(moment.timestamp() * 1000))


@pytest.fixture
def c(core):
    officers.authenticate(core, "canbo1", DEMO_PASSWORD)
    now_is(core, at(2027, 5, 31, 9, 30))
    return core


def pending_dossier(c, **kw) -> dict:
    """Taken at this counter on Monday 31/5/2027 09:00 for UBND xã Bên Cạnh."""
    return intake.receive(c, IntakeRequest("DEMO-HT-05", ANH, received_at=at(2027, 5, 31, 9),
                                           competent_agency=AGENCY, **kw))


def test_intake_without_the_competent_receipt_leaves_the_due_date_pending(c):
    d = pending_dossier(c)
    assert d["competent_agency"] == AGENCY
    assert d["due_at"] is None and d["counted_from"] is None
    assert competent.pending(d)
    assert not dossiers.is_overdue(d, c.clock.now_utc())


def test_the_competent_receipt_later_sets_the_due_date_from_it(c):
    """Received there on Wednesday 2/6 at 14:00: 3 working days → Monday 7/6 at closing."""
    code = pending_dossier(c)["code"]
    now_is(c, at(2027, 6, 3, 8))
    d = competent.record_receipt(c, code, at(2027, 6, 2, 14))
    assert d["counted_from_local"] == "2027-06-02T14:00"
    assert d["due_at_local"] == "2027-06-07T17:00"
    assert d["competent_agency"] == AGENCY and not competent.pending(d)
    assert d["deadline_day_start"]          # the reports judge it by this date now
    event = c.conn.execute("SELECT payload FROM events WHERE type = "
                           "'dossier.competent_received'").fetchone()
    assert '"due_at":"2027-06-07T10:00:00Z"' in event[0]
    with pytest.raises(UserInputError, match="đã ghi thời điểm"):
        competent.record_receipt(c, code, at(2027, 6, 2, 15))


def test_the_agency_can_be_named_or_corrected_with_the_receipt(c):
    code = intake.receive(c, IntakeRequest("DEMO-HT-05", ANH, received_at=at(2027, 5, 31, 9)))[
        "code"]
    with pytest.raises(UserInputError, match="tên cơ quan có thẩm quyền"):
        competent.record_receipt(c, code, at(2027, 5, 31, 9, 20))
    d = competent.record_receipt(c, code, at(2027, 5, 31, 9, 20), "  UBND  phường Khác ")
    assert d["competent_agency"] == "UBND phường Khác"
    assert d["due_at_local"] == "2027-06-03T17:00"


@pytest.mark.parametrize("moment,message", [
    (at(2027, 5, 31, 8, 59), "không được trước thời điểm nhận hồ sơ tại quầy"),
    (at(2027, 5, 31, 9, 31), "không được ở tương lai"),
])
def test_a_moment_before_the_counter_or_in_the_future_is_refused(c, moment, message):
    code = pending_dossier(c)["code"]
    before = c.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(UserInputError, match=message):
        competent.record_receipt(c, code, moment)
    assert c.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_not_after_the_dossier_ended_or_its_date_was_set_again(c):
    ended = pending_dossier(c)["code"]
    dossiers.withdraw(c, ended, "Công dân rút")
    with pytest.raises(UserInputError, match="đã kết thúc"):
        competent.record_receipt(c, ended, at(2027, 5, 31, 9, 10))
    asked = pending_dossier(c)["code"]
    dossiers.request_supplement(c, asked, "Thiếu giấy", [{"name": "Giấy khai sinh"}])
    with pytest.raises(UserInputError, match="đã được hẹn lại"):
        competent.record_receipt(c, asked, at(2027, 5, 31, 9, 10))


def test_only_the_counters_work(c):
    code = pending_dossier(c)["code"]
    officers.authenticate(c, "lanhdao", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        competent.record_receipt(c, code, at(2027, 5, 31, 9, 10))


def test_a_pending_dossier_is_never_late_in_lists_dashboard_or_reports(c):
    pending = pending_dossier(c)["code"]
    own = intake.receive(c, IntakeRequest("DEMO-HT-05", ANH, received_at=at(2027, 5, 31, 9)))
    now_is(c, at(2027, 6, 30, 10))                       # a month later
    assert [d["code"] for d in dossiers.search(c, overdue=True)] == [own["code"]]
    assert [d["code"] for d in dossiers.due_today_and_overdue(c)["dossiers"]] == [own["code"]]
    officers.authenticate(c, "lanhdao", DEMO_PASSWORD)
    assert dashboard.today(c)["due"] == {"overdue": 1, "due_today": 0}
    t = reports.build(c, "dossiers", Period(date(2027, 5, 1), date(2027, 6, 30)))["totals"]
    assert (t["received"], t["in_progress_overdue"], t["in_progress_within"]) == (2, 1, 1)
    officers.authenticate(c, "canbo1", DEMO_PASSWORD)
    dossiers.resolve(c, pending)           # resolved with no date to be late against
    officers.authenticate(c, "lanhdao", DEMO_PASSWORD)
    t = reports.build(c, "dossiers", Period(date(2027, 5, 1), date(2027, 6, 30)))["totals"]
    assert (t["resolved_on_time"], t["resolved_late"]) == (1, 0)


def test_a_late_recorded_receipt_is_judged_in_the_reports(c):
    """Recorded after a month, counted from 2/6: due 7/6, so overdue on 30/6."""
    code = pending_dossier(c)["code"]
    now_is(c, at(2027, 6, 30, 10))
    competent.record_receipt(c, code, at(2027, 6, 2, 14))
    assert [d["code"] for d in dossiers.search(c, overdue=True)] == [code]
    officers.authenticate(c, "lanhdao", DEMO_PASSWORD)
    t = reports.build(c, "dossiers", Period(date(2027, 5, 1), date(2027, 6, 30)))["totals"]
    assert t["in_progress_overdue"] == 1


def test_the_step_rebuilds_as_recorded(c):
    code = pending_dossier(c)["code"]
    now_is(c, at(2027, 6, 3, 8))
    competent.record_receipt(c, code, at(2027, 6, 2, 14))
    dossiers.transfer(c, code, "UBND xã Bên Cạnh")
    live = table_dump(c.conn, projections.TABLES)
    commands.rebuild_projections(c.conn)
    assert table_dump(c.conn, projections.TABLES) == live


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_form01_says_when_the_date_counts_from(c):
    code = pending_dossier(c)["code"]
    text = " ".join(pdf_text(documents.save(c, "form01", code)).split())
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: tính từ khi UBND xã Bên Cạnh tiếp " \
        "nhận hồ sơ" in text
    assert "…… giờ" not in text.split("5. Thời gian trả kết quả")[1][:80]
    now_is(c, at(2027, 6, 3, 8))
    competent.record_receipt(c, code, at(2027, 6, 2, 14))
    text = " ".join(pdf_text(documents.save(c, "form01", code)).split())
    assert "17 giờ 00 phút, ngày 07/06/2027 (tính từ khi UBND xã Bên Cạnh tiếp nhận hồ sơ)" \
        in text


def test_cli_records_the_receipt_and_refuses_bad_input(tmp_path):
    from tests.core.test_cli import run
    qr = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"
    paths = ["--db", tmp_path / "x.sqlite", "--config", tmp_path / "c.json"]
    assert run(*paths, "init", "--demo").returncode == 0
    paths += ["--user", "canbo1"]
    r = run(*paths, "dossier", "receive", "--procedure", "DEMO-HT-05", "--citizen-qr", qr,
            "--received", "2026-11-16T09:00", "--competent-agency", AGENCY)
    assert r.returncode == 0, r.stderr
    assert "hẹn trả: chờ cơ quan có thẩm quyền tiếp nhận" in r.stdout
    code = r.stdout.split("hồ sơ ")[1].split(" ")[0]
    r = run(*paths, "dossier", "competent-received", code, "--at", "2026-11-16T08:00")
    assert r.returncode == 2 and "không được trước" in r.stderr and "Traceback" not in r.stderr
    r = run(*paths, "dossier", "competent-received", code, "--at", "hôm qua")
    assert r.returncode == 2 and "không hợp lệ" in r.stderr
    r = run(*paths, "dossier", "competent-received", code, "--at", "2026-11-17T14:00",
            "--json")
    assert r.returncode == 0, r.stderr
    assert '"due_at_local": "2026-11-20T17:00"' in r.stdout       # Wed, Thu, Fri from Tue 17
    r = run(*paths, "dossier", "show", code)
    assert "Nhận thay cho: UBND xã Bên Cạnh (thời hạn tính từ 2026-11-17T14:00)" in r.stdout
