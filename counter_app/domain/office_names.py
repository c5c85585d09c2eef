"""The names an office prints: its counter unit, and the deciding agency of a procedure.

Since 1/7/2025 the commune-level one-stop counter is the "Trung tâm Phục vụ hành chính
công" of the commune or ward (NĐ 118/2025/NĐ-CP as amended by NĐ 309/2026/NĐ-CP, Điều 5,
as reported to us: neither text could be read here, so the name is configuration,
``office.unit_name``). When it is not set, the name is derived from the office's own
name ("Ủy ban nhân dân phường Ba Đình" → "Trung tâm Phục vụ hành chính công phường Ba
Đình"); an office whose name does not say its commune gets the bare centre name.

Names are kept as they read inside a sentence; forms print them in capitals in headers.
"""

from __future__ import annotations

import re

CENTRE = "Trung tâm Phục vụ hành chính công"
# The old name (TT 01/2018/TT-VPCP, NĐ 61/2018): still what an office may choose to print.
OLD_UNIT = "Bộ phận Tiếp nhận và Trả kết quả"
_COMMITTEE = re.compile(r"^\s*(?:ủy|uỷ)\s+ban\s+nhân\s+dân\s+|^\s*ubnd\s+", re.IGNORECASE)
_LEVELS = ("xã", "phường", "đặc khu", "thị trấn")


def commune_of(office_name: str) -> str:
    """"phường Ba Đình" from "Ủy ban nhân dân phường Ba Đình" or "UBND PHƯỜNG BA ĐÌNH";
    "" when the name does not name a commune, ward or special zone."""
    rest = _COMMITTEE.sub("", office_name or "", count=1).strip()
    level = next((lv for lv in _LEVELS if rest.lower().startswith(lv + " ")), None)
    if level is None:
        return ""
    place = rest[len(level):].strip()
    if place.isupper():          # "BA ĐÌNH" written in capitals in the config
        place = " ".join(_capitalised(w) for w in place.split())
    return f"{level} {place}"


def _capitalised(word: str) -> str:
    """"(DỮ" → "(Dữ": the first letter kept upper, the rest lower."""
    first = next((i for i, ch in enumerate(word) if ch.isalpha()), len(word))
    return word[:first + 1] + word[first + 1:].lower()


def unit_name(configured: str, office_name: str) -> str:
    """The counter unit's name: ``configured`` if set, else the centre of the commune.

    Offices set up before the change often wrote the old name in capitals, as forms
    print it in their headers ("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"); that one reads in
    a sentence as the old legal name does (headers print it in capitals again)."""
    if configured and configured.strip():
        name = " ".join(configured.split())
        return OLD_UNIT if name.casefold() == OLD_UNIT.casefold() else name
    commune = commune_of(office_name)
    return f"{CENTRE} {commune}" if commune else CENTRE


def unit_lines(name: str) -> list[str]:
    """``name`` cut before the commune it names, for a header too narrow for one line:
    ["Trung tâm Phục vụ hành chính công", "phường Ba Đình"], never inside the centre's
    own name; [name] when it names no commune."""
    words = name.split()
    for i in range(1, len(words)):
        if any(" ".join(words[i:i + len(lv.split())]).lower() == lv for lv in _LEVELS):
            return [" ".join(words[:i]), " ".join(words[i:])]
    return [name]


def committee_name(office_name: str) -> str:
    """"Ủy ban nhân dân phường Ba Đình", the proper name of the commune's People's
    Committee (the deciding agency of most commune-level procedures), or the office
    name as configured when it names no commune."""
    commune = commune_of(office_name)
    return f"Ủy ban nhân dân {commune}" if commune else (office_name or "").strip()


def is_office_committee(agency_name: str, office_name: str) -> bool:
    """True when ``agency_name`` is the office's own People's Committee however either is
    written ("Ủy ban nhân dân phường Ba Đình" and "UBND PHƯỜNG BA ĐÌNH"): form 04 and
    the stop notice then head with the office under its parent, not the agency alone."""
    def key(name: str) -> str:        # a note in brackets ("(DỮ LIỆU MẪU)") is not the name
        return " ".join(re.sub(r"\([^()]*\)", " ", committee_name(name)).lower().split())
    agency = " ".join((agency_name or "").lower().split())
    return bool(agency) and (agency == " ".join((office_name or "").lower().split())
                             or (bool(commune_of(agency_name)) and key(agency_name)
                                 == key(office_name)))
