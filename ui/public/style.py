"""Looks of the kiosk and the display board: high contrast, sizes that follow the screen.

Both windows are read from a distance (the board across a hall, the kiosk by
people who may not see well), so every size is in pixels scaled by the
window's shorter side: ``unit = shorter side / 1080``. The same rules then fit
a 1920×1080 TV, a 1080×1920 portrait kiosk and a 1024×768 touch screen. Labels
keep the application's top padding (ui/style.py) so the stacked marks on
capitals (Ố, Ự, Ầ) are never clipped.
"""

from __future__ import annotations

from ui.style import ERROR, PRIMARY, PRIMARY_DARK

AMBER = "#f2b705"
GOLD = "#ffd54f"
BOARD_BACKGROUND = "#0b1f3a"
BOARD_PANEL = "#14345e"
REFERENCE_SIDE = 1080


def unit_for(width: int, height: int) -> float:
    return max(0.45, min(width, height) / REFERENCE_SIDE)


def _px(unit: float, size: float) -> str:
    return f"{max(1, round(size * unit))}px"


def header_rules(unit: float) -> str:
    u = lambda size: _px(unit, size)  # noqa: E731
    return f"""
QFrame#screenHeader {{ background: {PRIMARY_DARK}; }}
QLabel#screenOffice {{ color: white; font-size: {u(34)}; font-weight: 700; }}
QLabel#screenParent {{ color: #c9d8ea; font-size: {u(22)}; }}
QLabel#screenClock {{ color: white; font-size: {u(40)}; font-weight: 700; }}
QLabel#screenDate {{ color: #c9d8ea; font-size: {u(22)}; }}
"""


def kiosk_stylesheet(unit: float) -> str:
    u = lambda size: _px(unit, size)  # noqa: E731
    return header_rules(unit) + f"""
QWidget#kiosk {{ background: #eef2f7; }}
QLabel#kioskTitle {{ color: {PRIMARY_DARK}; font-size: {u(50)}; font-weight: 800; }}
QLabel#kioskHint {{ color: #243b53; font-size: {u(30)}; }}
QLabel#kioskBusy {{ color: {PRIMARY}; font-size: {u(30)}; font-weight: 600; }}
QPushButton#serviceButton {{ background: {PRIMARY}; border: none; border-radius: {u(18)};
    border-bottom-left-radius: 0; border-bottom-right-radius: 0; }}
QPushButton#serviceButton:pressed {{ background: {PRIMARY_DARK}; }}
QPushButton#serviceButton:disabled {{ background: #6d8fb8; }}
QLabel#servicePrefix {{ color: {GOLD}; font-size: {u(60)}; font-weight: 800; }}
QLabel#serviceName {{ color: white; font-size: {u(42)}; font-weight: 700; }}
QLabel#serviceWaiting {{ color: #dbe7f5; font-size: {u(26)}; }}
QPushButton#priorityButton {{ background: {AMBER}; color: #1f2933; border: none;
    font-size: {u(30)}; font-weight: 700; min-height: {u(84)}; border-radius: {u(18)};
    border-top-left-radius: 0; border-top-right-radius: 0; }}
QPushButton#priorityButton:pressed {{ background: #c99700; }}
QPushButton#priorityButton:disabled {{ background: #e8d9a0; color: #6b6b6b; }}
QPushButton#categoryButton {{ background: white; color: {PRIMARY_DARK};
    border: {u(4)} solid {PRIMARY}; border-radius: {u(18)}; font-size: {u(40)};
    font-weight: 700; min-height: {u(130)}; padding: 0 {u(40)}; text-align: left; }}
QPushButton#categoryButton:pressed {{ background: #dbe7f5; }}
QPushButton#bigAction {{ background: {PRIMARY_DARK}; color: white; border: none;
    border-radius: {u(18)}; font-size: {u(40)}; font-weight: 700; min-height: {u(110)};
    min-width: {u(360)}; padding: 0 {u(40)}; }}
QPushButton#bigAction:disabled {{ background: #8aa2bf; }}
""" + _result_rules(unit)


def _result_rules(unit: float) -> str:
    u = lambda size: _px(unit, size)  # noqa: E731
    return f"""
QFrame#resultCard {{ background: white; border: {u(4)} solid {PRIMARY}; border-radius: {u(28)}; }}
QLabel#resultCaption {{ color: {PRIMARY_DARK}; font-size: {u(48)}; font-weight: 800; }}
QLabel#resultNumber {{ color: {PRIMARY}; font-size: {u(230)}; font-weight: 800;
    padding-top: 0; }}
QLabel#resultService {{ color: #1f2933; font-size: {u(50)}; font-weight: 700; }}
QLabel#resultPriority {{ color: #8a5a00; font-size: {u(34)}; font-weight: 700; }}
QLabel#resultAhead {{ color: #1f2933; font-size: {u(42)}; }}
QLabel#printStatus {{ color: #1b5e20; font-size: {u(34)}; font-weight: 600; }}
QFrame#printFailedBox {{ background: #fdecea; border: {u(4)} solid {ERROR};
    border-radius: {u(16)}; }}
QLabel#printFailed {{ color: #5f1410; font-size: {u(32)}; font-weight: 600; }}
QFrame#notice {{ background: #fdecea; border: {u(4)} solid {ERROR}; border-radius: {u(18)}; }}
QLabel#noticeText {{ color: #5f1410; font-size: {u(36)}; font-weight: 600; }}
QPushButton#noticeClose {{ background: {PRIMARY_DARK}; color: white; border: none;
    border-radius: {u(18)}; font-size: {u(36)}; font-weight: 700; min-height: {u(100)};
    min-width: {u(200)}; padding: 0 {u(32)}; }}
"""


