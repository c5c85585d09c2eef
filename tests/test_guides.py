"""The user guides: one per role, every picture they show exists and is made by a
screenshot script (tools/screenshots), so `python -m tools.screenshots all` keeps it
current; every guide linked from the main guide."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ROLE_GUIDES = ("huong-dan-tiep-nhan.md", "huong-dan-ho-tro.md", "huong-dan-lanh-dao.md",
               "quan-tri.md")
# Guides whose pictures are checked: the role guides and the one-stop forms' page.
PICTURED = ROLE_GUIDES + ("bieu-mau-mot-cua.md",)
SCRIPTS = "\n".join(p.read_text(encoding="utf-8")
                    for p in (ROOT / "tools" / "screenshots").glob("*.py"))


def _pictures(guide: str) -> list[str]:
    return re.findall(r"\(images/([^)]+\.png)\)", (DOCS / guide).read_text(encoding="utf-8"))


def test_each_role_has_a_guide_linked_from_the_main_guide():
    main = (DOCS / "huong-dan-su-dung.md").read_text(encoding="utf-8")
    for guide in ROLE_GUIDES + ("xu-ly-su-co.md", "cai-dat.md"):
        assert (DOCS / guide).exists(), guide
        assert f"]({guide})" in main, guide


def test_every_picture_of_the_role_guides_exists_and_is_made_by_a_script():
    for guide in PICTURED:
        pictures = _pictures(guide)
        assert pictures, guide
        for name in pictures:
            assert (DOCS / "images" / name).exists(), f"{guide}: {name}"
            stem = re.sub(r"-\d+x\d+$", "", name.removesuffix(".png"))
            assert f'"{stem}.png"' in SCRIPTS, f"{guide}: {name} is not made by tools/screenshots"
