"""The forms' serif family: the shipped fallback is complete, Times New Roman wins."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile
from reportlab.pdfgen.canvas import Canvas

from printing.documents import fonts
from tests.printing.documents import pdftools

BASES = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VIETNAMESE = {unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES} | {"đ"}
VIETNAMESE |= {c.upper() for c in VIETNAMESE}


def test_all_vietnamese_letters_are_in_every_shipped_face():
    assert len(VIETNAMESE) == 146
    for path in fonts.shipped_files().values():
        cmap = TTFontFile(str(path)).charToGlyph
        missing = sorted(c for c in VIETNAMESE if ord(c) not in cmap)
        assert not missing, f"{path.name} lacks {missing}"


def test_shipped_fonts_are_small_and_licensed():
    total = sum(p.stat().st_size for p in fonts.shipped_files().values())
    assert total < 2_000_000
    licence = (fonts.SHIPPED_DIR / "LICENSE-OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_without_times_new_roman_the_shipped_family_is_used(tmp_path):
    family = fonts.serif_family((tmp_path,))
    assert family.source == "Liberation Serif"
    assert family.files == fonts.shipped_files()


def _times_standin(folder: Path, names: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for style, name in names.items():
        shutil.copy(fonts.shipped_files()[style], folder / name)
    return folder


def test_times_new_roman_is_preferred_when_installed(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    windows = _times_standin(tmp_path / "Fonts", {
        "normal": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf",
        "boldItalic": "timesbi.ttf"})
    family = fonts.serif_family((empty, windows))
    assert family.source == "Times New Roman"
    assert family.files["bold"] == windows / "timesbd.ttf"
    assert family.name.startswith("TimesNewRoman-")


def test_msttcorefonts_names_are_found_in_any_case(tmp_path):
    folder = _times_standin(tmp_path, {
        "normal": "Times_New_Roman.ttf", "bold": "Times_New_Roman_Bold.ttf",
        "italic": "Times_New_Roman_Italic.ttf", "boldItalic": "Times_New_Roman_Bold_Italic.ttf"})
    assert fonts.find_times_new_roman((folder,))["italic"].name == "Times_New_Roman_Italic.ttf"


def test_an_incomplete_or_damaged_times_falls_back(tmp_path, caplog):
    partial = _times_standin(tmp_path / "partial", {"normal": "times.ttf"})
    assert fonts.serif_family((partial,)).source == "Liberation Serif"
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    for name in ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"):
        (damaged / name).write_bytes(b"not a font")
    assert fonts.serif_family((damaged,)).source == "Liberation Serif"
    assert "unusable" in caplog.text


@pytest.mark.skipif(not pdftools.POPPLER, reason="pdftotext not installed (poppler-utils)")
def test_a_registered_family_writes_vietnamese_that_reads_back(tmp_path):
    family = fonts.serif_family(((_times_standin(tmp_path / "t", {
        "normal": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf",
        "boldItalic": "timesbi.ttf"})),))
    path = tmp_path / "t.pdf"
    canvas = Canvas(str(path), initialFontName=family.faces["boldItalic"])
    for i, face in enumerate(family.faces.values()):
        canvas.setFont(face, 12)
        canvas.drawString(50, 700 - 20 * i, "Đặng Quốc Việt, Nguyễn Thị Ánh Tuyết")
    canvas.save()
    text = pdftools.flat(path.read_bytes())
    assert text.count("Đặng Quốc Việt, Nguyễn Thị Ánh Tuyết") == 4
