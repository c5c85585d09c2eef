"""Screenshots of the app on a fresh demo office: ``python -m tools.screenshots main OUTDIR``.

Run it offscreen (``QT_QPA_PLATFORM=offscreen``) or under ``xvfb-run`` to look
at the app as a user would; docs/images/ holds login.png and main-window.png.
"""


from __future__ import annotations

import tempfile
from pathlib import Path

from counter_app.services import setup
from tools.screenshots.common import log_in, run_in_demo, run_shell, save, wait_until
from ui.qt import QApplication
from ui.shell import Shell


def capture_wizard(app: QApplication, out: Path) -> None:
    """The first-start wizard of an installed app, on an empty folder (nothing created)."""
    from ui.first_start import FirstStartDialog
    with tempfile.TemporaryDirectory() as folder:
        wizard = FirstStartDialog(Path(folder) / "db.sqlite", Path(folder) / "config.json")
        wizard.show()
        wait_until(app, wizard.isVisible)
        save(wizard, out / "first-start.png")
        wizard.next()
        wizard.office.name_edit.setText("UBND PHƯỜNG TÂN LẬP")
        wizard.office.parent_edit.setText("UBND TỈNH THÁI NGUYÊN")
        save(wizard, out / "first-start-office.png")
        wizard.next()
        wizard.admin.name_edit.setText("Đỗ Văn Quản")
        wizard.next()
        wait_until(app, lambda: wizard.stack.currentWidget() is wizard.device)
        save(wizard, out / "first-start-device.png")
        wizard.reject()
        wizard.deleteLater()


def capture(app: QApplication, shell: Shell, out: Path) -> None:
    capture_wizard(app, out)
    dialog = shell.login_dialog
    wait_until(app, dialog.isVisible)
    save(dialog, out / "login.png")
    dialog.username_edit.setText("canbo1")
    dialog.password_edit.setText("sai-mat-khau")
    dialog.submit()
    wait_until(app, dialog.error_label.isVisible)
    save(dialog, out / "login-error.png")

    log_in(app, shell, "canbo1", setup.DEMO_PASSWORD)
    home = shell.main_window.pages["home"]
    wait_until(app, lambda: home.stats is not None)
    save(shell.main_window, out / "main-window.png")
    shell.main_window.open_section("queue")
    save(shell.main_window, out / "placeholder.png")

    shell.main_window.logout()
    wait_until(app, lambda: shell.login_dialog is not None)
    log_in(app, shell, "admin", setup.DEMO_PASSWORD)
    admin = shell.main_window.open_section("admin")
    wait_until(app, lambda: admin.data is not None)
    save(shell.main_window, out / "admin.png")
    wait_until(app, lambda: admin.settings_tab.fields["office.name"].loaded is not None
               and bool(admin.calendar_tab.rows) and admin.queue_tab.setup is not None
               and bool(admin.catalogue_tab.procedures))
    for tab, name in ((admin.settings_tab, "admin-settings.png"),
                      (admin.calendar_tab, "admin-calendar.png"),
                      (admin.queue_tab, "admin-queue.png"),
                      (admin.catalogue_tab, "admin-catalogue.png")):
        admin.tabs.setCurrentWidget(tab)
        save(shell.main_window, out / name)
    admin.tabs.setCurrentWidget(admin.officers_tab)
    admin.officers_tab.add()
    wait_until(app, admin.officers_tab.dialog.isVisible)
    save(admin.officers_tab.dialog, out / "admin-new-officer.png")
    admin.officers_tab.dialog.reject()
    password = shell.main_window.change_password()
    wait_until(app, password.isVisible)
    save(password, out / "change-password.png")
    password.reject()
    about = shell.main_window.show_about()
    wait_until(app, about.isVisible)
    save(about, out / "about.png")


def main(argv: list[str] | None = None) -> int:
    return run_in_demo(argv, "tools.screenshots main",
                       lambda app, demo, out: run_shell(app, demo, out, capture))
