"""Digitisation on the dossier page: drop scans on a document, sweep a scan-to-folder."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.clock import LOCAL_TZ
from counter_app.services import dossiers
from tests.ui.test_dossiers_page import (open_page, private_settings,  # noqa: F401
                                         receive, select)
from ui.pages.dossiers.detail import TAB_DOCUMENTS
from ui.pages.dossiers.scan_folder import SCAN_FOLDER_KEY, FolderState, SweepPlanner
from ui.qt import (QApplication, QDragEnterEvent, QDropEvent, QMimeData, QPointF, QSettings, Qt,
                   QUrl)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def drop(widget, paths, position) -> bool:
    """Drag local files onto ``widget`` and drop them at ``position``, as Qt delivers it
    (a drop reaches only the widget that accepted the drag); True if accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(position, *args)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(QPointF(position), *args)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def show_documents(page) -> None:
    """Switch to the documents tab and let its layout settle (clicks land by position)."""
    page.detail.tabs.setCurrentIndex(TAB_DOCUMENTS)
    QApplication.processEvents()


def test_drop_a_scan_on_a_document(qtbot, desk, receive, open_page, tmp_path):  # noqa: F811
    code = receive("Nguyễn Văn An", datetime(2026, 11, 17, 9, 0, tzinfo=LOCAL_TZ))
    page = open_page()
    select(qtbot, page, code)
    show_documents(page)
    documents = page.detail.documents_list
    assert page.detail.digitised_label.text() == "Chưa số hóa: chưa có tệp quét nào."
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(PDF)
    assert drop(documents.viewport(), [scan], documents.row_position(1))
    qtbot.waitUntil(lambda: not page.busy and bool(page.view.dossier["files"]))
    d = dossiers.detail(desk, code)
    assert d["digitised"] == 1 and d["files"][0]["document_index"] == 1
    assert page.message_bar.text() == f"Đã đính kèm 1 tệp vào hồ sơ {code}."
    assert page.detail.digitised_label.text() == "Đã số hóa: 1 tệp"
    assert documents.item(1).text().endswith("· đã quét 1 tệp")
    assert page.detail.files_list.item(0).text().startswith(
        f"PDF · {d['documents'][1]['name']} · 1 KB")
    assert page.detail.history_table.item(1, 1).text() == "Đính kèm tệp PDF (số hóa)"
    opened = []
    page.open_file = opened.append
    page.detail.files_list.setCurrentRow(0)
    qtbot.mouseClick(page.detail.open_file_button, Qt.MouseButton.LeftButton)
    assert opened and opened[0].endswith(".pdf") and open(opened[0], "rb").read() == PDF


def test_a_file_that_is_not_a_scan_is_refused(qtbot, desk, receive, open_page,  # noqa: F811
                                              tmp_path):
    code = receive("Nguyễn Văn An", datetime(2026, 11, 17, 9, 0, tzinfo=LOCAL_TZ))
    page = open_page()
    select(qtbot, page, code)
    note = tmp_path / "ghi-chu.txt"
    note.write_text("không phải ảnh quét", encoding="utf-8")
    # On the panel, not on a document: attached to the dossier as a whole (here refused).
    assert drop(page.detail, [note], page.detail.rect().center())
    qtbot.waitUntil(lambda: page.message_bar.kind == "error")
    assert page.message_bar.text() == ("Không đính kèm được:\n• ghi-chu.txt: Tệp ghi-chu.txt "
                                       "không phải PDF, JPG hay PNG: không đính kèm được.")
    assert dossiers.by_code(desk, code)["digitised"] == 0


def test_attach_from_the_file_dialog(qtbot, desk, receive, open_page, tmp_path):  # noqa: F811
    code = receive("Nguyễn Văn An", datetime(2026, 11, 17, 9, 0, tzinfo=LOCAL_TZ))
    page = open_page()
    select(qtbot, page, code)
    (tmp_path / "a.png").write_bytes(PNG)
    page.pick_files = lambda: [str(tmp_path / "a.png")]
    show_documents(page)
    page.detail.documents_list.setCurrentRow(0)
    qtbot.mouseClick(page.detail.attach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy and bool(page.view.dossier["files"]))
    assert dossiers.detail(desk, code)["files"][0]["document_index"] == 0


