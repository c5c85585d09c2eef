"""Reading and writing the procedure catalogue as CSV, XLSX or JSON.

The layout is documented in docs/catalogue-format.md. Readers return raw
records with their row numbers; the import service validates them all before
anything is written.
"""

from __future__ import annotations

import importlib
import logging
import os
import tempfile
from pathlib import Path

from counter_app.catalogue_io.records import CatalogueFile, RawRecord
from counter_app.domain.catalogue import Field, Procedure, ProcedureGroup
from counter_app.errors import UserInputError

# Modules are imported when used: openpyxl alone costs ~0.2 s at start-up.
FORMATS = {"csv": "csv_format", "xlsx": "xlsx_format", "json": "json_format"}
MAX_BYTES = 20 * 1024 * 1024
FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel .xlsx", "json": "JSON"}
log = logging.getLogger(__name__)

__all__ = ["FORMATS", "CatalogueFile", "RawRecord", "format_of", "read_file", "read_bytes",
           "render", "write_file"]


def format_of(path: Path, given: str | None = None) -> str:
    """The format named by ``given`` or else by the file's extension."""
    fmt = (given or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise UserInputError(
            f"Không rõ định dạng của tệp {path.name}: dùng đuôi .csv, .xlsx hoặc .json"
            + (" (hoặc --format)." if given is None else f", không phải {given!r}."))
    return fmt


def read_file(path: Path) -> CatalogueFile:
    fmt = format_of(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserInputError(f"Tệp {path.name} quá lớn ({size // 1_048_576} MB); "
                                 f"tối đa {MAX_BYTES // 1_048_576} MB.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserInputError(f"Không tìm thấy tệp {path}.") from None
    except IsADirectoryError:
        raise UserInputError(f"{path} là một thư mục, không phải tệp.") from None
    except PermissionError:
        raise UserInputError(f"Không có quyền đọc tệp {path}.") from None
    return read_bytes(data, fmt, path.name)


def _module(fmt: str):
    return importlib.import_module(f"counter_app.catalogue_io.{FORMATS[fmt]}")


def read_bytes(data: bytes, fmt: str, name: str) -> CatalogueFile:
    """The file's records, or a ``UserInputError`` naming the file: a file the parser
    chokes on (broken XML inside a zip, JSON nested past any limit…) is bad input like
    any other, never an unexpected failure; the parser's own words go to the log."""
    try:
        return _module(fmt).read(data, name)
    except UserInputError:
        raise
    except Exception:
        log.warning("catalogue file %s does not parse as %s", name, fmt, exc_info=True)
        raise UserInputError(
            f"Tệp {name} bị hỏng hoặc không đọc được như tệp {FORMAT_NAMES[fmt]}: hãy mở lại "
            "tệp gốc, lưu hoặc xuất lại rồi nhập lại.") from None


def render(fmt: str, fields: list[Field], procedures: list[Procedure],
           groups: list[ProcedureGroup] = ()) -> bytes:
    """The file's bytes: fields, procedures with their versions, groups of linked procedures."""
    return _module(fmt).write(fields, procedures, groups)


def write_file(path: Path, fmt: str, fields: list[Field], procedures: list[Procedure],
               groups: list[ProcedureGroup] = ()) -> None:
    """Write atomically: a reader never sees half a file, a failure leaves the old one."""
    data = render(fmt, fields, procedures, groups)
    folder = path.resolve().parent
    if not folder.is_dir():
        raise UserInputError(f"Không có thư mục {folder} để ghi tệp.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise UserInputError(f"Không ghi được vào thư mục {folder}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; an export is meant to be shared
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserInputError(f"Không ghi được tệp {path}: {exc.strerror}.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
