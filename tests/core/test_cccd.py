"""The ID-card QR parser (domain.md §6). All numbers and names are synthetic."""

import unicodedata
from datetime import date

import pytest
from hypothesis import given, strategies as st

from counter_app.domain import cccd
from counter_app.domain.cccd import CccdParseError, looks_like_cccd, parse
from counter_app.domain.provinces import PROVINCES, province_name
from counter_app.errors import UserInputError

TODAY = date(2026, 6, 1)
EXAMPLE = "001099012345|123456789|Nguyễn Văn A|01011999|Nam|Số 1, Phố X, Phường Y, Hà Nội|15082021"


def card(id_number="001099012345", old="123456789", name="Nguyễn Văn A", birth="01011999",
         gender="Nam", address="Số 1, Phố X, Phường Y, Hà Nội", issue="15082021", extra=()):
    """A QR text; a field given as None is left out (the 6-field variants)."""
    fields = [id_number, old, name, birth, gender, address, issue, *extra]
    return "|".join(f for f in fields if f is not None)


def codes(text, today=TODAY):
    return parse(text, today=today).warning_codes


def mojibake(text, codec):
    """UTF-8 bytes shown through a single-byte code page (undefined bytes as Latin-1)."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def test_domain_example_reads_every_field_without_warnings():
    d = parse(EXAMPLE, today=TODAY)
    assert (d.id_number, d.old_id_number, d.full_name) == ("001099012345", "123456789",
                                                          "Nguyễn Văn A")
    assert (d.birth_date, d.gender, d.issue_date) == (date(1999, 1, 1), "Nam", date(2021, 8, 15))
    assert d.address == "Số 1, Phố X, Phường Y, Hà Nội"
    assert d.extra == () and d.warnings == ()


def test_to_dict_shape_iso_dates_and_warning_items():
    out = parse(card(gender="Nữ"), today=TODAY).to_dict()
    assert {"id_number", "old_id_number", "full_name", "birth_date", "gender", "address",
            "issue_date", "warnings", "extra"} <= set(out)
    assert out["birth_date"] == "1999-01-01" and out["issue_date"] == "2021-08-15"
    assert isinstance(out["warnings"], list) and isinstance(out["extra"], list)
    assert out["warnings"] == [{"code": "gender_digit_mismatch",
                                "message": out["warnings"][0]["message"]}]
    assert "Nữ" in out["warnings"][0]["message"]


def test_empty_old_number_is_none():
    assert parse(card(old=""), today=TODAY).old_id_number is None


def test_eleven_fields_with_empty_trailing_fields_is_a_plain_card():
    d = parse(card(extra=("", "", "", "")), today=TODAY)
    assert d.extra == () and d.warnings == ()
    assert d.issue_date == date(2021, 8, 15)


def test_non_empty_trailing_fields_are_kept_in_place():
    d = parse(card(extra=("", "ABC", "", "")), today=TODAY)
    assert d.extra == ("", "ABC", "", "") and d.warning_codes == ["extra_fields"]
    assert d.to_dict()["extra"] == ["", "ABC", "", ""]


def test_six_fields_have_no_issue_date():
    d = parse(card(issue=None), today=TODAY)
    assert d.issue_date is None and d.address.endswith("Hà Nội")
    assert d.warning_codes == ["issue_date_missing"]


def test_six_fields_without_the_old_number_field_are_realigned():
    text = "001099012345|Nguyễn Văn A|01011999|Nam|Số 1, Hà Nội|15082021"
    d = parse(text, today=TODAY)
    assert d.old_id_number is None and d.full_name == "Nguyễn Văn A"
    assert d.issue_date == date(2021, 8, 15) and d.warning_codes == ["old_id_field_missing"]


@pytest.mark.parametrize("wrap", [
    lambda s: f"  {s}  ", lambda s: s + "\r\n", lambda s: s + "\n", lambda s: "\ufeff" + s,
    lambda s: "\ufeff" + s + "\r\n", lambda s: unicodedata.normalize("NFD", s),
    lambda s: "]Q1" + s + "\r", lambda s: "\x02" + s + "\x03",
])
def test_scanner_framing_and_nfd_are_tolerated(wrap):
    d = parse(wrap(EXAMPLE), today=TODAY)
    assert d.to_dict() == parse(EXAMPLE, today=TODAY).to_dict()
    assert d.full_name == "Nguyễn Văn A" and unicodedata.is_normalized("NFC", d.address)
    assert d.warnings == ()


def test_bytes_are_decoded_as_utf8():
    d = parse(b"\xef\xbb\xbf" + EXAMPLE.encode() + b"\r\n", today=TODAY)
    assert d.full_name == "Nguyễn Văn A" and d.warnings == ()


WARNING_CASES = [
    (card(gender="Nữ"), "gender_digit_mismatch"),
    (card(id_number="001299012345"), "century_digit_mismatch"),
    (card(id_number="001088012345"), "birth_year_digits_mismatch"),
    (card(id_number="003099012345"), "province_code_unknown"),
    (card(birth="31021999"), "birth_date_invalid"),
    (card(birth="1999-01-01"), "birth_date_invalid"),
    (card(birth="01011850"), "birth_date_invalid"),
    (card(birth="01012099", issue=""), "birth_date_in_future"),
    (card(birth=""), "birth_date_missing"),
    (card(issue="1508202"), "issue_date_invalid"),
    (card(issue="15082099"), "issue_date_in_future"),
    (card(issue=""), "issue_date_missing"),
    (card(issue="15081998"), "issue_before_birth"),
    (card(gender="Khác"), "gender_unknown"),
    (card(gender=""), "gender_unknown"),
    (card(name=""), "name_empty"),
    (card(address=" "), "address_empty"),
    (card(old="12345"), "old_id_invalid"),
    (card(old="12345678X"), "old_id_invalid"),
    (card(extra=("", "", "", "X")), "extra_fields"),
    (card(old=None), "old_id_field_missing"),
    (card().replace("|", "~"), "separator_replaced"),
    (card().replace("|", "¦"), "separator_replaced"),
    (card(name="Nguyeenx Vawn A"), "telex_residue"),
    (card(name="DDoox Thij Hoa"), "telex_residue"),
    (card(name="Nguyen Van A", address="So 1, Pho X, Ha Noi"), "diacritics_missing"),
    (card(name="Nguy\ufffdn V\ufffdn A"), "replacement_char"),
    (mojibake(card(name="Đặng Thị Ánh"), "cp1252"), "mojibake_repaired"),
    (mojibake(card(), "cp1258"), "mojibake_repaired"),
    (card(name="Nguyá»…n Văn A"), "mojibake_suspected"),
]


@pytest.mark.parametrize("text, code", WARNING_CASES)
def test_each_warning_keeps_the_card_readable(text, code):
    d = parse(text, today=TODAY)
    assert code in d.warning_codes
    w = next(w for w in d.warnings if w.code == code)
    assert w.message and "{" not in w.message and w.message.endswith(".")
    assert d.id_number.isdigit() and len(d.id_number) == 12


def test_every_warning_code_is_exercised():
    assert {code for _, code in WARNING_CASES} == set(cccd.WARNING_CODES)


def test_invalid_and_future_dates_are_null_with_raw_text_kept():
    d = parse(card(birth="31021999", issue="15082099"), today=TODAY)
    assert d.birth_date is None and d.birth_date_raw == "31021999"
    assert d.issue_date is None and d.to_dict()["issue_date_raw"] == "15082099"


def test_mojibake_is_repaired_to_the_real_text():
    for codec in ("cp1252", "cp1258"):
        d = parse(mojibake(card(name="Đặng Thị Ánh"), codec), today=TODAY)
        assert d.full_name == "Đặng Thị Ánh" and d.address == "Số 1, Phố X, Phường Y, Hà Nội"


def test_gender_is_canonical_whatever_the_case():
    assert parse(card(gender="NAM"), today=TODAY).gender == "Nam"
    assert parse(card(id_number="001199012345", gender=" nữ "), today=TODAY).gender == "Nữ"


def test_genuine_vietnamese_capitals_are_not_mojibake():
    d = parse(card(name="NGÃ THỊ ĂN", address="Thôn Ấp Ã, Xã Ư"), today=TODAY)
    assert d.full_name == "NGÃ THỊ ĂN" and d.warnings == ()


REFUSALS = [
    ("", "empty"), ("  \r\n", "empty"), ("\ufeff", "empty"),
    ("000.17.22.H56-210531-0001", "dossier_code"),
    ("G09.20-20260609-0092637", "dossier_code"),
    ("123456789", "old_cmnd"),
    ("123456789||Nguyễn Văn A|01011999|Nam|Hà Nội|15082021", "old_cmnd"),
    ("001099012345", "id_only"),
    ("xin chào", "no_separator"),
    ("001099012345 Nguyễn Văn A 01011999", "no_separator"),
    ("a|b|c", "field_count"),
    (card(extra=("",) * 5), "field_count"),
    (card(id_number="00109901234X"), "id_number"),
    (card(id_number="0010990123456"), "id_number"),
    (card(id_number="00109901234"), "id_number"),                    # 11 digits
    (card(id_number="00109901234").replace("|", "~"), "no_separator"),
    (card(id_number=""), "id_number"),
    (card(name="0123 4567"), "name_digits"),
]


@pytest.mark.parametrize("text, code", REFUSALS)
def test_refusals_are_typed_with_a_vietnamese_message(text, code):
    with pytest.raises(CccdParseError) as info:
        parse(text, today=TODAY)
    err = info.value
    assert err.code == code and isinstance(err, UserInputError) and err.exit_code == 2
    message = str(err)
    assert message.endswith(".") and ("thẻ căn cước" in message or "mã hồ sơ" in message)


def test_dossier_code_message_says_so():
    with pytest.raises(CccdParseError, match="mã hồ sơ"):
        parse("000.17.22.H56-210531-0001\r\n")


@pytest.mark.parametrize("id_number", ["00109901234", "12345678901", "0010990123"])
def test_an_id_number_is_12_digits_or_an_old_9_digit_cmnd_nothing_between(id_number):
    """11 (or 10) digits is neither a CCCD (12) nor a CMND (9): refused, never read as a card."""
    text = card(id_number=id_number)
    assert not looks_like_cccd(text)
    with pytest.raises(CccdParseError, match="12 chữ số") as info:
        parse(text, today=TODAY)
    assert info.value.code == "id_number"
    with pytest.raises(CccdParseError):
        parse(id_number, today=TODAY)


def test_old_cmnd_message_says_so():
    with pytest.raises(CccdParseError, match="chứng minh nhân dân"):
        parse("123456789")


@pytest.mark.parametrize("text, expected", [
    (EXAMPLE, True), (EXAMPLE + "\r\n", True), ("\ufeff" + EXAMPLE, True),
    (card(extra=("",) * 4), True), (card().replace("|", "~"), True), ("]Q1" + EXAMPLE, True),
    (card(issue=None), True),
    ("", False), ("123456789", False), ("001099012345", False), ("a|b|c|d|e|f|g", False),
    ("000.17.22.H56-210531-0001", False), ("001099012345|a|b", False),
    (card(extra=("",) * 5), False), (None, False),
])
def test_looks_like_cccd(text, expected):
    assert looks_like_cccd(text) is expected


def test_province_table_has_the_63_codes():
    assert len(PROVINCES) == 63
    assert min(PROVINCES) == "001" and max(PROVINCES) == "096"
    assert province_name("079") == "Hồ Chí Minh" and province_name("048") == "Đà Nẵng"
    assert province_name("003") is None
    assert all(len(c) == 3 and c.isdigit() for c in PROVINCES)


@given(st.text())
def test_parse_never_raises_anything_else(text):
    try:
        parse(text, today=TODAY)
    except CccdParseError:
        pass
    looks_like_cccd(text)


@given(st.binary())
def test_parse_of_bytes_never_raises_anything_else(raw):
    try:
        parse(raw, today=TODAY)
    except CccdParseError:
        pass


@given(st.from_regex(r"[0-9]{12}", fullmatch=True),
       st.lists(st.text(max_size=12), min_size=4, max_size=11))
def test_near_cards_never_raise_anything_else(id_number, rest):
    try:
        parse("|".join([id_number, *rest]), today=TODAY)
    except CccdParseError:
        pass


LETTERS = unicodedata.normalize(
    "NFC", "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩị"
           "óòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
ALPHABET = LETTERS + LETTERS.upper()
words = st.text(alphabet=ALPHABET, min_size=1, max_size=8)
names = st.lists(words, min_size=1, max_size=5).map(" ".join)
address_words = st.text(alphabet=ALPHABET + "0123456789/-.", min_size=1, max_size=10)
addresses = st.lists(st.lists(address_words, min_size=1, max_size=4).map(" ".join),
                     min_size=1, max_size=5).map(", ".join)
framings = st.sampled_from([
    lambda s: s, lambda s: "\ufeff" + s + "\r\n", lambda s: f"  {s}\n",
    lambda s: unicodedata.normalize("NFD", s)])


@st.composite
def cards(draw):
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    issue = draw(st.dates(min_value=birth, max_value=TODAY))
    gender = draw(st.sampled_from(["Nam", "Nữ"]))
    digit = (birth.year // 100 - 19) * 2 + (gender == "Nữ")
    id_number = (draw(st.sampled_from(sorted(PROVINCES))) + str(digit) + f"{birth.year % 100:02d}"
                 + draw(st.from_regex(r"[0-9]{6}", fullmatch=True)))
    old = draw(st.one_of(st.just(""), st.from_regex(r"[0-9]{9}", fullmatch=True)))
    fields = dict(id_number=id_number, old_id_number=old or None, full_name=draw(names),
                  birth_date=birth, gender=gender, address=draw(addresses), issue_date=issue)
    text = "|".join([id_number, old, fields["full_name"], birth.strftime("%d%m%Y"), gender,
                     fields["address"], issue.strftime("%d%m%Y")]
                    + [""] * draw(st.integers(0, 4)))
    return fields, draw(framings)(text)


DIGIT_CODES = {"province_code_unknown", "gender_digit_mismatch", "century_digit_mismatch",
               "birth_year_digits_mismatch"}


@given(cards())
def test_generated_cards_round_trip_exactly(generated):
    fields, text = generated
    d = parse(text, today=TODAY)
    assert {k: getattr(d, k) for k in fields} == fields
    assert d.extra == ()
    assert not DIGIT_CODES & set(d.warning_codes)
    assert not {"mojibake_repaired", "mojibake_suspected", "separator_replaced"} \
        & set(d.warning_codes)
    assert looks_like_cccd(text)


def test_full_width_digits_and_bidi_characters_are_normalised():
    card = parse("００１０９９０１２３４５|１２３４５６７８９|Nguy\u202eễn Văn\x00 An\u202c|"
                 "０１０１１９９９|Nam|Số 1,\u2066 Phố X\u2069|15082021")
    assert card.id_number == "001099012345" and card.old_id_number == "123456789"
    assert card.full_name == "Nguyễn Văn An" and card.address == "Số 1, Phố X"
    assert card.birth_date == date(1999, 1, 1) and not card.warnings
