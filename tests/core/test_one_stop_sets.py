"""Form sets: both shipped sets print every form; an office's copy corrects wording;
a broken copy is refused with its line; `dossier stop` prints the stop notice."""

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from counter_app.services import official_forms
from printing.documents import WORDINGS, render_form
from printing.documents.wording import TemplateError, parse_set
from tests.core.test_cli import run
from tests.printing.documents import pdftools, samples

pytestmark = pdftools.needs_poppler
QR = "001099012345|123456789|Nguyễn Thị Ánh Tuyết|01011999|Nữ|Số 12, ngõ 34 phố Đội Cấn, Hà Nội|15082021"
SETS = {"tt01-2018": {"form04": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
                      "form05": "Mẫu số 05", "form06": "Mẫu số 06"},
        "tt03-2025": {"form04": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
                      "stop_notice": "Mẫu số 05", "form05": "Mẫu số 06", "form06": "Mẫu số 07"}}


@pytest.mark.parametrize("set_id", sorted(SETS))
def test_each_shipped_set_prints_every_form(set_id):
    form_set = official_forms.load_set(official_forms.SHIPPED_DIR / f"{set_id}.yaml")
    assert form_set.id == set_id and form_set.unverified     # what could not be checked
    assert set(form_set.forms) == set(WORDINGS)
    for kind in WORDINGS:      # every key written out, so an office sees all it may change
        assert set(form_set.wording(kind).texts) == set(WORDINGS[kind]), kind
    for kind, make in samples.ALL.items():
        text = pdftools.flat(render_form(kind, make(), form_set.wording(kind)))
        assert form_set.wording(kind).number in text, kind
        if kind in SETS[set_id] and not SETS[set_id][kind].startswith("Mẫu"):
            assert SETS[set_id][kind] in text
        elif kind in SETS[set_id]:
            assert SETS[set_id][kind] in text


def test_the_tt01_file_matches_the_code():
    form_set = official_forms.load_set(official_forms.SHIPPED_DIR / "tt01-2018.yaml")
    for kind, defaults in WORDINGS.items():
        got = dict(form_set.wording(kind).texts)
        assert {k: " ".join(v.split()) if isinstance(v, str) else v
                for k, v in defaults.items()} == got, kind


def test_a_broken_set_is_refused_with_its_lines():
    text = (official_forms.SHIPPED_DIR / "tt03-2025.yaml").read_text(encoding="utf-8")
    bad = text.replace("title: GIẤY TIẾP NHẬN", "titel: GIẤY TIẾP NHẬN").replace(
        "{agency} xin lỗi", "cơ quan xin lỗi")
    with pytest.raises(TemplateError) as err:
        parse_set(bad.encode(), "x.yaml", WORDINGS)
    message = str(err.value)
    assert "'titel'" in message and "{agency}" in message and "dòng" in message


def _dossier(tmp_path):
    p = ["--db", tmp_path / "x.sqlite"]
    assert run(*p, "init", "--demo").returncode == 0
    p += ["--user", "admin"]
    r = run(*p, "dossier", "receive", "--procedure", "DEMO-HT-05", "--citizen-qr", QR, "--json")
    return p, json.loads(r.stdout)["code"]


def test_dossier_stop_prints_the_stop_notice_in_the_chosen_set(tmp_path):
    p, code = _dossier(tmp_path)
    r = run(*p, "dossier", "stop", code, "--reason", "Giấy tờ giả mạo", "--json")
    assert r.returncode == 0, r.stderr
    notice = Path(json.loads(r.stdout)["notice"])
    text = pdftools.flat(notice.read_bytes())
    for s in ("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Mẫu số 05", code, "Giấy tờ giả mạo",
              "Nguyễn Thị Ánh Tuyết", "Ủy ban nhân dân phường Mẫu"):
        assert s in text, s
    # The office switches to the old set and corrects a sentence in its own copy.
    assert run(*p, "config", "set", "office.form_set", "tt01-2018").returncode == 0
    own = tmp_path / "official-forms"
    own.mkdir()
    shutil.copy(official_forms.SHIPPED_DIR / "tt01-2018.yaml", own)
    path = own / "tt01-2018.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Xin thông báo để Ông/Bà được biết./.", "Trân trọng thông báo./."), encoding="utf-8")
    out = tmp_path / "again.pdf"
    assert run(*p, "print", "stop_notice", code, "--out", out).returncode == 0
    text = pdftools.flat(out.read_bytes())
    assert "Trân trọng thông báo./." in text and "Mẫu số 05" not in text


def test_an_unknown_set_is_a_clear_error(tmp_path):
    p, code = _dossier(tmp_path)
    assert run(*p, "config", "set", "office.form_set", "tt99-2030").returncode == 0
    r = run(*p, "print", "form01", code, "--out", tmp_path / "x.pdf")
    assert r.returncode == 2 and "tt99-2030" in r.stderr and "tt03-2025" in r.stderr
    r = run(*p, "config", "set", "office.form_set", "Bộ mẫu!")
    assert r.returncode == 2


@pytest.mark.parametrize("text, found", [
    ("id: x\nname: X\nforms:\n  form09:\n    title: A\n", "'form09'"),
    ("id: x\nname: X\nforms:\n  form01:\n    doc_columns: [TT, Tên]\n", "đúng 5 mục"),
    ("id: x\nname: X\nforms:\n  form01:\n    doc_columns: TT\n", "danh sách"),
    ("id: x\nname: X\nforms:\n  form01:\n    title: [A, B]\n", "một dòng chữ"),
    ("name: X\nforms: {}\n", "thiếu id"),
])
def test_each_fault_of_a_set_is_named(text, found):
    with pytest.raises(TemplateError, match="x.yaml") as err:
        parse_set(text.encode(), "x.yaml", WORDINGS)
    assert found in str(err.value)


def test_a_set_may_give_only_some_wording():
    form_set = parse_set("id: x\nname: X\nforms:\n  form03:\n    closing: Kính báo./.\n",
                         "x.yaml", WORDINGS)
    text = pdftools.flat(render_form("form03", samples.refusal(), form_set.wording("form03")))
    assert "Kính báo./." in text and "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text


def _current(kind: str):
    return official_forms.load_set(official_forms.SHIPPED_DIR / "tt03-2025.yaml").wording(kind)


def test_the_current_set_lays_out_its_forms_on_one_page_each():
    """What the re-rendered pictures showed: the apology's long title breaks into two
    balanced lines; the control slip adds only the blank pairs its page holds; the stop
    notice leaves its number to be filled in."""
    pdf = render_form("form04", samples.apology(), _current("form04"))
    lines = [line.strip() for line in pdftools.text(pdf).splitlines()]
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ" in lines and "GIA HẠN THỜI GIAN GIẢI QUYẾT" in lines
    slip = samples.control_slip()
    one = replace(slip, handovers=slip.handovers[:1],
                  procedure_name="Thực hiện trợ cấp xã hội hằng tháng đối với đối tượng "
                                 "bảo trợ xã hội")
    pdf = render_form("form05", one, _current("form05"))
    assert len(pdftools.page_sizes(pdf)) == 1
    assert 2 <= pdftools.flat(pdf).count("1. Giao:") <= 4       # the recorded one + blanks
    unnumbered = replace(samples.stop(), number="")
    text = pdftools.flat(render_form("stop_notice", unnumbered, _current("stop_notice")))
    assert "Số: …………" in text and "Mẫu số 05" in text
