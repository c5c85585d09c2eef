"""The counter's main window: navigation on the left, one page per section."""

from __future__ import annotations

from counter_app import PRODUCT_NAME
from counter_app.domain.permissions import sections
from counter_app.domain.scans import Scan
from counter_app.services.core import Officer
from ui.about import AboutDialog
from ui.pages.admin import AdminPage
from ui.pages.audit import AuditPage
from ui.pages.citizen_forms import CitizenFormsPage
from ui.pages.dossiers import DossiersPage
from ui.pages.home import HomePage
from ui.pages.intake import IntakePage
from ui.pages.placeholder import PlaceholderPage
from ui.pages.queue import QueuePage
from ui.pages.reports import ReportsPage
from ui.pages.queue.keys import install_queue_keys
from ui.password_dialog import ChangePasswordDialog
from ui.qt import (QT_TRANSLATE_NOOP, QAction, QCloseEvent, QCoreApplication, QHBoxLayout,
                   QKeySequence, QListWidget, QListWidgetItem, QMainWindow, QSize,
                   QStackedWidget, Qt, QWidget, Signal)
from ui.scanner import ScannerHub, ScannerSettings, read_scanner_settings
from ui.scanner_offer import ScannerOffer
from ui.session import SessionInfo
from ui.status_bar import StatusPanel
from ui.widgets.dialogs import ask, open_kept
from ui.window_state import remember, show_remembered
from ui.worker import DbWorker

# Navigation order; which of them an officer sees comes from the permission table
# (counter_app.domain.permissions.sections).
SECTION_TITLES = (
    ("home", QT_TRANSLATE_NOOP("sections", "Trang chủ")),
    ("queue", QT_TRANSLATE_NOOP("sections", "Hàng đợi")),
    ("intake", QT_TRANSLATE_NOOP("sections", "Tiếp nhận hồ sơ")),
    ("dossiers", QT_TRANSLATE_NOOP("sections", "Tra cứu hồ sơ")),
    ("citizen_forms", QT_TRANSLATE_NOOP("sections", "Công dân không viết")),
    ("reports", QT_TRANSLATE_NOOP("sections", "Báo cáo")),
    ("audit", QT_TRANSLATE_NOOP("sections", "Nhật ký hoạt động")),
    ("admin", QT_TRANSLATE_NOOP("sections", "Quản trị")),
)
NAV_WIDTH = 230
NAV_ITEM_HEIGHT = 40
SETTINGS_KEY = "main_window"   # QSettings group: geometry and state on this PC


def section_title(key: str) -> str:
    return QCoreApplication.translate("sections", dict(SECTION_TITLES)[key])


def visible_sections(officer: Officer) -> list[str]:
    allowed = sections(officer.role)
    return [key for key, _title in SECTION_TITLES if key in allowed]


