"""Numbers and dates in Vietnamese words, as civil-status forms write a birth date.

"05/03/2019" → "Ngày năm, tháng ba, năm hai nghìn không trăm mười chín".

The rules of reading a number (Northern usage, as in official papers):
- 1 after "mươi" (21, 31…) is "mốt"; after "mười" or alone it is "một" (11, 101);
- 4 after "mươi" is "tư" (24); otherwise "bốn" (4, 14, 104);
- 5 after "mười"/"mươi" is "lăm" (15, 25); alone or after "linh" it is "năm" (5, 105);
- 10 is "mười", 20–90 "… mươi"; a zero tens digit before a unit is "linh" (105 →
  "một trăm linh năm"); a three-digit group after a larger one keeps its "không
  trăm" (2019 → "hai nghìn không trăm mười chín");
- a month is named as in speech: month 4 is "tháng tư".
"""

from __future__ import annotations

from datetime import date

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu", "tỷ")


def _below_thousand(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; ``full``: a group after a larger one (says "không trăm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
        if units:
            words.append(DIGITS[units])
        return words
    words += ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def number_words(n: int) -> str:
    """A whole number 0 ≤ n < 10¹² in words: 2019 → "hai nghìn không trăm mười chín"."""
    if not 0 <= n < 10 ** 12:
        raise ValueError(f"number out of range: {n}")
    if n == 0:
        return DIGITS[0]
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group:
            words += _below_thousand(group, full=bool(words))
            if SCALES[index]:
                words.append(SCALES[index])
    return " ".join(words)


def date_words(d: date) -> str:
    """A date as written on the forms: "Ngày năm, tháng ba, năm hai nghìn không trăm
    mười chín"."""
    month = "tư" if d.month == 4 else number_words(d.month)
    return f"Ngày {number_words(d.day)}, tháng {month}, năm {number_words(d.year)}"
