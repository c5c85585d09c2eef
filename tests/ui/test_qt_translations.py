"""Qt's own dialogs speak Vietnamese: standard buttons, the file chooser, the context menu
of a text field (our qtbase_vi, since Qt ships none)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui.app import QT_CATALOGUE, TRANSLATIONS_DIR, install_qt_translations
from ui.qt import (QApplication, QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox,
                   QPushButton, QToolButton)


def test_standard_buttons_are_vietnamese(qapp):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                           QDialogButtonBox.StandardButton.Cancel |
                           QDialogButtonBox.StandardButton.Yes |
                           QDialogButtonBox.StandardButton.No |
                           QDialogButtonBox.StandardButton.Close)
    texts = {b: box.button(b).text().replace("&", "") for b in (
        QDialogButtonBox.StandardButton.Cancel, QDialogButtonBox.StandardButton.Yes,
        QDialogButtonBox.StandardButton.No, QDialogButtonBox.StandardButton.Close)}
    assert sorted(texts.values()) == ["Có", "Hủy", "Không", "Đóng"]
    message = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Lưu chứ?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard)
    assert message.button(QMessageBox.StandardButton.Save).text().replace("&", "") == "Lưu"
    message.deleteLater()


def test_the_file_chooser_is_vietnamese(qtbot):
    dialog = QFileDialog(None, "Chọn tệp quét")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
    assert labels >= {"Tìm trong:", "Tên tệp:", "Loại tệp:"}
    buttons = {b.text().replace("&", "") for b in dialog.findChildren(QPushButton)}
    assert buttons >= {"Mở", "Hủy"}
    tips = {b.toolTip() for b in dialog.findChildren(QToolButton)}
    assert tips >= {"Quay lại", "Tiến tới", "Thư mục cha", "Tạo thư mục mới"}


def test_a_text_fields_context_menu_is_vietnamese(qtbot):
    edit = QLineEdit("Nguyễn Văn An")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()]
    assert {"Hoàn tác", "Cắt", "Sao chép", "Dán", "Xóa", "Chọn tất cả"} <= set(texts)
    menu.deleteLater()


def test_installed_once(qapp):
    first = install_qt_translations(QApplication.instance())
    assert first and install_qt_translations(QApplication.instance()) == first


@pytest.mark.skipif(shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
                    is None, reason="pyside6-lrelease is not installed")
def test_the_shipped_qm_is_built_from_the_ts(tmp_path):
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    built = tmp_path / "built.qm"
    subprocess.run([lrelease, str(TRANSLATIONS_DIR / f"{QT_CATALOGUE}.ts"), "-qm", str(built)],
                   check=True, capture_output=True)
    assert built.read_bytes() == (TRANSLATIONS_DIR / f"{QT_CATALOGUE}.qm").read_bytes()
