"""Đăng ký lại máy (mã thiết bị mới): for a PC restored from a backup that recorded new
work before it synced, when the sync stops with "… đăng ký lại máy" (docs/SYNC.md,
"Re-enrolling a restored PC"). The exchange and the re-issue of this PC's un-synced
events run on the database worker, never the GUI thread; the outcome (or the refusal)
is shown in the dialog, which stays open so the administrator can read it."""

from __future__ import annotations

from counter_app.errors import CounterError
from counter_app.services.core import Core
from counter_app.sync import reenroll
from ui import errors
from ui.qt import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget, Signal
from ui.worker import DbWorker


class SyncReenrollDialog(QDialog):
    """Emits ``reenrolled(result)`` (``reenroll.reenroll``'s answer) once done."""

    reenrolled = Signal(object)

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.setWindowTitle(self.tr("Đăng ký lại máy với máy chủ đồng bộ"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        text = QLabel(self.tr(
            "Dùng khi đồng bộ báo “Hãy báo quản trị viên đăng ký lại máy”: máy đã được khôi "
            "phục từ bản sao lưu cũ rồi ghi thêm hồ sơ trước khi đồng bộ.\n\n"
            "Máy chủ cấp cho máy này một mã thiết bị mới. Các sự kiện máy chủ đã có giữ "
            "nguyên; các sự kiện chưa đồng bộ của máy này được ghi lại dưới mã mới, giữ "
            "nguyên mã hồ sơ và số thứ tự đã in. Không cần mã đăng ký mới."))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.reenroll_button = self.buttons.addButton(
            self.tr("Đăng ký lại"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(
            self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.reenroll_button.setEnabled(False)
        self.message.setObjectName("")
        self.message.setText(self.tr("Đang đăng ký lại và đồng bộ…"))

        def run(core: Core) -> dict:
            return reenroll.reenroll(core)
        self._worker.run_op(run, self._done, self._failed, owner=self)

    def _done(self, result: dict) -> None:
        lines = [self.tr("Đã đăng ký lại: mã thiết bị mới {new} (mã cũ {old}). {kept} sự kiện "
                         "cũ giữ nguyên trên máy chủ; {moved} sự kiện chưa đồng bộ đã ghi lại "
                         "dưới mã mới.").format(new=result["device"], old=result["old_device"],
                                                kept=result["kept_on_server"],
                                                moved=result["reissued"])]
        if result["code_clashes"]:
            lines.append(self.tr("Cảnh báo: các mã hồ sơ sau đã được cấp hai lần, cần xử lý "
                                 "trên giấy tờ: {codes}").format(
                                     codes=", ".join(result["code_clashes"])))
        errors_ = result["sync"]["errors"]
        if errors_:
            lines.append(self.tr("Đồng bộ chưa xong: {why}").format(why=errors_[0]["message"]))
        self.message.setText("\n".join(lines))
        self.close_button.setFocus()
        self.reenrolled.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.reenroll_button.setEnabled(True)
        self.message.setObjectName("error")
        self.message.setText(str(exc) if isinstance(exc, CounterError)
                             else errors.unexpected_error_text())
