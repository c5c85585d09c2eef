"""Pictures of the one-stop forms: ``python -m tools.screenshots forms OUTDIR``.

The demo office of the dossiers pictures (dossiers.make_dossiers: thirty dossiers taken
through every step, guidance and refusal slips), each form printed by the app's own
services in the office's form set (the default, TT 03/2025/TT-VPCP), its first page
rasterised by poppler's pdftoppm at 110 dpi. Writes, named as ``counter-app print``
names the forms: form01.png (receipt), form01-online.png (an online dossier's receipt,
the portal's code), form02.png (guidance slip), form03.png (refusal slip), form04.png
(apology and new date), stop-notice.png (Thông báo dừng giải quyết hồ sơ), form05.png
(control slip), form06.png (tracking book). docs/images/
holds the PNGs (docs/bieu-mau-mot-cua.md). The pictures are of paper: ``--size`` does
not change them.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

from counter_app.domain.clock import FixedClock
from counter_app.services import documents, dossiers, officers, setup, slips
from counter_app.services.core import Core
from tools.screenshots.common import run_in_demo
from tools.screenshots.dossiers import MOMENT, make_dossiers, ms
from ui.qt import QApplication

DPI = 110
# Picture, form, dossier (its index in make_dossiers' order), chosen for its story
# (dossiers.STORIES): 1 owes a fee, 8 came online, 0 is late and apologised for here,
# 20 was stopped, 21 was handed to the deciding officer.
DOSSIER_FORMS = (("form01.png", "form01", 1), ("form01-online.png", "form01", 8),
                 ("form04.png", "form04", 0), ("stop-notice.png", "stop_notice", 20),
                 ("form05.png", "form05", 21))
LATE = 0


def pdf_to_png(pdf: Path, png: Path) -> Path:
    """The first page of ``pdf`` as ``png`` (pdftoppm, poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("Cần pdftoppm (gói poppler-utils) để vẽ các mẫu phiếu thành ảnh.")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-f", "1", "-l", "1",
                    str(pdf), str(png.with_suffix(""))], check=True)
    print(png)
    return png


def apologise_for_the_late_one(core: Core, code: str) -> None:
    """Dossier LATE, due on 06/11, still open on MOMENT: the apology and a new date."""
    core.clock = FixedClock(ms(MOMENT))
    dossiers.apologize(core, code, "Phải xác minh thêm thông tin tại nơi cư trú trước đây",
                       (MOMENT + timedelta(days=4)).replace(hour=17, minute=0))


def shoot(core: Core, codes: list[str], pdfs: Path, out: Path) -> None:
    apologise_for_the_late_one(core, codes[LATE])
    for name, kind, index in DOSSIER_FORMS:
        path = documents.save(core, kind, codes[index], pdfs / name.replace(".png", ".pdf"))
        pdf_to_png(path, out / name)
    for name, kind in (("form02.png", "guidance"), ("form03.png", "refusal")):
        slip = slips.search(core, kind=kind)[0]
        pdf_to_png(slips.save(core, slip, pdfs / name.replace(".png", ".pdf")), out / name)
    book = pdfs / "form06.pdf"
    documents.save_book(core, MOMENT.year, book)
    pdf_to_png(book, out / "form06.png")


def main(argv: list[str] | None = None) -> int:
    def capture(_app: QApplication, demo, out: Path) -> None:
        pdfs = demo.folder / "pdf"       # the PDFs stay in the demo's temporary folder
        pdfs.mkdir()
        with Core.open(demo.db_path, demo.config_path) as core:
            officers.authenticate(core, "canbo1", setup.DEMO_PASSWORD)
            shoot(core, demo.prepared, pdfs, out)
    return run_in_demo(argv, "tools.screenshots forms", capture, prepare=make_dossiers,
                       setup_clock_ms=ms(MOMENT - timedelta(days=30)))
