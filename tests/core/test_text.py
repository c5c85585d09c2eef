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
