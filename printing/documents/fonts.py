"""The serif family of the forms: Times New Roman where installed, else Liberation Serif.

Nghị định 30/2020 asks for Times New Roman. It is installed with Windows but may not
be redistributed, so it is looked up at run time; everywhere else the app uses the
Liberation Serif files shipped in ``fonts/`` (SIL OFL 1.1, metric-compatible with
Times New Roman, so line breaks stay the same). reportlab's built-in Times-Roman is
never used: it has no Vietnamese letters and prints "C■ng hòa".
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

STYLES = ("normal", "bold", "italic", "boldItalic")
SHIPPED_DIR = Path(__file__).resolve().parent / "fonts"
SHIPPED = {"normal": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
           "italic": "LiberationSerif-Italic.ttf", "boldItalic": "LiberationSerif-BoldItalic.ttf"}
# Accepted file names per style: Windows and msttcorefonts (lower case), the
# msttcorefonts long names, macOS.
TIMES_NAMES = {
    "normal": ("times.ttf", "times_new_roman.ttf", "times new roman.ttf"),
    "bold": ("timesbd.ttf", "times_new_roman_bold.ttf", "times new roman bold.ttf"),
    "italic": ("timesi.ttf", "times_new_roman_italic.ttf", "times new roman italic.ttf"),
    "boldItalic": ("timesbi.ttf", "times_new_roman_bold_italic.ttf",
                   "times new roman bold italic.ttf"),
}


@dataclass(frozen=True)
class SerifFamily:
    """A registered family: ``name`` is what reportlab styles use (``fontName``),
    ``faces`` the registered name of each style, ``source`` the human name."""

    name: str
    source: str
    files: dict[str, Path]
    faces: dict[str, str]


def default_search_dirs() -> tuple[Path, ...]:
    """Where an installed Times New Roman is looked for, in order."""
    dirs = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    dirs.append(Path("C:/Windows/Fonts"))
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [Path("/usr/share/fonts/truetype/msttcorefonts"), Path("/usr/share/fonts/msttcore"),
             Path("/usr/share/fonts/TTF"), Path("/usr/share/fonts/truetype"),
             Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts",
             Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    return tuple(dirs)


def find_times_new_roman(search_dirs: tuple[Path, ...]) -> dict[str, Path] | None:
    """The four Times New Roman files from the first directory holding all four."""
    for folder in search_dirs:
        try:
            by_lower = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
        except OSError:
            continue
        found = {}
        for style, names in TIMES_NAMES.items():
            hit = next((by_lower[n] for n in names if n in by_lower), None)
            if hit is not None:
                found[style] = hit
        if len(found) == len(STYLES):
            return found
    return None


def shipped_files() -> dict[str, Path]:
    return {style: SHIPPED_DIR / name for style, name in SHIPPED.items()}


@functools.lru_cache(maxsize=8)
def serif_family(search_dirs: tuple[Path, ...] | None = None) -> SerifFamily:
    """Register (once per search path) and return the family the forms are set in."""
    dirs = default_search_dirs() if search_dirs is None else tuple(search_dirs)
    files = find_times_new_roman(dirs)
    source = "Times New Roman"
    if files is not None:
        try:
            return _register(files, source)
        except Exception as exc:  # a damaged or unreadable system font: use ours
            log.warning("Times New Roman at %s unusable (%s); using Liberation Serif",
                        files["normal"].parent, exc)
    return _register(shipped_files(), "Liberation Serif")


def _register(files: dict[str, Path], source: str) -> SerifFamily:
    # Names are unique per file set: a test's Times stand-in and the real family
    # may be registered in the same process without overwriting each other.
    tag = hashlib.sha1(str(files["normal"]).encode()).hexdigest()[:8]
    base = source.replace(" ", "") + "-" + tag
    faces = {style: base if style == "normal" else f"{base}-{style}" for style in STYLES}
    for style in STYLES:
        pdfmetrics.registerFont(TTFont(faces[style], str(files[style])))
    pdfmetrics.registerFontFamily(base, normal=faces["normal"], bold=faces["bold"],
                                  italic=faces["italic"], boldItalic=faces["boldItalic"])
    return SerifFamily(base, source, dict(files), faces)
