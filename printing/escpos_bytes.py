"""A rendered ticket → ESC/POS bytes: INIT, raster image (GS v 0), feed, cut.

python-escpos 3.1 builds the bytes (its ``Dummy`` printer), with guards for its
known side effects (shared/research/hardware-and-printing.md §1.7):

- importing it calls ``logging.basicConfig()``: handlers it adds to the root
  logger are removed again;
- importing it always calls ``tempfile.mkdtemp()`` (the default argument of an
  ``environ.get``): it is pointed at our cache folder for the duration, and
  ``ESCPOS_CAPABILITIES_PICKLE_DIR`` is set there too;
- ``image()`` prints a warning on stdout when the profile's paper width is
  unknown: each Dummy gets a copy of the profile with the width set. (Swapping
  ``sys.stdout`` around each print would not be thread-safe: two printing
  threads could leave it pointing at a buffer.) Only the one-time import runs
  with stdout redirected, under a lock.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import logging
import os
import tempfile
import threading
from pathlib import Path

import platformdirs
from PIL import Image

log = logging.getLogger(__name__)

# Rows per GS v 0 command: short enough for printers with small receive buffers
# (python-escpos issues #631, #662), long enough to keep the stream compact.
FRAGMENT_ROWS = 480
_import_lock = threading.Lock()


def cache_dir() -> Path:
    """Where python-escpos keeps its capabilities pickle (a shared temp folder if the
    user cache cannot be written)."""
    for folder in (Path(platformdirs.user_cache_dir("counter-app", "QuayMotCua")) / "escpos",
                   Path(tempfile.gettempdir()) / "counter-app-escpos"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return folder
        except OSError:
            continue
    return Path(tempfile.gettempdir())


@functools.cache
def escpos_modules():
    """``(escpos.printer, escpos.exceptions)``, imported once and without side effects."""
    with _import_lock:
        os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache_dir()))
        root = logging.getLogger()
        handlers = list(root.handlers)
        real_mkdtemp = tempfile.mkdtemp
        tempfile.mkdtemp = lambda *a, **k: os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"]
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                from escpos import exceptions, printer
        finally:
            tempfile.mkdtemp = real_mkdtemp
            for extra in [h for h in root.handlers if h not in handlers]:
                root.removeHandler(extra)
        return printer, exceptions


@functools.lru_cache(maxsize=8)
def _profile(width_dots: int):
    from escpos.capabilities import get_profile
    escpos_modules()
    profile = get_profile()
    data = copy.deepcopy(profile.profile_data)
    data.setdefault("media", {}).setdefault("width", {})["pixels"] = width_dots
    profile.profile_data = data
    return profile


def ticket_bytes(image: Image.Image) -> bytes:
    """INIT, the image as raster fragments, then feed and full cut."""
    printer, _ = escpos_modules()
    dummy = printer.Dummy()
    dummy.profile = _profile(image.width)   # an instance is not accepted by the constructor
    dummy.hw("INIT")
    dummy.image(image, impl="bitImageRaster", fragment_height=FRAGMENT_ROWS, center=False)
    dummy.cut(mode="FULL")
    return dummy.output
