"""``file:PATH``: bytes appended to a file, or a new file per job when PATH is a folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from printing.errors import PrinterUnreachable
from printing.transports.base import Transport


class FileTransport(Transport):
    """Bytes to a file: appended to PATH, or a new file per job when PATH is a folder."""

    def __init__(self, target: str, label: str, timeout: float) -> None:
        super().__init__(label, timeout)
        path = Path(target)
        try:
            if target.endswith(("/", "\\")) or path.is_dir():
                path.mkdir(parents=True, exist_ok=True)
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
                path, mode = path / f"ticket-{stamp}.escpos", "xb"
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                mode = "ab"
            self.path = path
            self._file = open(path, mode)
        except OSError as exc:
            raise PrinterUnreachable(
                f"Không ghi được vào tệp {path} ({exc.strerror or exc}). Hãy kiểm tra thư mục "
                "và quyền ghi.") from exc

    def write(self, data: bytes) -> None:
        try:
            self._file.write(data)
            self._file.flush()
        except OSError as exc:
            raise PrinterUnreachable(f"Không ghi được vào tệp {self.path} "
                                     f"({exc.strerror or exc}).") from exc

    def close(self) -> None:
        self._file.close()
