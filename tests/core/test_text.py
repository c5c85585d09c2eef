import unicodedata

from hypothesis import given, strategies as st

from counter_app.domain.text import clean, fold, matches, nfc


def test_fold_removes_diacritics_case_and_d_bar():
    assert fold("Nguyễn Văn Ánh") == "nguyen van anh"
    assert fold("ĐẶNG THỊ ĐÀO") == "dang thi dao"
    assert fold("  Hộ   tịch\t") == "ho tich"


def test_nfc_and_nfd_inputs_fold_the_same():
    composed = "Trần Thị Ngọc Diễm"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold(composed) == fold(decomposed)
    assert nfc(decomposed) == composed


def test_matches_word_by_word():
    assert matches("nguyen van a", "Nguyễn Văn An")
    assert matches("van nguyen", "Nguyễn Văn An")
    assert not matches("nguyen thi", "Nguyễn Văn An")


def test_clean_collapses_spaces_and_composes():
    assert clean("  Số 1,\n Phố  X ") == "Số 1, Phố X"


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(s):
    once = fold(s)
    assert fold(once) == once


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩị"
                        "óòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ ", max_size=40))
def test_fold_of_vietnamese_is_plain_ascii(s):
    assert fold(s).isascii()


def test_printable_removes_controls_bidi_and_surrogates():
    from counter_app.domain.text import printable
    assert printable("Nguy\u202eễn\u202c Văn\x00 A\u2066n\u2069\u200e\u200f\ufeff\ud800") == \
        "Nguyễn Văn An"
    assert printable("a\tb\nc\u2028d") == "a b c d"      # control white space keeps words apart
    assert clean(" \u202aSố 1,\x07 Phố X\u202c ") == "Số 1, Phố X"


def test_ascii_digits_normalises_every_decimal_digit_only():
    from counter_app.domain.text import ascii_digits
    assert ascii_digits("００１０９９０１２３４５") == "001099012345"
    assert ascii_digits("٠١٢ ०१२ 0x") == "012 012 0x"
    assert ascii_digits("¹²³") == "¹²³"       # superscripts are not decimal digits
    assert fold("Số ０９１２") == "so 0912"


@given(st.text(st.characters(exclude_categories=())))
def test_clean_and_fold_of_any_text_are_storable_and_visible(text):
    import unicodedata as ud
    for out in (clean(text), fold(text)):
        out.encode("utf-8")                      # no lone surrogate left: SQLite can store it
        assert not any(ud.category(ch) in ("Cc", "Cf", "Cs") for ch in out)
