"""The Qt part of ``counter-app self-test``: plugins, our translation, the UI font.

In a PyInstaller bundle the PySide6 hooks decide which Qt plugins and
translations are copied; a missing platform plugin makes Qt abort at start with
no window to explain it, so the self-test names what it finds. With a screen (or
QT_QPA_PLATFORM) the application object is really created, with its translators
and its style; without one only the files are checked, since Qt would abort.
"""

from __future__ import annotations

from pathlib import Path

from ui.qt import PYSIDE_VERSION, QLibraryInfo, QTranslator, qt_multimedia

PLATFORM_PLUGINS = {"linux": "xcb", "win32": "windows", "darwin": "cocoa"}


def _plugin_names(folder: Path) -> list[str]:
    names = []
    for path in sorted(folder.glob("*")):
        stem = path.name.split(".")[0]
        names.append(stem[4:] if stem.startswith("libq") else stem.lstrip("q"))
    return names


def probe(has_display: bool, platform: str) -> str:
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    platforms = _plugin_names(plugins / "platforms")
    wanted = next((v for k, v in PLATFORM_PLUGINS.items() if platform.startswith(k)), None)
    if wanted is not None and wanted not in platforms:
        raise FileNotFoundError(f"thiếu plugin nền tảng Qt {wanted!r} trong {plugins / 'platforms'}"
                                f" (có: {', '.join(platforms) or 'không có'})")
    from ui.app import QT_CATALOGUE, TRANSLATIONS_DIR
    if not QTranslator().load(QT_CATALOGUE, str(TRANSLATIONS_DIR)):
        raise FileNotFoundError(f"không nạp được bản dịch {QT_CATALOGUE}.qm trong "
                                f"{TRANSLATIONS_DIR}")
    from ui.public.voice_text import CLIPS_DIR
    clips = len(list(CLIPS_DIR.glob("*.wav")))
    if not clips:
        raise FileNotFoundError(f"thiếu các tệp giọng đọc của bảng gọi số trong {CLIPS_DIR}")
    sound = "có" if qt_multimedia() is not None else "không (bảng gọi số chỉ hiện chữ)"
    detail = (f"PySide6 {PYSIDE_VERSION}; plugin nền tảng: {', '.join(platforms)}; "
              f"bản dịch tiếng Việt: có; giọng đọc: {clips} tệp; âm thanh: {sound}")
    if not has_display:
        return detail + "; không có màn hình: chưa thử mở ứng dụng"
    from ui.app import create_application
    app = create_application()
    return detail + f"; mở được ứng dụng ({app.platformName()}, phông {app.font().family()})"

