"""Where a window was on this PC: kept per user in QSettings (like the scan folder), not
in the office's configuration, since each PC has its own screen.

A window with nothing saved opens maximised: ward PCs are 1366×768, where every pixel of
height counts. A saved geometry is restored with its state (maximised or not, the screen
it was on); Qt moves it back onto a screen if that screen is gone.
"""

from __future__ import annotations

from ui.qt import QByteArray, QMainWindow, QSettings


def _settings() -> QSettings:
    return QSettings()


def show_remembered(window: QMainWindow, key: str) -> bool:
    """Show ``window`` where it was last closed; maximised on first start. True if a saved
    geometry was used."""
    settings = _settings()
    geometry = settings.value(f"{key}/geometry")
    restored = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
    state = settings.value(f"{key}/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    if restored:
        window.show()
    else:
        window.showMaximized()
    return restored


def remember(window: QMainWindow, key: str) -> None:
    """Save the window's geometry and the state of its bars and docks (on close)."""
    settings = _settings()
    settings.setValue(f"{key}/geometry", window.saveGeometry())
    settings.setValue(f"{key}/state", window.saveState())
    settings.sync()


def forget(key: str) -> None:
    """Drop what was saved for ``key`` (the next start is a first start)."""
    settings = _settings()
    settings.remove(key)
    settings.sync()
