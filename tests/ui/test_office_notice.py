"""The status bar tells the officer whose step another PC's earlier step won over
(docs/OFFICE.md, "Work that crosses PCs"), against the real sync server on loopback."""

from __future__ import annotations

from counter_app.domain.events import NewEvent
from counter_app.services import dossiers
from counter_app.services.citizens import Applicant
from counter_app.services.core import Core
from counter_app.services.intake import IntakeRequest, receive
from tests.sync_server.conftest import dsn, new_office, server  # noqa: F401 (fixtures)
from tests.ui.test_sync_status import SYNC_WAIT_MS, enrolled  # noqa: F401 (fixture)


def test_a_lost_step_is_told_in_the_status_bar(qtbot, enrolled, demo_paths, log_in):  # noqa: F811
    with Core.open(*demo_paths, system=True) as core:
        d = receive(core, IntakeRequest("DEMO-HT-05", Applicant(full_name="Nguyễn Văn An",
                                                                id_number="001090000001")))
        dossiers.transfer(core, d["code"], "Công chức Tư pháp - Hộ tịch")
        # A withdrawal based on the dossier as it was before the transfer (as another PC,
        # not yet told of it, would record it): later by the clock, so it is the one rejected.
        core.record([NewEvent("dossier", d["id"], "dossier.status_changed",
                              {"status": 7, "set": {"reason": "Công dân xin rút"},
                               "based_on": ""})])
        assert dossiers.by_code(core, d["code"])["status"] == 4
    window = log_in("admin")
    status = window.status
    qtbot.waitUntil(lambda: status.clock_label.text() == "⚠ Thao tác không được ghi nhận",
                    timeout=SYNC_WAIT_MS)
    assert d["code"] in status.clock_label.toolTip()
    assert "máy khác đã thao tác trên hồ sơ này trước" in status.clock_label.toolTip()
    window.logout()
