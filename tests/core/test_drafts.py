"""Typed work kept on this machine (counter_app.services.drafts): the intake in progress and
the text of a step's dialog, per officer, never events, removed with the work it became."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from counter_app.errors import UserInputError
from counter_app.services import drafts, intake, officers
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest
from counter_app.services.setup import DEMO_PASSWORD
from ui.pages.intake.ops import INTAKE_DRAFTS, is_blank, keep_draft, read_draft

STATE = {"procedure_code": "DEMO-HT-05",
         "applicant": {"full_name": "Phạm Thị Ngọc Ánh", "id_number": "001190012345"},
         "documents": [{"name": "Tờ khai", "provided": True, "originals": 1, "copies": 0,
                        "files": ["/tmp/to-khai.pdf"]}],
         "details": {"channel": "direct", "due_override": True, "due_reason": "Công dân xin"}}


@pytest.fixture
def desk(demo_paths):
    c = Core.open(*demo_paths)
    officers.authenticate(c, "canbo1", DEMO_PASSWORD)
    yield c
    assert not c.conn.in_transaction
    c.close()


def events(c: Core) -> int:
    return c.conn.execute("SELECT count(*) FROM events").fetchone()[0]


def test_a_draft_is_kept_per_officer_and_is_no_event(desk, demo_paths):
    before = events(desk)
    at = drafts.save(desk, drafts.INTAKE, "", STATE)
    assert events(desk) == before                  # scratch, never synced
    kept = drafts.load(desk, drafts.INTAKE, "")
    assert kept.state == STATE and kept.updated_at == at
    other = Core.open(*demo_paths)
    try:
        officers.authenticate(other, "canbo2", DEMO_PASSWORD)
        assert drafts.load(other, drafts.INTAKE, "") is None   # a colleague's own
    finally:
        other.close()
    drafts.save(desk, drafts.INTAKE, "", {**STATE, "procedure_code": "DEMO-HT-01"})
    assert drafts.load(desk, drafts.INTAKE, "").state["procedure_code"] == "DEMO-HT-01"
    drafts.discard(desk, drafts.INTAKE, "")
    assert drafts.load(desk, drafts.INTAKE, "") is None


def test_a_blank_intake_forgets_its_draft(desk):
    keep_draft(desk, STATE)
    assert read_draft(desk).info.procedure.code == "DEMO-HT-05"
    blank = {"procedure_code": "", "applicant": {"full_name": " "}, "documents": [],
             "details": {"channel": "post"}}
    assert is_blank(blank) and not is_blank(STATE)
    assert keep_draft(desk, blank) is None
    assert read_draft(desk) is None


def test_a_draft_that_cannot_be_read_is_reported_not_dropped(desk):
    drafts.save(desk, drafts.DIALOG, "step:X:return", {"a": 1})
    desk.conn.execute("UPDATE drafts SET state = '{broken'")
    desk.conn.commit()
    with pytest.raises(UserInputError, match="Bản nháp .* bị hỏng"):
        drafts.load(desk, drafts.DIALOG, "step:X:return")
    assert desk.conn.execute("SELECT count(*) FROM drafts").fetchone()[0] == 1


@pytest.mark.parametrize("outcome", ["received", "incomplete", "refused"])
def test_recording_the_intake_removes_its_drafts_in_the_same_transaction(desk, outcome):
    keep_draft(desk, STATE)
    drafts.save(desk, drafts.DIALOG, "intake:refuse", {"reason": "Không thuộc thẩm quyền"})
    drafts.save(desk, drafts.DIALOG, "step:OTHER:return", {"x": "kept"})
    extra = {"reason": "Thiếu giấy tờ", "missing": [{"name": "Tờ khai"}]} \
        if outcome != "received" else {}
    req = IntakeRequest("DEMO-HT-05", Applicant(full_name="Phạm Thị Ngọc Ánh"),
                        outcome=outcome, drafts=INTAKE_DRAFTS, **extra)
    intake.receive(desk, req)
    assert read_draft(desk) is None
    assert drafts.keys(desk, drafts.DIALOG) == ["step:OTHER:return"]


def test_an_intake_that_fails_keeps_its_draft(desk):
    keep_draft(desk, STATE)
    req = IntakeRequest("NO-SUCH-PROCEDURE", Applicant(full_name="Phạm Thị Ngọc Ánh"),
                        drafts=INTAKE_DRAFTS)
    with pytest.raises(Exception):
        intake.receive(desk, req)
    assert read_draft(desk).state == STATE


DRAFT_WRITER = """
import sys
from pathlib import Path
from counter_app.services import drafts, officers
from counter_app.services.core import Core
core = Core.open(Path(sys.argv[1]), Path(sys.argv[2]))
officers.authenticate(core, "canbo1", "demo1234")
i = 0
while True:
    i += 1
    drafts.save(core, "intake", "", {"applicant": {"full_name": f"Lần gõ {i}"}})
    drafts.save(core, "dialog", "step:H56:return", {"Lý do:": f"Lý do {i}"})
    if i == 5:
        print("saving", flush=True)
"""


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_draft_survives_the_process_being_killed(demo_paths):
    proc = subprocess.Popen([sys.executable, "-c", DRAFT_WRITER, *map(str, demo_paths)],
                            stdout=subprocess.PIPE, cwd=os.getcwd())
    assert proc.stdout.readline().decode().strip() == "saving"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    core = Core.open(*demo_paths)
    try:
        officers.authenticate(core, "canbo1", DEMO_PASSWORD)
        typed = drafts.load(core, drafts.INTAKE, "").state["applicant"]["full_name"]
        assert typed.startswith("Lần gõ ") and int(typed.split()[-1]) >= 5
        reason = drafts.load(core, drafts.DIALOG, "step:H56:return").state["Lý do:"]
        assert int(reason.split()[-1]) >= 5
    finally:
        core.close()
