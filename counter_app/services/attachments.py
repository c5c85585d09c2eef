"""Digitisation (số hóa): scanned files attached to a dossier's documents.

Files are copied into the app's storage beside the database, named by their
content hash, so the original can be moved or deleted and nothing is stored
twice. A scan-to-folder directory can be swept: files whose name starts with
a dossier code are attached and moved to ``đã nhận/``; others stay put. The
sweep can run any number of times: content already attached (by SHA-256) is not
attached again, and symbolic links are skipped, not followed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from counter_app.domain.events import NewEvent
from counter_app.domain.ids import new_id
from counter_app.domain.stored_files import is_stored_name, stored_name
from counter_app.errors import CounterError, UserInputError
from counter_app.services import codes, dossiers
from counter_app.services.core import Core, guarded

MAX_BYTES = 50 * 1024 * 1024
KINDS = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
DONE_FOLDER = "đã nhận"


@guarded
def storage_root(core: Core) -> Path:
    return core.db_path.parent / "attachments"


def _kind(path: Path) -> str:
    with open(path, "rb") as f:
        head = f.read(8)
    for magic, kind in KINDS.items():
        if head.startswith(magic):
            return kind
    raise UserInputError(f"Tệp {path.name} không phải PDF, JPG hay PNG: không đính kèm được.")


def _read_checked(path: Path) -> tuple[str, str, int]:
    try:
        size = path.stat().st_size
        if size == 0:
            raise UserInputError(f"Tệp {path.name} rỗng (máy quét chưa ghi xong?). Hãy thử lại.")
        if size > MAX_BYTES:
            raise UserInputError(f"Tệp {path.name} quá lớn ({size // 1_048_576} MB, tối đa 50 MB).")
        kind = _kind(path)
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        raise UserInputError(f"Không tìm thấy tệp {path}.") from None
    except PermissionError:
        raise UserInputError(f"Không có quyền đọc tệp {path}.") from None
    return kind, digest.hexdigest(), size


@guarded
def attach(core: Core, code: str, path: Path, document_index: int | None = None) -> dict:
    """Copy ``path`` into storage and record it against the dossier (and document).
    Content already attached there is not recorded again (``already`` in the result)."""
    d = dossiers.by_code(core, code)
    if document_index is not None and not 0 <= document_index < len(d["documents"]):
        raise UserInputError("Giấy tờ được chọn không có trong danh sách của hồ sơ.")
    kind, sha, size = _read_checked(path)
    known = _attached_before(core, d["id"], sha, document_index)
    if known is not None:
        return known
    relative = _stored_path(d["received_at"][:4], d["id"], sha, kind)
    _store(storage_root(core) / relative, lambda tmp: shutil.copyfile(path, tmp))
    payload = {"file_id": new_id(), "document_index": document_index, "kind": kind,
               "path": relative.as_posix(), "sha256": sha, "size": size}
    core.record([NewEvent("dossier", d["id"], "dossier.file_attached", payload)])
    return payload


def _attached_before(core: Core, dossier_id: str, sha: str,
                     document_index: int | None) -> dict | None:
    """The same content already attached to this dossier (for this document, or for
    any when none is named), as ``attach`` returns it with ``already`` set."""
    row = core.conn.execute(
        "SELECT id AS file_id, document_index, kind, path, sha256, size FROM dossier_files "
        "WHERE dossier_id = ? AND sha256 = ? AND (? IS NULL OR document_index IS ?) LIMIT 1",
        (dossier_id, sha, document_index, document_index)).fetchone()
    return {**dict(row), "already": True} if row else None


def _stored_path(year: str, dossier_id: str, sha: str, kind: str) -> Path:
    return Path(stored_name(year, dossier_id, sha, kind))


@guarded
def stored_file(core: Core, relative: str) -> Path:
    """The attached file ``relative`` (from ``dossier_files.path``) in the office's
    storage; refuses any path that is not one the app stores (nothing outside the folder)."""
    if not is_stored_name(relative):
        raise UserInputError(f"Đường dẫn tệp đính kèm không hợp lệ: {str(relative)[:80]!r}.")
    return storage_root(core) / relative


def _store(target: Path, write) -> None:
    """Write the file under a temporary name, then rename: never a half file."""
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@guarded
def store_generated_pdf(core: Core, data: bytes, year: str, dossier_id: str, title: str,
                        document_index: int | None) -> dict:
    """Keep a PDF the app made (a citizen's form) for a dossier not yet recorded; returns
    the ``dossier.file_attached`` payload to record with it."""
    sha = hashlib.sha256(data).hexdigest()
    relative = _stored_path(year, dossier_id, sha, "pdf")
    _store(storage_root(core) / relative, lambda tmp: Path(tmp).write_bytes(data))
    return {"file_id": new_id(), "document_index": document_index, "kind": "pdf",
            "path": relative.as_posix(), "sha256": sha, "size": len(data), "title": title,
            "generated": True}


@guarded
def sweep_folder(core: Core, folder: Path) -> dict:
    """Attach every file in ``folder`` named after a dossier code; report the rest.

    Safe to run again and again (the folder watcher does): a file already attached to
    its dossier (same SHA-256, e.g. one that could not be moved last time, or the
    scanner's second copy) is not recorded twice, only moved; a symbolic link is
    never followed (it could point anywhere on the machine) and stays where it is."""
    attached, skipped = [], []
    fmt_regex = codes.code_format(core).regex()
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_symlink():
            skipped.append({"file": entry.name, "reason": "Là liên kết (symlink) tới tệp khác: "
                            "không đính kèm, hãy chép chính tệp vào thư mục quét."})
            continue
        if not entry.is_file(follow_symlinks=False):
            continue
        path = Path(entry.path)
        code = _code_in_name(path.stem, fmt_regex)
        if code is None:
            skipped.append({"file": path.name, "reason": "Tên tệp không bắt đầu bằng mã hồ sơ."})
            continue
        try:
            record = attach(core, code, path)
        except CounterError as exc:
            skipped.append({"file": path.name, "reason": str(exc)})
            continue
        if record.get("already"):
            skipped.append({"file": path.name, "reason": f"Tệp giống hệt đã được đính kèm vào "
                            f"hồ sơ {code} trước đó: không đính kèm lại."})
        else:
            attached.append({"file": path.name, "code": code})
        problem = _move_done(path, folder / DONE_FOLDER)
        if problem:
            skipped.append({"file": path.name, "reason": problem})
    return {"attached": attached, "skipped": skipped}


def _move_done(path: Path, done: Path) -> str | None:
    """Move a received file into ``đã nhận/``; the reason when that fails."""
    try:
        done.mkdir(exist_ok=True)
        os.replace(path, done / path.name)
    except OSError as exc:
        return (f"Đã đính kèm nhưng không chuyển được vào thư mục “{DONE_FOLDER}” "
                f"({exc.strerror or exc}); lần quét sau tệp không bị đính kèm lại.")
    return None


def _code_in_name(stem: str, regex) -> str | None:
    """"000.17.22.H56-261118-0001_to-khai" → the code; scanners add suffixes."""
    for cut in range(len(stem), 0, -1):
        if regex.match(stem[:cut]):
            return stem[:cut]
    return None
