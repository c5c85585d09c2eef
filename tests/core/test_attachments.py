from datetime import datetime, timezone

import pytest

from counter_app.domain.clock import FixedClock
from counter_app.errors import NotFound, UserInputError
from counter_app.services import attachments, dossiers, intake
from counter_app.services.citizens import Applicant
from counter_app.services.intake import IntakeRequest
from db import commands, projections
from tests.conftest import table_dump

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def code(core):
    core.clock = FixedClock(int(datetime(2026, 11, 18, 3, tzinfo=timezone.utc).timestamp() * 1000))
    d = intake.receive(core, IntakeRequest("DEMO-HT-05", Applicant(full_name="Lê Thị Hoa")))
    return d["code"]


def test_attach_copies_and_marks_digitised(core, code, tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    rec = attachments.attach(core, code, scan, document_index=0)
    stored = attachments.storage_root(core) / rec["path"]
    assert stored.read_bytes() == PDF and rec["kind"] == "pdf"
    scan.unlink()                                    # the original may go; the copy stays
    d = dossiers.detail(core, code)
    assert d["digitised"] == 1 and d["files"][0]["document_index"] == 0
    live = table_dump(core.conn, projections.TABLES)
    commands.rebuild_projections(core.conn)
    assert table_dump(core.conn, projections.TABLES) == live


@pytest.mark.parametrize("content,message", [(b"", "rỗng"), (b"GIF89a....", "không phải PDF")])
def test_bad_files_refused(core, code, tmp_path, content, message):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    with pytest.raises(UserInputError, match=message):
        attachments.attach(core, code, bad)
    assert dossiers.by_code(core, code)["digitised"] == 0


def test_missing_file_and_unknown_dossier(core, code, tmp_path):
    with pytest.raises(UserInputError, match="Không tìm thấy tệp"):
        attachments.attach(core, code, tmp_path / "none.pdf")
    (tmp_path / "a.png").write_bytes(PNG)
    with pytest.raises(NotFound):
        attachments.attach(core, "000.17.22.H56-261118-9999", tmp_path / "a.png")


def test_sweep_scan_folder(core, code, tmp_path):
    inbox = tmp_path / "scans"
    inbox.mkdir()
    (inbox / f"{code}_to-khai.pdf").write_bytes(PDF)
    (inbox / f"{code}.png").write_bytes(PNG)
    (inbox / "anh-chup.png").write_bytes(PNG)
    (inbox / "000.17.22.H56-261118-0999.pdf").write_bytes(PDF)
    report = attachments.sweep_folder(core, inbox)
    assert sorted(a["file"] for a in report["attached"]) == [f"{code}.png", f"{code}_to-khai.pdf"]
    assert {s["file"] for s in report["skipped"]} == {"anh-chup.png", "000.17.22.H56-261118-0999.pdf"}
    assert (inbox / attachments.DONE_FOLDER / f"{code}.png").exists()
    assert (inbox / "anh-chup.png").exists()
    assert len(dossiers.detail(core, code)["files"]) == 2


def files_of(core, code) -> list[str]:
    return [f["sha256"] for f in dossiers.detail(core, code)["files"]]


def test_a_file_that_could_not_be_moved_is_not_attached_again(core, code, tmp_path):
    inbox = tmp_path / "scans"
    (inbox / attachments.DONE_FOLDER / f"{code}.pdf").mkdir(parents=True)  # blocks the move
    (inbox / attachments.DONE_FOLDER / f"{code}.pdf" / "x").write_bytes(b"x")
    (inbox / f"{code}.pdf").write_bytes(PDF)
    first = attachments.sweep_folder(core, inbox)
    assert [a["file"] for a in first["attached"]] == [f"{code}.pdf"]
    [moved] = first["skipped"]
    assert moved["file"] == f"{code}.pdf" and "không chuyển được" in moved["reason"]
    second = attachments.sweep_folder(core, inbox)
    assert second["attached"] == [] and "đã được đính kèm" in second["skipped"][0]["reason"]
    assert len(files_of(core, code)) == 1 and (inbox / f"{code}.pdf").exists()


def test_identical_files_are_attached_once_by_hash(core, code, tmp_path):
    inbox = tmp_path / "scans"
    inbox.mkdir()
    (inbox / f"{code}_trang-1.pdf").write_bytes(PDF)
    (inbox / f"{code}_trang-1 (1).pdf").write_bytes(PDF)   # the scanner saved it twice
    report = attachments.sweep_folder(core, inbox)
    assert len(files_of(core, code)) == 1 and len(report["attached"]) == 1
    [twin] = report["skipped"]
    assert "đã được đính kèm" in twin["reason"]
    assert not list(inbox.glob("*.pdf"))               # both left the inbox


def test_a_symlink_in_the_scan_folder_is_skipped_not_followed(core, code, tmp_path):
    inbox = tmp_path / "scans"
    inbox.mkdir()
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(PDF)
    (inbox / f"{code}.pdf").symlink_to(outside)
    report = attachments.sweep_folder(core, inbox)
    assert report["attached"] == [] and files_of(core, code) == []
    [link] = report["skipped"]
    assert link["file"] == f"{code}.pdf" and "liên kết" in link["reason"]
    assert (inbox / f"{code}.pdf").is_symlink() and outside.exists()


def test_a_stored_file_is_always_inside_the_attachments_folder(core):
    good = "2026/01ARZ3NDEKTSV4RRFFQ69G5FAV/0123456789abcdef0123.pdf"
    assert attachments.stored_file(core, good) == attachments.storage_root(core) / good
    for bad in ("../../etc/passwd", "/etc/passwd", "2026/../../x/0123456789abcdef0123.pdf",
                "C:\\Windows\\win.ini", "2026/A/0123456789abcdef0123.exe", ""):
        with pytest.raises(UserInputError):
            attachments.stored_file(core, bad)
