"""Thiết lập lần đầu: the wizard an installed app shows when its data folder is empty.

Two ways out: the demo office in one click, or the real office — its name, the
first administrator, this PC's role and printers — created by
``setup.create_office`` on a thread of its own (migrations and the password hash
take a second). Closing the wizard creates nothing; it shows again at next start.
"""

from __future__ import annotations

from pathlib import Path

from counter_app.services import setup
from ui import errors
from ui.first_start.pages import AdminPage, DevicePage, OfficePage, WelcomePage
from ui.qt import (QDialog, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout,
                   QWidget)
from ui.worker import BackgroundJob

THREAD_NAME = "first-start"


class FirstStartDialog(QDialog):
    """``result`` is the InitResult once the office (real or demo) exists."""

    def __init__(self, db_path: Path, config_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path, self.config_path = db_path, config_path
        self.result_value: setup.InitResult | None = None
        self.job: BackgroundJob | None = None
        self.setWindowTitle(self.tr("Thiết lập lần đầu"))
        self.setMinimumSize(640, 460)
        layout = QVBoxLayout(self)
        self.welcome, self.office = WelcomePage(), OfficePage()
        self.admin, self.device = AdminPage(), DevicePage()
        self.pages = [self.welcome, self.office, self.admin, self.device]
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
        layout.addWidget(self.stack, 1)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Quay lại"))
        self.next_button = QPushButton(self.tr("Tiếp →"))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        self.welcome.real_button.clicked.connect(self.next)
        self.welcome.demo_button.clicked.connect(self.use_demo)
        self._show_page(0)

    def _show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.message.setText("")
        on_welcome = index == 0
        self.back_button.setVisible(not on_welcome)
        self.next_button.setVisible(not on_welcome)
        self.next_button.setText(self.tr("Hoàn tất") if index == len(self.pages) - 1
                                 else self.tr("Tiếp →"))

    def back(self) -> None:
        self._show_page(max(0, self.stack.currentIndex() - 1))

    def next(self) -> None:
        page = self.stack.currentWidget()
        missing = page.missing()
        if missing:
            self.message.setText(missing)
            return
        index = self.stack.currentIndex()
        if index < len(self.pages) - 1:
            self._show_page(index + 1)
        else:
            self.create_office()

    def settings(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for page in self.pages:
            values |= page.settings()
        return values

    def create_office(self) -> None:
        settings, admin = self.settings(), self.admin
        username, name = admin.username_edit.text(), admin.name_edit.text()
        password = admin.password_edit.text()
        self._run(lambda: setup.create_office(
            self.db_path, self.config_path, settings, admin_username=username,
            admin_name=name, admin_password=password),
            self.tr("Đang tạo cơ quan…"))

    def use_demo(self) -> None:
        self._run(lambda: setup.initialise(self.db_path, self.config_path, demo=True),
                  self.tr("Đang tạo cơ quan mẫu…"))

    def _run(self, fn, busy_text: str) -> None:
        if self.job is not None:
            return
        self._busy(True)
        self.message.setObjectName("")
        self.message.setText(busy_text)
        self.job = BackgroundJob(fn, self._created, self._failed, self,
                                 name=THREAD_NAME).start()

    def _busy(self, busy: bool) -> None:
        for b in (self.back_button, self.next_button, self.welcome.real_button,
                  self.welcome.demo_button):
            b.setEnabled(not busy)

    def _created(self, result: setup.InitResult) -> None:
        self.job = None
        self.result_value = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        self._busy(False)
        self.message.setObjectName("error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(errors.user_text(exc))
