"""The first-start wizard on an empty data folder: a real office end to end, the demo
in one click, bad values refused with nothing created."""

from __future__ import annotations

import json

import pytest

from counter_app.services import officers
from counter_app.services.core import Core
from db.connection import check_header
from ui.first_start import FirstStartDialog
from ui.qt import QTimer, Qt


@pytest.fixture
def empty(tmp_path):
    folder = tmp_path / "ProgramData"
    folder.mkdir()
    return folder / "db.sqlite", folder / "config.json"


@pytest.fixture
def wizard(qtbot, empty):
    dialog = FirstStartDialog(*empty)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _fill_real_office(qtbot, wizard, ticket_url: str = "") -> None:
    _click(qtbot, wizard.welcome.real_button)
    assert wizard.stack.currentWidget() is wizard.office
    _click(qtbot, wizard.next_button)
    assert "tên cơ quan" in wizard.message.text()          # required
    wizard.office.name_edit.setText("UBND PHƯỜNG TÂN LẬP")
    wizard.office.place_edit.setText("Thái Nguyên")
    _click(qtbot, wizard.next_button)
    admin = wizard.admin
    admin.username_edit.setText("quantri")
    admin.name_edit.setText("Đỗ Văn Quản")
    admin.password_edit.setText("mat-khau-that-1")
    admin.repeat_edit.setText("mat-khau-khac-1")
    _click(qtbot, wizard.next_button)
    assert "không khớp" in wizard.message.text()
    admin.repeat_edit.setText("mat-khau-that-1")
    _click(qtbot, wizard.next_button)
    device = wizard.device
    device.role_box.setCurrentIndex(device.role_box.findData("kiosk"))
    device.counter_box.setValue(0)
    device.ticket_edit.setText(ticket_url)
    assert wizard.next_button.text() == "Hoàn tất"


def test_a_real_office_is_created_from_the_wizard(qtbot, wizard, empty):
    db, config = empty
    _fill_real_office(qtbot, wizard, "tcp:192.0.2.10:9100")
    with qtbot.waitSignal(wizard.accepted, timeout=15_000):
        _click(qtbot, wizard.next_button)
    assert wizard.result_value is not None and not wizard.result_value.demo
    saved = json.loads(config.read_text(encoding="utf-8"))
    assert saved["office"]["name"] == "UBND PHƯỜNG TÂN LẬP"
    assert saved["office"]["place"] == "Thái Nguyên"
    assert (saved["device"]["role"], saved["device"]["counter_number"]) == ("kiosk", None)
    assert saved["printer"]["ticket_url"] == "tcp:192.0.2.10:9100"
    with Core.open(db, config) as core:
        officer = officers.authenticate(core, "quantri", "mat-khau-that-1")
        assert officer.full_name == "Đỗ Văn Quản" and not officer.must_change_password
        assert core.conn.execute("SELECT count(*) FROM officers").fetchone()[0] == 1


def test_a_wrong_value_is_refused_and_nothing_is_created(qtbot, wizard, empty):
    db, config = empty
    _fill_real_office(qtbot, wizard, "ftp:may-in")
    _click(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.job is None and "máy in phiếu" in wizard.message.text(),
                    timeout=15_000)
    assert wizard.isVisible() and wizard.result_value is None
    assert not check_header(db) and not config.exists()
    wizard.device.ticket_edit.setText("")
    with qtbot.waitSignal(wizard.accepted, timeout=15_000):
        _click(qtbot, wizard.next_button)
    assert check_header(db)


def test_the_demo_office_is_one_click_away(qtbot, wizard, empty):
    db, config = empty
    with qtbot.waitSignal(wizard.accepted, timeout=15_000):
        _click(qtbot, wizard.welcome.demo_button)
    assert wizard.result_value.demo
    with Core.open(db, config) as core:
        assert officers.authenticate(core, "canbo1", "demo1234")


def test_closing_the_wizard_creates_nothing(qtbot, empty):
    from ui.app import run_wizard
    db, config = empty
    QTimer.singleShot(300, lambda: [w.reject() for w in _wizards()])
    assert run_wizard(db, config) is False
    assert not db.exists() and not config.exists()


def _wizards():
    from ui.qt import QApplication
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, FirstStartDialog) and w.isVisible()]
