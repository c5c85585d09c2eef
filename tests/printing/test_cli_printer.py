"""``counter-app printer test`` as scripts use it: a real process, exit codes, one JSON document.

Until cli.py registers the command, the process adds it to the parser itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.printing.escpos_decode import decode_qr, parse, raster_image

ROOT = Path(__file__).resolve().parents[2]
LAUNCH = """
import argparse, sys
from counter_app import cli
from counter_app.commands import printer
build = cli.build_parser
def with_printer():
    parser = build()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "printer" not in sub.choices:
        printer.register(sub, cli.common_options())
    return parser
cli.build_parser = with_printer
sys.exit(cli.main(sys.argv[1:]))
"""


def run(tmp_path, *args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    r = subprocess.run(
        [sys.executable, "-c", LAUNCH, "--db", str(tmp_path / "x.sqlite"),
         "--config", str(tmp_path / "config.json"), *args],
        capture_output=True, env=env, timeout=120, cwd=ROOT)
    return r.returncode, r.stdout.decode("utf-8"), r.stderr.decode("utf-8")


def test_file_printer_json(tmp_path):
    target = tmp_path / "out.bin"
    code, out, err = run(tmp_path, "printer", "test", f"file:{target}", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data == {"ok": True, "url": f"file:{target}", "bytes": target.stat().st_size,
                    "error": None, "status": None}
    assert err == ("Trạng thái máy in: không rõ (đường nối này không hỏi được trạng thái "
                   "máy in)\n")
    image = raster_image(parse(target.read_bytes()))
    assert image.width == 576                         # the config default
    assert decode_qr(image)[0].startswith("IN THU ")
    assert not (tmp_path / "x.sqlite").exists()       # no database opened or created


def test_tcp_printer_text_and_width(tmp_path, tcp_printer):
    printer = tcp_printer()
    code, out, err = run(tmp_path, "printer", "test", printer.url, "--width", "384")
    assert code == 0, err
    assert "Đã gửi phiếu in thử" in out and "khổ 384 điểm" in out
    assert raster_image(parse(printer.wait_jobs(1)[0][9:])).width == 384


UNKNOWN = "Trạng thái máy in: không rõ (máy in không trả lời lệnh hỏi trạng thái)\n"


def test_printer_that_never_answers_status_prints_and_says_status_unknown(tmp_path, tcp_printer):
    printer = tcp_printer(status=None)           # takes bytes, never answers DLE EOT
    code, out, err = run(tmp_path, "printer", "test", printer.url)
    assert code == 0 and "Đã gửi phiếu in thử" in out
    assert err == UNKNOWN
    code, out, err = run(tmp_path, "printer", "test", printer.url, "--json")
    assert code == 0 and err == UNKNOWN
    data = json.loads(out)
    assert data["ok"] is True and data["status"] is None
    assert len(printer.wait_jobs(2)) == 2                 # both tickets went out


def test_answered_status_is_in_json_and_quiet_on_stderr(tmp_path, tcp_printer):
    from tests.printing import fakes
    code, out, err = run(tmp_path, "--json", "printer", "test", tcp_printer(fakes.PAPER_NEAR_END).url)
    assert code == 0 and "không rõ" not in err
    status = json.loads(out)["status"]
    assert status["online"] is True and status["paper_out"] is False
    assert status["paper_near_end"] is True and status["cover_open"] is False
    assert status["description"] == "Giấy trong máy in sắp hết, hãy chuẩn bị cuộn giấy mới."


def test_refused_exits_2_with_one_json_document(tmp_path, closed_port):
    url = f"tcp:127.0.0.1:{closed_port}"
    code, out, err = run(tmp_path, "--json", "printer", "test", url, "--timeout", "1")
    assert code == 2
    data = json.loads(out)
    assert data["ok"] is False and data["url"] == url and data["bytes"] == 0
    assert "từ chối kết nối" in data["error"]
    assert err.startswith("Lỗi: ") and "Traceback" not in err


def test_paper_out_in_text_mode(tmp_path, tcp_printer):
    from tests.printing import fakes
    code, out, err = run(tmp_path, "printer", "test", tcp_printer(fakes.PAPER_OUT).url)
    assert code == 2 and out == ""
    assert "Máy in hết giấy" in err


@pytest.mark.parametrize("args", [["printer", "test", "lpt1"],
                                  ["printer", "test", "file:x", "--width", "600"],
                                  ["printer", "test", "file:x", "--timeout", "0"]])
def test_bad_input_exits_2(tmp_path, args):
    code, out, err = run(tmp_path, *args)
    assert code == 2 and "Traceback" not in err and err.strip()


def test_office_name_from_config(tmp_path, monkeypatch):
    from counter_app import config
    from counter_app.commands import printer
    from printing import service
    cfg = config.Config()
    cfg.office.name, cfg.office.parent_name = "UBND PHƯỜNG BA ĐÌNH", "UBND THÀNH PHỐ HÀ NỘI"
    cfg.printer.ticket_width_dots = 512
    config.save(cfg, tmp_path / "config.json")
    seen = {}

    def fake_print(content, url, width, timeout):
        seen.update(content=content, width=width)
        return service.PrintResult(True, None, 10)
    monkeypatch.setattr(service, "print_ticket", fake_print)

    class Out:
        as_json = True

        def result(self, data, text):
            seen["data"] = data
    args = type("Args", (), {"config": tmp_path / "config.json", "url": "file:x",
                             "width": None, "timeout": 5.0})()
    assert printer.cmd_printer_test(args, Out()) == 0
    assert seen["content"].agency_name == "UBND PHƯỜNG BA ĐÌNH"
    assert seen["content"].parent_name == "UBND THÀNH PHỐ HÀ NỘI" and seen["width"] == 512
    assert seen["data"] == {"ok": True, "url": "file:x", "bytes": 10, "error": None,
                            "status": None}