def board_stylesheet(unit: float) -> str:
    u = lambda size: _px(unit, size)  # noqa: E731
    return header_rules(unit) + f"""
QWidget#board {{ background: {BOARD_BACKGROUND}; }}
QLabel#offline {{ color: #ffb4a9; font-size: {u(22)}; }}
QFrame#callPanel {{ background: {BOARD_PANEL}; border: {u(6)} solid {BOARD_PANEL};
    border-radius: {u(28)}; }}
QFrame#callPanel[flash="true"] {{ background: {GOLD}; border-color: white; }}
QLabel#callCaption {{ color: #c9d8ea; font-size: {u(44)}; font-weight: 700; }}
QLabel#callNumber {{ color: {GOLD}; font-size: {u(230)}; font-weight: 800; padding-top: 0; }}
QLabel#callCounter {{ color: white; font-size: {u(110)}; font-weight: 800; }}
QLabel#callService {{ color: #c9d8ea; font-size: {u(38)}; }}
QFrame#callPanel[flash="true"] QLabel {{ color: {BOARD_BACKGROUND}; }}
QLabel#sectionTitle {{ color: #c9d8ea; font-size: {u(34)}; font-weight: 700; }}
QFrame#counterCard {{ background: {BOARD_PANEL}; border-radius: {u(20)}; }}
QFrame#counterCard[fresh="true"] {{ background: #2a5a8c; border: {u(4)} solid {GOLD}; }}
QLabel#counterName {{ color: #c9d8ea; font-size: {u(38)}; font-weight: 700; }}
QLabel#counterNumber {{ color: white; font-size: {u(96)}; font-weight: 800; }}
QLabel#counterIdle {{ color: #6f8db3; font-size: {u(96)}; font-weight: 800; }}
QFrame#recentRow {{ border-bottom: 1px solid #24487a; }}
QLabel#recentNumber {{ color: {GOLD}; font-size: {u(54)}; font-weight: 800; }}
QLabel#recentCounter {{ color: white; font-size: {u(44)}; font-weight: 600; }}
QLabel#recentTime {{ color: #8fa9c9; font-size: {u(30)}; }}
QLabel#emptyNote {{ color: #8fa9c9; font-size: {u(36)}; }}
"""


def rating_stylesheet(unit: float) -> str:
    u = lambda size: _px(unit, size)  # noqa: E731
    return header_rules(unit) + f"""
QWidget#rating {{ background: #eef2f7; }}
QLabel#ratingTitle {{ color: {PRIMARY_DARK}; font-size: {u(52)}; font-weight: 800; }}
QLabel#ratingHint {{ color: #243b53; font-size: {u(34)}; }}
QFrame#officerCard {{ background: white; border: {u(4)} solid {PRIMARY}; border-radius: {u(24)}; }}
QLabel#officerCaption {{ color: #486581; font-size: {u(28)}; }}
QLabel#officerName {{ color: {PRIMARY_DARK}; font-size: {u(48)}; font-weight: 800; }}
QLabel#officerService {{ color: #243b53; font-size: {u(30)}; }}
QPushButton#levelButton {{ color: white; border: none; border-radius: {u(22)};
    font-size: {u(38)}; font-weight: 800; min-height: {u(150)}; padding: 0 {u(16)}; }}
QPushButton#levelButton[tone="0"] {{ background: #1b7f3b; }}
QPushButton#levelButton[tone="1"] {{ background: #4c9a2a; }}
QPushButton#levelButton[tone="2"] {{ background: #b7791f; }}
QPushButton#levelButton[tone="3"] {{ background: #c0392b; }}
QPushButton#levelButton:disabled {{ background: #9aa5b1; }}
QCheckBox#reason {{ color: #1f2933; font-size: {u(30)}; spacing: {u(14)}; }}
QCheckBox#reason::indicator {{ width: {u(40)}; height: {u(40)}; }}
QLabel#reasonsCaption {{ color: #486581; font-size: {u(28)}; }}
QLabel#ratingThanks {{ color: #1b5e20; font-size: {u(60)}; font-weight: 800; }}
QLabel#ratingNote {{ color: #5f1410; font-size: {u(32)}; }}
"""
