"""The one module that imports PySide6 (and shiboken6).

Everything else in ``ui/`` does ``from ui.qt import ...``, so the Qt binding
is named in one place and a test can check that nothing else imports it.
"""

from __future__ import annotations

import shiboken6
from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, QMessageLogContext, QObject,
                            QSize, Qt, QThread, QTimer, QtMsgType, Signal,
                            qInstallMessageHandler, qVersion, qWarning)
from PySide6.QtGui import (QAction, QCloseEvent, QFont, QFontDatabase, QGuiApplication,
                           QKeySequence, QPixmap)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QDialogButtonBox,
                               QFormLayout, QFrame, QGridLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow,
                               QMessageBox, QPushButton, QSizePolicy, QStackedWidget,
                               QStatusBar, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)


def is_valid(obj: object) -> bool:
    """False once the C++ side of a Qt object has been deleted."""
    return shiboken6.isValid(obj)


__all__ = [
    "PYSIDE_VERSION", "QT_TRANSLATE_NOOP", "QAbstractItemView", "QAction", "QApplication",
    "QCloseEvent", "QCoreApplication", "QDialog", "QDialogButtonBox", "QFont", "QFontDatabase",
    "QFormLayout", "QFrame", "QGridLayout", "QGuiApplication", "QHBoxLayout", "QHeaderView",
    "QKeySequence", "QLabel", "QLineEdit", "QListWidget", "QListWidgetItem", "QMainWindow",
    "QMessageBox", "QMessageLogContext", "QObject", "QPixmap", "QPushButton", "QSize",
    "QSizePolicy", "QStackedWidget", "QStatusBar", "QTableWidget", "QTableWidgetItem",
    "QThread", "QTimer", "QVBoxLayout", "QWidget", "Qt", "QtMsgType", "Signal", "is_valid",
    "qInstallMessageHandler", "qVersion", "qWarning",
]
