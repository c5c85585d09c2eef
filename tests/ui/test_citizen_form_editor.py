"""The citizen form editor (Công dân không viết) on every shipped template: widgets per
field type, data in and out, problems marked, group entries, card scans."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from counter_app.domain import cccd
from counter_app.domain.form_templates import Field, FormContext, Problem, fill, validate_data
from counter_app.domain.form_templates.values import entry_is_blank, is_blank, person_values
from counter_app.services import form_templates as forms
from ui.pages.citizen_forms.editor import FormEditor
from ui.pages.citizen_forms.groups import GroupSection
from ui.pages.citizen_forms.fields import (CheckInput, ChoiceButtons, ChoiceCombo, EntryCard,
                                          MultilineInput, TextInput)
from ui.qt import (QApplication, QComboBox, QEvent, QKeyEvent, QLineEdit, QPlainTextEdit,
                   QRadioButton, Qt)

TODAY = date(2027, 1, 5)
AN = cccd.parse("001099012345|123456789|Nguyễn Văn An|01011999|Nam|"
                "Số 1, Phố X, Phường Y, Hà Nội|15082021", TODAY)
TUYET = cccd.parse("001199054321||Nguyễn Thị Ánh Tuyết|12031998|Nữ|"
                   "Số 12, ngõ 34 phố Đội Cấn, Phường Ba Đình, Hà Nội|20072024", TODAY)
TEMPLATES = {e.id: e.template for e in forms.catalogue()}
IDS = sorted(TEMPLATES)
KINDS = {"text": TextInput, "date": TextInput, "time": TextInput, "id_number": TextInput,
         "phone": TextInput, "number": TextInput, "multiline": MultilineInput,
         "checkbox": CheckInput}
SAMPLES = {"date": "05/01/2020", "time": "14:30", "id_number": "001099012345",
           "phone": "0912345678", "number": "3", "checkbox": True,
           "multiline": "Dòng thứ nhất\nDòng thứ hai"}


def card_values(person) -> dict[str, str]:
    return {f"person.{k}": v for k, v in person_values(person).items()}


def sample(f: Field, n: int):
    if f.type == "choice":
        return f.choices[n % len(f.choices)]
    return SAMPLES.get(f.type, f"{f.label} {n}")


def typed_data(template) -> dict:
    """A value in every field; groups with a blank entry in the middle where they can."""
    data = {f.id: sample(f, i) for i, f in enumerate(template.fields)}
    for g in template.groups:
        entries = [{f.id: sample(f, i + n) for i, f in enumerate(g.fields)}
                   for n in range(min(g.maximum, 3))]
        if len(entries) == 3:
            entries[1] = {}
        data[g.id] = entries
    return data


def normalised(data: dict) -> dict:
    """Blank values dropped, blank entries at the end of a group dropped."""
    out = {k: v for k, v in data.items() if not isinstance(v, list) and not is_blank(v)
           and v is not False}
    for key, entries in data.items():
        if isinstance(entries, list):
            entries = [{k: v for k, v in e.items() if not is_blank(v) and v is not False}
                       for e in entries]
            while entries and entry_is_blank(entries[-1]):
                entries.pop()
            out[key] = entries
    return out


def context(people=None) -> FormContext:
    return FormContext(today=TODAY, citizen=AN, office_name="Ủy ban nhân dân phường Ba Đình",
                       office_place="Ba Đình", procedure_name="Xác nhận thông tin cư trú",
                       people=people or {})


@pytest.fixture
def make(qtbot):
    def build(template_id_or_template) -> FormEditor:
        template = TEMPLATES.get(template_id_or_template, template_id_or_template)
        editor = FormEditor(template)
        qtbot.addWidget(editor)
        editor.resize(900, 700)
        editor.show()
        qtbot.waitExposed(editor)
        return editor
    return build


def type_text(widget, text: str) -> None:
    """Key presses carrying Vietnamese letters (QTest.keyClicks takes Latin-1 only)."""
    for ch in text:
        event = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
        QApplication.sendEvent(widget, event)


def counter(signal) -> list:
    calls = []
    signal.connect(lambda *args: calls.append(args))
    return calls


def test_every_shipped_template_is_here():
    assert len(IDS) >= 7 and all(TEMPLATES.values())
    assert {"to-khai-khai-sinh", "to-khai-ket-hon", "don-de-nghi"} <= set(IDS)


# --- building ---------------------------------------------------------------------------

@pytest.mark.parametrize("template_id", IDS)
def test_every_field_has_a_labelled_input_of_its_type(make, template_id):
    template = TEMPLATES[template_id]
    editor = make(template_id)
    for f in template.fields:
        widget = editor.widget_for(f.id)
        if f.type == "choice":
            assert isinstance(widget, ChoiceButtons if len(f.choices) <= 4 else ChoiceCombo)
        else:
            assert isinstance(widget, KINDS[f.type]), f.id
        assert widget.objectName() == f"field:{f.id}"
        assert widget.accessibleName() == f.label
        assert editor.findChild(type(widget), f"field:{f.id}") is widget
        label = editor.labels[f.id]
        assert label.text().replace("\u00a0", " ") == f.label + (" *" if f.required else "")
        assert label.buddy() is widget
        assert widget.toolTip() == f.help
        if f.help and isinstance(widget, (QLineEdit, QPlainTextEdit)) and f.type not in (
                "date", "time", "id_number"):
            assert widget.placeholderText() == f.help
    assert editor.scroll.widget().isAncestorOf(editor.widget_for(template.fields[-1].id))


@pytest.mark.parametrize("template_id", IDS)
def test_groups_show_their_named_entries_as_cards(make, template_id):
    template = TEMPLATES[template_id]
    editor = make(template_id)
    for g in template.groups:
        section = editor.widget_for(g.id)
        assert isinstance(section, GroupSection)
        assert section.heading.text() == g.label
        expected = max(g.minimum, 1, len(g.entries))
        assert len(section.cards) == expected
        for i, card in enumerate(section.cards):
            assert isinstance(card, EntryCard)
            if i < len(g.entries):
                assert card.title() == g.entries[i][0].upper() + g.entries[i][1:]
            for f in g.fields:
                widget = editor.widget_for(f"{g.id}[{i + 1}].{f.id}")
                assert widget is card.inputs[f.id]
                assert widget.objectName() == f"field:{g.id}[{i + 1}].{f.id}"
                assert card.labels[f.id].text().startswith(
                    f.label.replace("{entry}", g.entry_name(i)))


def test_khai_sinh_parents_are_mother_then_father(make):
    editor = make("to-khai-khai-sinh")
    cards = editor.sections["cha_me"].cards
    assert [c.title() for c in cards] == ["Người mẹ", "Người cha"]
    assert cards[0].labels["ho_ten"].text() == "Họ, chữ đệm, tên người mẹ\u00a0*"
    assert cards[1].labels["dan_toc"].text() == "Dân tộc"
    assert editor.widget_for("cha_me[2].dan_toc").accessibleName() == "Dân tộc (người cha)"
    # The section sits where the paper prints it: after "Quê quán", before "Làm tại".
    body = editor.scroll.widget().layout()
    order = [body.itemAt(i).widget() for i in range(body.count()) if body.itemAt(i).widget()]
    positions = {name: next(i for i, w in enumerate(order) if w.isAncestorOf(widget))
                 for name, widget in (("que_quan", editor.widget_for("que_quan")),
                                      ("cha_me", editor.sections["cha_me"]),
                                      ("lam_tai", editor.widget_for("lam_tai")))}
    assert positions["que_quan"] < positions["cha_me"] < positions["lam_tai"]


def test_input_details_per_type(make):
    editor = make("phieu-yeu-cau-chung-thuc")
    assert editor.widget_for("gio_nhan").placeholderText() == "giờ:phút"
    assert editor.widget_for("ngay_nhan").placeholderText() == "ngày/tháng/năm"
    lines2 = editor.widget_for("noi_dung")
    five = make("don-de-nghi").widget_for("noi_dung")
    assert five.height() > lines2.height() > editor.widget_for("kinh_gui").sizeHint().height()
    assert len(editor.widget_for("loai_yeu_cau").findChildren(QRadioButton)) == 4


def test_digits_only_where_the_form_wants_numbers(make, qtbot):
    editor = make("don-de-nghi")
    type_text(editor.widget_for("so_dinh_danh"), "0010a99 0123x45")
    assert editor.widget_for("so_dinh_danh").text() == "001099 012345"
    type_text(editor.widget_for("dien_thoai"), "0912 345abc678")
    assert editor.widget_for("dien_thoai").text() == "0912 345678"
    type_text(editor.widget_for("ngay_sinh"), "05/0x1/2020")
    assert editor.data()["ngay_sinh"] == "05/01/2020"


# --- data in and out --------------------------------------------------------------------

@pytest.mark.parametrize("template_id", IDS)
def test_set_data_then_data_round_trips(make, template_id):
    template = TEMPLATES[template_id]
    editor = make(template_id)
    changed = counter(editor.changed)
    prefilled = fill(template, context({g.id: [TUYET, AN] for g in template.groups}), {})
    for data in (prefilled, fill(template, context(), typed_data(template))):
        editor.set_data(data)
        assert normalised(editor.data()) == normalised(data)
    assert changed == []
    editor.set_data({})
    assert normalised(editor.data()) == {g.id: [] for g in template.groups}
    for g in template.groups:
        assert len(editor.sections[g.id].cards) == max(g.minimum, 1, len(g.entries))


def test_data_keeps_positions_and_drops_blank_entries_at_the_end_only(make):
    editor = make("to-khai-khai-sinh")
    editor.set_data({"cha_me": [{}, {"ho_ten": "Nguyễn Văn An", "nam_sinh": "1999"}]})
    assert editor.data()["cha_me"] == [{}, {"ho_ten": "Nguyễn Văn An", "nam_sinh": "1999"}]
    editor.set_data({"cha_me": [{"ho_ten": "Nguyễn Thị Ánh Tuyết"}, {"dan_toc": "  "}]})
    assert editor.data()["cha_me"] == [{"ho_ten": "Nguyễn Thị Ánh Tuyết"}]
    assert "dan_toc" not in editor.data() and "ngay_sinh" not in editor.data()


def test_set_data_grows_a_list_group_and_shrinks_it_back(make):
    editor = make("don-de-nghi")
    names = [{"ten": f"Giấy tờ {n}"} for n in range(1, 8)]
    editor.set_data({"tai_lieu": names})
    assert len(editor.sections["tai_lieu"].cards) == 7
    assert editor.widget_for("tai_lieu[7].ten").text() == "Giấy tờ 7"
    assert editor.data()["tai_lieu"] == names
    editor.set_data({"tai_lieu": names[:2]})
    assert len(editor.sections["tai_lieu"].cards) == 2
    assert editor.widget_for("tai_lieu[3].ten") is None


def test_typing_emits_changed_and_reaches_data(make, qtbot):
    editor = make("to-khai-khai-sinh")
    changed = counter(editor.changed)
    type_text(editor.widget_for("nyc_quan_he"), "Mẹ")
    assert len(changed) == len("Mẹ")
    type_text(editor.widget_for("cha_me[2].ho_ten"), "Lê Văn Bình")
    type_text(editor.widget_for("ngay_sinh"), "03/01/2027")
    data = editor.data()
    assert data["nyc_quan_he"] == "Mẹ" and data["ngay_sinh"] == "03/01/2027"
    assert data["cha_me"] == [{}, {"ho_ten": "Lê Văn Bình"}]
    notes = make("don-de-nghi")
    notes_changed = counter(notes.changed)
    type_text(notes.widget_for("noi_dung"), "Xin xác nhận")
    assert notes_changed and notes.data()["noi_dung"] == "Xin xác nhận"


def test_radio_buttons_choose_and_clear(make, qtbot):
    editor = make("to-khai-khai-sinh")
    choices = editor.widget_for("gioi_tinh")
    changed = counter(editor.changed)
    girl = next(b for b in choices.findChildren(QRadioButton) if b.text() == "Nữ")
    qtbot.mouseClick(girl, Qt.MouseButton.LeftButton)
    assert editor.data()["gioi_tinh"] == "Nữ" and len(changed) == 1
    assert choices.clear_button.isVisibleTo(editor)
    qtbot.mouseClick(choices.clear_button, Qt.MouseButton.LeftButton)
    assert "gioi_tinh" not in editor.data() and len(changed) == 2
    assert not any(b.isChecked() for b in choices.findChildren(QRadioButton))
    editor.set_data({"gioi_tinh": "nam", "cap_ban_sao": "Không"})
    assert editor.data()["gioi_tinh"] == "Nam" and editor.data()["cap_ban_sao"] == "Không"
    editor.set_data({"gioi_tinh": "Khác"})       # not a choice: shown, kept, flagged
    assert editor.data()["gioi_tinh"] == "Khác"
    assert len(choices.findChildren(QRadioButton)) == 3
    problems = validate_data(TEMPLATES["to-khai-khai-sinh"], editor.data(), TODAY)
    assert any(p.path == "gioi_tinh" for p in problems)
    editor.set_data({"gioi_tinh": "Nữ"})
    qtbot.waitUntil(lambda: len(choices.findChildren(QRadioButton)) == 2)
    assert editor.data()["gioi_tinh"] == "Nữ"


def with_extra_fields(template_id: str):
    """A shipped template plus the kinds no shipped one has yet: a checkbox, a long list."""
    template = TEMPLATES[template_id]
    extra = (Field("dong_y", "Đồng ý công khai", type="checkbox", help="Đánh dấu nếu đồng ý"),
             Field("noi_nhan", "Nơi nhận kết quả", type="choice", required=True,
                   choices=("Tại quầy", "Bưu điện", "Cổng dịch vụ công", "Thư điện tử",
                            "Ủy quyền")))
    return dataclasses.replace(template, fields=template.fields + extra)


def test_combobox_and_checkbox(make, qtbot):
    template = with_extra_fields("to-khai-khai-sinh")
    editor = make(template)
    combo, check = editor.widget_for("noi_nhan"), editor.widget_for("dong_y")
    assert isinstance(combo, QComboBox) and combo.itemText(0) == "" and combo.count() == 6
    assert editor.labels["noi_nhan"].text().endswith("*")
    changed = counter(editor.changed)
    combo.setCurrentIndex(2)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert editor.data()["noi_nhan"] == "Bưu điện" and editor.data()["dong_y"] is True
    assert len(changed) == 2
    combo.setCurrentIndex(0)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert "noi_nhan" not in editor.data() and editor.data()["dong_y"] is False
    editor.set_data({"noi_nhan": "ủy quyền", "dong_y": "có"})
    assert editor.data()["noi_nhan"] == "Ủy quyền" and editor.data()["dong_y"] is True
    editor.set_data({})
    assert editor.data()["dong_y"] is False
    editor.show_problems(validate_data(template, editor.data(), TODAY))
    assert combo.property("problem") == "true" and check.property("problem") != "true"


# --- problems ---------------------------------------------------------------------------

def bad_data(template) -> dict:
    """Required fields left blank, plus a malformed value of every checked type."""
    wrong = {"date": "31/02/2020", "time": "25:70", "id_number": "12", "phone": "123",
             "number": "abc", "choice": "Không có"}
    data = {f.id: wrong[f.type] for f in template.fields if f.type in wrong}
    for g in template.groups:
        entry = {f.id: wrong.get(f.type, "") for f in g.fields}
        data[g.id] = [entry] * (g.maximum + 1) if g.maximum < 3 else [entry, {}, entry]
    return data


@pytest.mark.parametrize("template_id", IDS)
def test_problems_mark_exactly_their_widgets(make, template_id):
    template = TEMPLATES[template_id]
    editor = make(template_id)
    data = bad_data(template)
    editor.set_data(data)
    problems = validate_data(template, data, TODAY)
    assert problems
    editor.show_problems(problems + [Problem("khong_co", "?"), Problem("x[1].y", "?")])
    paths = {p.path for p in problems}
    assert set(editor.problem_paths()) == paths
    for problem in problems:
        widget = editor.widget_for(problem.path)
        assert widget.property("problem") == "true"
        assert problem.message in widget.toolTip()
    for g in template.groups:
        if g.id in paths:
            shown = editor.sections[g.id].problem_label.text()
            assert all(p.message in shown for p in problems if p.path == g.id)
    editor.show_problems([problems[0]])
    assert editor.problem_paths() == [problems[0].path]
    editor.show_problems([])
    assert editor.problem_paths() == []
    for f in template.fields:
        assert editor.widget_for(f.id).toolTip() == f.help
        assert editor.labels[f.id].property("problem") != "true"


def test_required_problems_are_marked_on_an_empty_form(make):
    template = TEMPLATES["to-khai-ket-hon"]
    editor = make("to-khai-ket-hon")
    problems = validate_data(template, editor.data(), TODAY)
    editor.show_problems(problems)
    assert editor.widget_for("kinh_gui").property("problem") == "true"
    assert editor.labels["kinh_gui"].property("problem") == "true"
    assert editor.widget_for("lam_tai").property("problem") != "true"
    assert editor.sections["hai_ben"].problem_label.isVisibleTo(editor)
    assert "hai_ben" in editor.problem_paths()


def test_focus_problem_scrolls_to_the_widget(make, qtbot):
    editor = make("to-khai-khai-sinh")
    editor.resize(900, 400)
    qtbot.wait(10)
    target = editor.widget_for("cha_me[2].giay_to")
    editor.focus_problem("cha_me[2].giay_to")
    assert editor.scroll.verticalScrollBar().value() > 0
    assert editor.focusWidget() is target
    top = target.mapTo(editor.scroll.viewport(), target.rect().topLeft()).y()
    assert 0 <= top < editor.scroll.viewport().height()
    editor.focus_problem("khong_co")       # ignored
    assert editor.focusWidget() is target


# --- group entries ----------------------------------------------------------------------

def test_list_group_adds_up_to_its_maximum_and_removes_to_its_minimum(make, qtbot):
    editor = make("don-de-nghi")
    section = editor.sections["tai_lieu"]
    changed = counter(editor.changed)
    assert section.add_button.text() == "Thêm giấy tờ kèm theo"
    while section.add_button.isEnabled():
        qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert len(section.cards) == 15 == section.group.maximum
    assert len(changed) == 14
    for n, card in enumerate(section.cards, start=1):
        card.inputs["ten"].set_value(f"Giấy {n}")
    assert len(changed) == 14 + 15
    qtbot.mouseClick(section.cards[1].remove_button, Qt.MouseButton.LeftButton)
    assert len(section.cards) == 14 and section.add_button.isEnabled()
    assert len(changed) == 15 + 15                 # 15 names typed, 1 for the removal
    assert [e["ten"] for e in editor.data()["tai_lieu"][:3]] == ["Giấy 1", "Giấy 3", "Giấy 4"]
    assert editor.widget_for("tai_lieu[2].ten").text() == "Giấy 3"
    while section.cards:
        qtbot.mouseClick(section.cards[0].remove_button, Qt.MouseButton.LeftButton)
    assert editor.data()["tai_lieu"] == [] and section.add_button.isEnabled()


def test_fixed_group_cannot_grow_or_shrink_but_entries_can_be_cleared(make, qtbot):
    editor = make("to-khai-ket-hon")
    section = editor.sections["hai_ben"]
    assert not section.add_button.isEnabled()
    editor.set_data({"hai_ben": [{"ho_ten": "Nguyễn Thị Ánh Tuyết"}, {"ho_ten": "An"}]})
    first = section.cards[0].remove_button
    assert first.isEnabled() and first.text() == "Xóa trắng"
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert len(section.cards) == 2
    assert editor.data()["hai_ben"] == [{}, {"ho_ten": "An"}]
    assert not first.isEnabled()                     # nothing left to clear


def test_named_slots_never_move(make, qtbot):
    editor = make("to-khai-khai-sinh")
    section = editor.sections["cha_me"]
    editor.set_data({"cha_me": [{"ho_ten": "Mẹ"}, {"ho_ten": "Cha"}]})
    mother, father = (c.remove_button for c in section.cards)
    assert mother.text() == "Xóa trắng" and father.text() == "Xóa"
    qtbot.mouseClick(mother, Qt.MouseButton.LeftButton)      # the father stays the father
    assert editor.data()["cha_me"] == [{}, {"ho_ten": "Cha"}]
    qtbot.mouseClick(father, Qt.MouseButton.LeftButton)
    assert len(section.cards) == 1 and section.add_button.isEnabled()
    assert section.add_button.text() == "Thêm người cha"
    assert section.cards[0].remove_button.text() == "Xóa trắng"   # at the minimum
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert [c.title() for c in section.cards] == ["Người mẹ", "Người cha"]
    assert not section.add_button.isEnabled()


# --- card scans -------------------------------------------------------------------------

def test_scan_button_arms_one_entry(make, qtbot):
    editor = make("to-khai-khai-sinh")
    requested, cancelled = counter(editor.scan_requested), counter(editor.scan_cancelled)
    mother, father = (c.scan_button for c in editor.sections["cha_me"].cards)
    qtbot.mouseClick(father, Qt.MouseButton.LeftButton)
    assert requested == [("cha_me", 1)] and editor.armed_entry() == ("cha_me", 1)
    assert father.text() == "Đang chờ quét…" and mother.text() == "Quét thẻ CCCD"
    qtbot.mouseClick(mother, Qt.MouseButton.LeftButton)
    assert requested[-1] == ("cha_me", 0)
    assert father.text() == "Quét thẻ CCCD" and mother.text() == "Đang chờ quét…"
    qtbot.mouseClick(mother, Qt.MouseButton.LeftButton)       # again: stop waiting
    assert cancelled == [()] and editor.armed_entry() is None
    assert mother.text() == "Quét thẻ CCCD"
    qtbot.mouseClick(mother, Qt.MouseButton.LeftButton)
    editor.disarm()
    assert mother.text() == "Quét thẻ CCCD" and editor.armed_entry() is None


def test_document_lists_have_no_scan_button(make):
    for template_id, gid in (("don-de-nghi", "tai_lieu"), ("phieu-yeu-cau-chung-thuc",
                                                           "giay_to_kem")):
        card = make(template_id).sections[gid].cards[0]
        assert not card.scan_button.isVisibleTo(card)
    card = make("to-khai-khai-tu").sections["nguoi_chet"].cards[0]
    assert card.scan_button.isVisibleTo(card)


def test_apply_person_fills_the_bound_fields_of_the_entry(make, qtbot):
    editor = make("to-khai-khai-sinh")
    qtbot.mouseClick(editor.sections["cha_me"].cards[1].scan_button, Qt.MouseButton.LeftButton)
    changed = counter(editor.changed)
    kept = editor.apply_person("cha_me", 1, card_values(AN))
    assert kept == [] and len(changed) == 1 and editor.armed_entry() is None
    assert editor.sections["cha_me"].cards[1].scan_button.text() == "Quét thẻ CCCD"
    assert editor.data()["cha_me"] == [{}, {
        "ho_ten": "Nguyễn Văn An", "nam_sinh": "01/01/1999",
        "noi_cu_tru": "Số 1, Phố X, Phường Y, Hà Nội",
        "giay_to": "Căn cước công dân số 001099012345 do Cục Cảnh sát QLHC về TTXH "
                   "cấp ngày 15/08/2021"}]


def test_apply_person_keeps_what_the_officer_typed_unless_told(make, qtbot):
    editor = make("to-khai-khai-sinh")
    type_text(editor.widget_for("cha_me[1].ho_ten"), "Nguyễn Thị Tuyết")
    type_text(editor.widget_for("cha_me[1].nam_sinh"), "1998")
    type_text(editor.widget_for("cha_me[1].noi_cu_tru"), "số 12,  NGÕ 34 phố Đội Cấn, "
                                                              "Phường Ba Đình, Hà Nội")
    type_text(editor.widget_for("cha_me[1].dan_toc"), "Kinh")
    changed = counter(editor.changed)
    kept = editor.apply_person("cha_me", 0, card_values(TUYET))
    assert kept == ["Họ, chữ đệm, tên người mẹ", "Năm sinh (người mẹ)"]
    entry = editor.data()["cha_me"][0]
    assert entry["ho_ten"] == "Nguyễn Thị Tuyết" and entry["nam_sinh"] == "1998"
    assert entry["noi_cu_tru"].startswith("số 12,  NGÕ")          # same text: not asked
    assert entry["giay_to"].startswith("Thẻ căn cước số 001199054321")
    assert len(changed) == 1
    assert editor.apply_person("cha_me", 0, card_values(TUYET), overwrite=True) == []
    entry = editor.data()["cha_me"][0]
    assert entry["ho_ten"] == "Nguyễn Thị Ánh Tuyết" and entry["nam_sinh"] == "12/03/1998"
    assert entry["dan_toc"] == "Kinh"                               # not on the card
    assert len(changed) == 2
    assert editor.apply_person("cha_me", 0, card_values(TUYET)) == []
    assert len(changed) == 2                                        # nothing new: no signal


def test_apply_person_grows_the_group_and_sets_choices(make):
    editor = make("to-khai-khai-sinh")
    editor.set_data({"cha_me": [{"ho_ten": "Mẹ"}]})
    editor.sections["cha_me"].remove_entry(1)
    assert len(editor.sections["cha_me"].cards) == 1
    editor.apply_person("cha_me", 1, card_values(AN))
    assert editor.data()["cha_me"][1]["ho_ten"] == "Nguyễn Văn An"
    with pytest.raises(IndexError):
        editor.apply_person("cha_me", 2, card_values(AN))
    with pytest.raises(KeyError):
        editor.apply_person("khong_co", 0, card_values(AN))
    copy = make("to-khai-cap-ban-sao-trich-luc")
    copy.apply_person("nguoi_duoc_cap", 0, card_values(TUYET))
    assert copy.data()["nguoi_duoc_cap"][0]["gioi_tinh"] == "Nữ"
    assert copy.data()["nguoi_duoc_cap"][0]["ngay_sinh"] == "12/03/1998"


def test_removing_an_entry_disarms_and_unmarks_the_group(make, qtbot):
    editor = make("don-de-nghi")
    section = editor.sections["tai_lieu"]
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    editor.show_problems([Problem("tai_lieu[2].ten", "Tên giấy tờ: bắt buộc"),
                          Problem("noi_dung", "Nội dung đề nghị: bắt buộc")])
    assert editor.problem_paths() == ["noi_dung", "tai_lieu[2].ten"]
    qtbot.mouseClick(section.cards[0].remove_button, Qt.MouseButton.LeftButton)
    assert editor.problem_paths() == ["noi_dung"]
    khai_sinh = make("to-khai-khai-sinh")
    cancelled = counter(khai_sinh.scan_cancelled)
    cards = khai_sinh.sections["cha_me"].cards
    khai_sinh.set_data({"cha_me": [{"ho_ten": "Mẹ"}, {"ho_ten": "Cha"}]})
    qtbot.mouseClick(cards[0].scan_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(cards[1].remove_button, Qt.MouseButton.LeftButton)
    assert khai_sinh.armed_entry() is None and len(cancelled) == 1
    assert cards[0].scan_button.text() == "Quét thẻ CCCD"


def test_the_birth_date_in_words_follows_the_date_until_typed_over(make, qtbot):
    editor = make("to-khai-khai-sinh")
    type_text(editor.widget_for("ngay_sinh"), "05/03/2019")
    words = editor.widget_for("ngay_sinh_chu")
    assert words.value() == "Ngày năm, tháng ba, năm hai nghìn không trăm mười chín"
    date_edit = editor.widget_for("ngay_sinh")
    date_edit.clear()
    type_text(date_edit, "15/04/2024")
    assert words.value() == "Ngày mười lăm, tháng tư, năm hai nghìn không trăm hai mươi tư"
    words.clear()
    type_text(words, "Ngày mười lăm tháng tư")           # the officer's own words stay
    date_edit.clear()
    type_text(date_edit, "16/04/2024")
    assert words.value() == "Ngày mười lăm tháng tư"
    editor.set_data({"ngay_sinh": "01/11/2026",
                     "ngay_sinh_chu": "Ngày một, tháng mười một, năm hai nghìn không trăm "
                                      "hai mươi sáu"})
    date_edit.clear()
    type_text(date_edit, "02/11/2026")                   # a loaded draft follows too
    assert words.value().startswith("Ngày hai, tháng mười một")