def test_the_scan_folder_is_swept_once_files_settle(qtbot, desk, receive, open_page,  # noqa: F811
                                                    tmp_path, private_settings):  # noqa: F811
    code = receive("Nguyễn Văn An", datetime(2026, 11, 17, 9, 0, tzinfo=LOCAL_TZ))
    inbox = tmp_path / "may-quet"
    inbox.mkdir()
    page = open_page()
    page.scan_watch.planner.settle_seconds = 0.3
    page.scan_watch.settle_timer.setInterval(100)
    page.scan_bar.set_folder(inbox)
    assert QSettings(str(private_settings), QSettings.Format.IniFormat).value(
        SCAN_FOLDER_KEY) == str(inbox)
    assert page.scan_bar.label.text().startswith(f"Thư mục máy quét: {inbox}")
    (inbox / f"{code}_to-khai.pdf").write_bytes(PDF)
    (inbox / "anh-chup.png").write_bytes(PNG)
    qtbot.waitUntil(lambda: "đã đính kèm" in page.message_bar.text(), timeout=10_000)
    assert page.message_bar.kind == "error"          # one file was skipped: it stays shown
    assert page.message_bar.text() == (
        f"Thư mục máy quét: đã đính kèm 1 tệp ({code}).\nKhông đính kèm được:\n"
        "• anh-chup.png: Tên tệp không bắt đầu bằng mã hồ sơ.")
    assert dossiers.by_code(desk, code)["digitised"] == 1
    assert (inbox / "đã nhận" / f"{code}_to-khai.pdf").exists()
    assert (inbox / "anh-chup.png").exists()
    page.message_bar.clear()
    page.scan_watch.look()                # the skipped file is not reported again
    qtbot.wait(600)
    assert page.message_bar.text() == ""
    page.scan_bar.set_folder(None)
    assert page.scan_watch.folder is None and not page.scan_watch.periodic_timer.isActive()


def test_a_missing_scan_folder_is_said_once(qtbot, open_page, tmp_path):  # noqa: F811
    page = open_page()
    page.scan_bar.set_folder(tmp_path / "khong-co")
    qtbot.waitUntil(lambda: page.message_bar.kind == "error")
    assert page.message_bar.text() == f"Không tìm thấy thư mục máy quét {tmp_path / 'khong-co'}."


def test_sweep_planner_waits_for_a_quiet_folder():
    planner = SweepPlanner(settle_seconds=2)
    growing = [FolderState((("a.pdf", size, 1),), at) for size, at in
               ((10, 0.0), (20, 1.0), (30, 2.0), (30, 3.0), (30, 4.1))]
    assert [planner.observe(s) for s in growing] == [False, False, False, False, True]
    planner.done(growing[-1])
    assert planner.observe(FolderState(growing[-1].files, 9.0)) is False   # nothing new
    assert planner.observe(FolderState((), 10.0)) is False


def test_a_change_noticed_while_a_look_is_under_way_is_not_missed(qtbot, desk, receive,  # noqa: F811
                                                                   open_page, tmp_path):
    """The watcher fires while the listing of the still-empty folder is on its way back:
    the folder is looked at again at once, not only at the next periodic look (15 s)."""
    code = receive("Nguyễn Văn An", datetime(2026, 11, 17, 9, 0, tzinfo=LOCAL_TZ))
    inbox = tmp_path / "may-quet"
    inbox.mkdir()
    page = open_page()
    watch = page.scan_watch
    watch.planner.settle_seconds = 0.3
    watch.settle_timer.setInterval(100)
    watch.set_folder(inbox)                 # a look of the empty folder is under way
    watch.periodic_timer.stop()
    watch.watcher.removePaths(watch.watcher.directories())   # this test plays the watcher
    page._worker.call(lambda _core: None)   # its listing is taken; the answer not yet delivered
    (inbox / f"{code}_to-khai.pdf").write_bytes(PDF)
    watch.look()                            # what the watcher does on the change
    qtbot.waitUntil(lambda: "đã đính kèm" in page.message_bar.text(), timeout=5_000)
    assert dossiers.by_code(desk, code)["digitised"] == 1