class MainWindow(QMainWindow):
    """Emits ``logout_requested`` (Tệp → Đăng xuất) or ``closed`` (window closed, Thoát)."""

    logout_requested = Signal()
    closed = Signal()

    def __init__(self, worker: DbWorker, info: SessionInfo, officer: Officer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._info = info
        self.officer = officer
        self._logging_out = False
        self.ask_before_close = True           # False: app exit or test teardown
        self._close_allowed = False
        self.close_question = None
        self.about_dialog: AboutDialog | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self.setWindowTitle(self.tr("{product} — {office}").format(
            product=PRODUCT_NAME, office=info.office_name or self.tr("chưa cấu hình cơ quan")))
        self.resize(1280, 800)
        self.setMinimumSize(QSize(960, 600))
        self.pages: dict[str, QWidget] = {}
        self._build_central()
        self.queue_keys = self._queue_keys()
        self._build_menus()
        self.status = StatusPanel(self.statusBar(), worker, info, officer)
        self.status.start()
        self.scanners: ScannerHub | None = None
        self.scanner_offer: ScannerOffer | None = None
        self._closing = False
        worker.run_op(read_scanner_settings, self._start_scanners, lambda _exc: None, owner=self)

    def _build_central(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for key in visible_sections(self.officer):
            item = QListWidgetItem(section_title(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(0, NAV_ITEM_HEIGHT))
            self.nav.addItem(item)
            self.pages[key] = self._make_page(key)
            self.stack.addWidget(self.pages[key])
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.setCurrentRow(self._first_section())

    def _first_section(self) -> int:
        """The support desk's PC (role chosen at enrollment) opens on its own work."""
        keys = list(self.pages)
        if self._info.device_role == "support" and "citizen_forms" in keys:
            return keys.index("citizen_forms")
        return 0

    def _make_page(self, key: str) -> QWidget:
        if key == "home":
            home = HomePage(self._worker, self._info, self.officer)
            home.open_dossier.connect(self.open_dossier)
            return home
        if key == "admin":
            admin = AdminPage(self._worker)
            admin.sync_enrolled.connect(lambda _result: self.status.sync_now())
            admin.settings_saved.connect(self._settings_saved)
            return admin
        if key == "queue":
            return QueuePage(self._worker, self._info)
        if key == "intake":
            intake = IntakePage(self._worker, self._info)
            intake.open_dossier.connect(self.open_dossier)
            return intake
        if key == "dossiers":
            return DossiersPage(self._worker, self._info, self.officer)
        if key == "citizen_forms":
            can_intake = "intake" in visible_sections(self.officer)
            forms = CitizenFormsPage(self._worker, self._info, can_intake)
            forms.open_intake.connect(self.intake_form_set)
            return forms
        if key == "reports":
            return ReportsPage(self._worker)
        if key == "audit":
            return AuditPage(self._worker, self._info, self.officer)
        return PlaceholderPage(section_title(key))

    def _queue_keys(self) -> dict[str, QAction]:
        """F2–F8 from every page (roles without a queue section get none)."""
        page = self.pages.get("queue")
        if page is None:
            return {}
        page.note.connect(self._queue_note)
        return install_queue_keys(self, page)

    def _queue_note(self, text: str, _is_error: bool) -> None:
        """A queue key pressed on another page: say what it did where the officer is."""
        if self.stack.currentWidget() is not self.pages.get("queue"):
            self.statusBar().showMessage(text, 15_000)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Tệp"))
        self.logout_action = QAction(self.tr("Đăng &xuất"), self)
        self.logout_action.setShortcut(QKeySequence("Ctrl+L"))
        self.logout_action.triggered.connect(self.logout)
        self.quit_action = QAction(self.tr("&Thoát"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.password_action = QAction(self.tr("Đổi &mật khẩu…"), self)
        self.password_action.triggered.connect(self.change_password)
        file_menu.addAction(self.password_action)
        file_menu.addAction(self.logout_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(self.tr("Trợ &giúp"))
        self.about_action = QAction(self.tr("&Giới thiệu"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self._worker, self.officer, self)
        dialog.done.connect(lambda _r: self.statusBar().showMessage(
            self.tr("Đã đổi mật khẩu."), 10_000))
        return open_kept(self, "password_dialog", dialog)

    def _settings_saved(self, keys: list[str]) -> None:
        """Scanner, code template or ticket printer changed: the scanners start again
        with the new settings (the printer is read at each ticket)."""
        if any(k.split(".")[0] == "scanner" or k in ("codes.template", "printer.ticket_url")
               for k in keys):
            self._worker.run_op(read_scanner_settings, self._use_serial_scanner,
                                lambda _exc: None, owner=self)

    def section_keys(self) -> list[str]:
        return list(self.pages)

    def open_section(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.section_keys().index(key))
        return self.pages[key]

    # --- scanners: keys typed by a wedge scanner count on every page of this window (a
    # receipt scanned anywhere opens its dossier), never in a dialog or another window;
    # scans go to the page shown, else a card to intake, a dossier code to Tra cứu.

    def _start_scanners(self, settings: ScannerSettings) -> None:
        if self._closing:
            return
        self.scanners = ScannerHub(settings, self.accepts_scan_keys, self)
        self.scanners.scanned.connect(self.route_scan)
        self.scanners.status.connect(lambda text, _ok: self.statusBar().showMessage(text, 15_000))
        self.scanners.start()
        if settings.mode != "serial" and self.scanner_offer is None:
            self.scanner_offer = ScannerOffer(settings, self._worker, self)
            self.scanner_offer.chosen.connect(self._use_serial_scanner)
            self.statusBar().insertWidget(0, self.scanner_offer, 1)
            self.scanner_offer.start()

    def _use_serial_scanner(self, settings: ScannerSettings) -> None:
        """The officer took the serial scanner offered: restart the scanners with it."""
        if self.scanners is not None:
            self.scanners.stop()
            self.scanners.deleteLater()
        self._start_scanners(settings)

    def accepts_scan_keys(self, widget: QWidget) -> bool:
        return widget.window() is self

    def route_scan(self, scan: Scan) -> None:
        page = self.stack.currentWidget()
        if hasattr(page, "handle_scan") and page.handle_scan(scan) is not False:
            return  # the page took it (False: "not for me", e.g. a card on Tra cứu)
        if scan.kind == "dossier_code" and self.open_dossier(scan.text):
            return
        if scan.kind == "cccd" and "intake" in self.pages:
            self.open_section("intake").handle_scan(scan)
            return
        self.statusBar().showMessage(scan.message or self.tr(
            "Đã quét: {text}. Mục đang mở không dùng mã này.").format(text=scan.text[:40]),
            15_000)

    def intake_form_set(self, set_id: str) -> None:
        """Take a completed "Công dân không viết" set into the intake page."""
        if "intake" in self.pages:
            self.open_section("intake").use_form_set(set_id)

    def open_dossier(self, code: str) -> bool:
        """Show dossier ``code`` in Tra cứu hồ sơ, if that page can open one."""
        page = self.pages.get("dossiers")
        if page is None or not hasattr(page, "open_code"):
            return False
        self.open_section("dossiers")
        page.open_code(code)
        return True

    def show_remembered(self) -> None:
        """Show where it was last closed on this PC; maximised the first time."""
        show_remembered(self, SETTINGS_KEY)

    def show_about(self) -> AboutDialog:
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(self._info, self)
        self.about_dialog.show()
        self.about_dialog.raise_()
        return self.about_dialog

    def logout(self) -> None:
        self._logging_out = True
        self.close()

    # --- typed work: pages with a form in progress say so (``has_unsaved_work``) and keep it
    # as a device-local draft (``save_draft_now``); closing or logging out asks first.

    def unsaved_pages(self) -> list[QWidget]:
        return [p for p in self.pages.values()
                if hasattr(p, "has_unsaved_work") and p.has_unsaved_work()]

    def save_drafts_now(self) -> None:
        for page in self.pages.values():
            if hasattr(page, "save_draft_now"):
                page.save_draft_now()

    def _ask_before_closing(self) -> None:
        if self.close_question is not None:
            return
        text = self.tr("Hồ sơ đang nhập dở chưa được tiếp nhận. Đóng cửa sổ?\n\nBản nháp vẫn "
                       "được giữ lại trên máy này và hiện lại khi mở lại.")
        if self._logging_out:
            text = self.tr("Hồ sơ đang nhập dở chưa được tiếp nhận. Đăng xuất?\n\nBản nháp vẫn "
                           "được giữ lại trên máy này và hiện lại khi đăng nhập lại.")
        self.close_question = ask(self, text, self._close_confirmed, self.tr("Đóng cửa sổ"),
                                  self.tr("Đăng xuất") if self._logging_out else self.tr("Đóng"),
                                  self.tr("Ở lại làm tiếp"))
        self.close_question.finished.connect(self._close_question_done)

    def _close_question_done(self, *_args) -> None:
        self.close_question = None
        if not self._close_allowed:
            self._logging_out = False         # "Ở lại": not logged out either

    def _close_confirmed(self) -> None:
        self._close_allowed = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.ask_before_close and not self._close_allowed and self.unsaved_pages():
            self.save_drafts_now()
            event.ignore()
            self._ask_before_closing()
            return
        self.save_drafts_now()
        remember(self, SETTINGS_KEY)
        self.status.stop()
        self._closing = True
        if self.scanners is not None:
            self.scanners.stop()
        if self.scanner_offer is not None:
            self.scanner_offer.stop()
        super().closeEvent(event)
        if self._logging_out:
            self.logout_requested.emit()
        else:
            self.closed.emit()
