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
