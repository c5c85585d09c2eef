"""Ticket image → ESC/POS bytes, read back with the decoder; python-escpos side effects guarded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw

from printing.escpos_bytes import FRAGMENT_ROWS, ticket_bytes
from printing.ticket import WIDTHS, render_ticket
from tests.printing.escpos_decode import decode_qr, names, parse, raster_image

ROOT = Path(__file__).resolve().parents[2]


def same_image(a: Image.Image, b: Image.Image) -> bool:
    if a.size != b.size:
        return False
    return ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


@pytest.mark.parametrize("width", WIDTHS)
def test_init_raster_feed_cut_and_the_image_comes_back(content, width):
    img = render_ticket(content, width)
    commands = parse(ticket_bytes(img))
    assert names(commands)[0] == "INIT"
    assert names(commands)[-2:] == ["FEED_LINES", "CUT"]
    assert set(names(commands)[1:-2]) == {"RASTER"}
    assert all(c.args[1] == width // 8 for c in commands if c.name == "RASTER")
    back = raster_image(commands)
    assert same_image(back, img)
    assert decode_qr(back) == [content.qr_text]


def test_tall_images_are_sent_in_fragments():
    img = Image.new("1", (384, FRAGMENT_ROWS * 2 + 17), 1)
    ImageDraw.Draw(img).line((0, 0, 383, img.height - 1), fill=0, width=5)
    commands = parse(ticket_bytes(img))
    heights = [c.args[2] for c in commands if c.name == "RASTER"]
    assert heights == [FRAGMENT_ROWS, FRAGMENT_ROWS, 17]
    assert same_image(raster_image(commands), img)


def test_decoder_refuses_garbage():
    with pytest.raises(ValueError, match="unknown command"):
        parse(b"\x1b@\x1b\x99\x00")
    with pytest.raises(ValueError, match="cut short"):
        parse(b"\x1dv0\x00\x02\x00\x05\x00" + b"\x00" * 3)


def test_python_escpos_leaves_no_log_handler_no_temp_dir_and_nothing_on_stdout(tmp_path):
    """Its import calls logging.basicConfig() and mkdtemp(); its image() can print."""
    code = (
        "import json, logging\n"
        "from PIL import Image\n"
        "from printing.escpos_bytes import ticket_bytes\n"
        "data = ticket_bytes(Image.new('1', (576, 40), 1))\n"
        "print(json.dumps({'handlers': len(logging.getLogger().handlers), 'n': len(data)}))\n")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"handlers": 0, "n": json.loads(r.stdout)["n"]}
    assert list(tmp.iterdir()) == []
    assert list((tmp_path / "cache" / "counter-app" / "escpos").glob("*.pickle"))
