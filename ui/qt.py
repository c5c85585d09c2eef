"""The one module that imports PySide6 (and shiboken6).

Everything else in ``ui/`` does ``from ui.qt import ...``, so the Qt binding
is named in one place and a test can check that nothing else imports it.
"""

from __future__ import annotations

import shiboken6
from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import (QT_TRANSLATE_NOOP, QBuffer, QByteArray, QCoreApplication, QIODevice,
                            QLocale, QMessageLogContext, QObject, QSize, Qt, QThread, QTimer,
                            QtMsgType, Signal, qInstallMessageHandler, qVersion, qWarning)
from PySide6.QtGui import (QAction, QCloseEvent, QColor, QFont, QFontDatabase, QGuiApplication,
                           QKeyEvent, QKeySequence, QPixmap, QResizeEvent, QShortcut)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QDialogButtonBox,
                               QFormLayout, QFrame, QGridLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow,
                               QMessageBox, QPushButton, QSizePolicy, QStackedWidget,
                               QStatusBar, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)
# The dossier page (Tra cứu hồ sơ): filters, detail tabs, drops, dialogs, scan folder.
from PySide6.QtCore import (QDateTime, QFileSystemWatcher, QMimeData, QPointF, QSettings,
                            QUrl)
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QFileDialog,
                               QPlainTextEdit, QProgressBar, QScrollArea, QSpinBox, QSplitter,
                               QTabWidget)

# Intake (Tiếp nhận hồ sơ): scanner key filter, forms, printing PDFs to the office printer.
from PySide6.QtCore import (QDate, QEvent, QMarginsF, QRect, QRectF,
                            QRegularExpression, QSizeF, QTime)
from PySide6.QtGui import (QImage, QInputMethodEvent, QPageLayout, QPageSize,
                           QPainter, QRegularExpressionValidator)
from PySide6.QtPrintSupport import (QPrintDialog, QPrinter, QPrinterInfo,
                                    QPrintPreviewDialog)
from PySide6.QtWidgets import QGroupBox

# Công dân không viết: the form editor's choice rows.
from PySide6.QtWidgets import QButtonGroup, QRadioButton
# Công dân không viết: the page's "+ Thêm mẫu" menu.
from PySide6.QtWidgets import QMenu, QToolButton
# The app: Vietnamese for Qt's own dialogs.
from PySide6.QtCore import QLibraryInfo, QTranslator
# Text fitted by its ink (board, kiosk) and windows laid out for the screen they are on.
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton
from PySide6.QtGui import QFontMetricsF, QPainterPath, QPaintEvent
# Báo cáo, Nhật ký hoạt động, Quản trị → Lịch: dates to pick, chart margins.
from PySide6.QtCore import QMargins


def is_valid(obj: object) -> bool:
    """False once the C++ side of a Qt object has been deleted."""
    return shiboken6.isValid(obj)


def qt_multimedia():
    """PySide6.QtMultimedia (package PySide6-Addons), or None where it or the system's
    audio libraries (libpulse) are missing: the board then announces visually only."""
    try:
        from PySide6 import QtMultimedia
    except ImportError:
        return None
    return QtMultimedia


def qt_text_to_speech():
    """PySide6.QtTextToSpeech (package PySide6-Addons), or None where it is missing."""
    try:
        from PySide6 import QtTextToSpeech
    except ImportError:
        return None
    return QtTextToSpeech


def qt_charts():
    """PySide6.QtCharts (package PySide6-Addons), or None where it is missing: the
    leader's screen then shows its figures as text. Imported when the first chart is
    made, not at start-up (the login window's budget)."""
    try:
        from PySide6 import QtCharts
    except ImportError:
        return None
    return QtCharts


def qt_pdf():
    """PySide6.QtPdf (package PySide6-Addons; PySide6-Pdf from 6.12), or None where it is
    missing: ui.print_pdf then renders pages with pypdfium2."""
    try:
        from PySide6 import QtPdf
    except ImportError:
        return None
    return QtPdf


__all__ = [
    "PYSIDE_VERSION", "QT_TRANSLATE_NOOP", "QAbstractItemView", "QAction", "QApplication",
    "QBuffer", "QByteArray", "QColor", "QIODevice", "QKeyEvent", "QLocale", "QResizeEvent", "QShortcut",
    "qt_multimedia", "qt_text_to_speech",
    "QCloseEvent", "QCoreApplication", "QDialog", "QDialogButtonBox", "QFont", "QFontDatabase",
    "QFormLayout", "QFrame", "QGridLayout", "QGuiApplication", "QHBoxLayout", "QHeaderView",
    "QKeySequence", "QLabel", "QLineEdit", "QListWidget", "QListWidgetItem", "QMainWindow",
    "QMessageBox", "QMessageLogContext", "QObject", "QPixmap", "QPushButton", "QSize",
    "QSizePolicy", "QStackedWidget", "QStatusBar", "QTableWidget", "QTableWidgetItem",
    "QThread", "QTimer", "QVBoxLayout", "QWidget", "Qt", "QtMsgType", "Signal", "is_valid",
    "qInstallMessageHandler", "qVersion", "qWarning",
]
__all__ += [
    "QCheckBox", "QComboBox", "QDateTime", "QDateEdit", "QDateTimeEdit", "QDesktopServices",
    "QDragEnterEvent", "QDragMoveEvent", "QDropEvent", "QFileDialog", "QFileSystemWatcher",
    "QMimeData", "QPlainTextEdit", "QPointF", "QProgressBar", "QScrollArea",
    "QSettings", "QSpinBox", "QSplitter", "QTabWidget", "QUrl",
]
__all__ += [
    "QDate", "QEvent", "QGroupBox", "QImage", "QInputMethodEvent", "QMarginsF", "QPageLayout",
    "QPageSize", "QPainter", "QPrintDialog", "QPrintPreviewDialog", "QPrinter", "QPrinterInfo",
    "QRect", "QRectF", "QRegularExpression", "QRegularExpressionValidator", "QSizeF", "QTime",
    "qt_pdf",
]
__all__ += ["QButtonGroup", "QRadioButton"]
__all__ += ["QMenu", "QToolButton"]
__all__ += ["QLibraryInfo", "QTranslator"]
__all__ += ["QAbstractButton", "QFontMetricsF", "QPaintEvent", "QPainterPath", "QPoint"]
__all__ += ["QMargins", "qt_charts"]
