"""Vietnamese numbers and dates in words (birth date "ghi bằng chữ" on civil-status forms)."""

from datetime import date

import pytest

from counter_app.domain.number_words import date_words, number_words


@pytest.mark.parametrize("n, words", [
    (0, "không"), (1, "một"), (4, "bốn"), (5, "năm"), (10, "mười"), (11, "mười một"),
    (14, "mười bốn"), (15, "mười lăm"), (20, "hai mươi"), (21, "hai mươi mốt"),
    (24, "hai mươi tư"), (25, "hai mươi lăm"), (31, "ba mươi mốt"), (100, "một trăm"),
    (101, "một trăm linh một"), (105, "một trăm linh năm"), (110, "một trăm mười"),
    (115, "một trăm mười lăm"), (1000, "một nghìn"), (1905, "một nghìn chín trăm linh năm"),
    (1995, "một nghìn chín trăm chín mươi lăm"), (2000, "hai nghìn"),
    (2001, "hai nghìn không trăm linh một"), (2010, "hai nghìn không trăm mười"),
    (2019, "hai nghìn không trăm mười chín"), (2021, "hai nghìn không trăm hai mươi mốt"),
    (2024, "hai nghìn không trăm hai mươi tư"), (1_000_005, "một triệu không trăm linh năm"),
    (2_500_000, "hai triệu năm trăm nghìn"),
])
def test_number_words(n, words):
    assert number_words(n) == words


@pytest.mark.parametrize("d, words", [
    (date(2019, 3, 5), "Ngày năm, tháng ba, năm hai nghìn không trăm mười chín"),
    (date(2026, 11, 1), "Ngày một, tháng mười một, năm hai nghìn không trăm hai mươi sáu"),
    (date(2024, 4, 14), "Ngày mười bốn, tháng tư, năm hai nghìn không trăm hai mươi tư"),
    (date(2005, 12, 25), "Ngày hai mươi lăm, tháng mười hai, năm hai nghìn không trăm linh năm"),
    (date(2021, 1, 31), "Ngày ba mươi mốt, tháng một, năm hai nghìn không trăm hai mươi mốt"),
    (date(2000, 10, 15), "Ngày mười lăm, tháng mười, năm hai nghìn"),
])
def test_date_words(d, words):
    assert date_words(d) == words


def test_out_of_range_is_refused():
    with pytest.raises(ValueError):
        number_words(-1)
