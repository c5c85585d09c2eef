"""Dossier codes (mã hồ sơ), TT 01/2018/TT-VPCP Điều 19: ``{agency}-{yymmdd}-{seq:04d}``.

The template is configuration because formats differ (a 2026 national sample
uses an 8-digit date and a 7-digit sequence). Placeholders: ``agency``,
``yymmdd``, ``yyyymmdd``, ``yyyy``, ``yy``, ``mm``, ``dd``, ``seq`` (with a
width, e.g. ``{seq:07d}``). The sequence runs per agency per day.
"""

from __future__ import annotations

import re
import string
from datetime import date

DEFAULT_TEMPLATE = "{agency}-{yymmdd}-{seq:04d}"
_DATE_KEYS = {"yymmdd": 6, "yyyymmdd": 8, "yyyy": 4, "yy": 2, "mm": 2, "dd": 2}
_KEYS = {"agency", "seq", *_DATE_KEYS}
_SEQ_SPEC = re.compile(r"^0(\d)d$")


class CodeFormat:
    """A validated code template that formats codes and recognises them."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.seq_width = self._validate(template)

    @staticmethod
    def _validate(template: str) -> int:
        width = None
        has_date = False
        try:
            parts = list(string.Formatter().parse(template))
        except ValueError as exc:
            raise ValueError(f"mẫu mã hồ sơ {template!r} sai cú pháp ({exc})") from None
        for _, name, spec, conv in parts:
            if name is None:
                continue
            if name not in _KEYS or conv:
                raise ValueError(f"mẫu mã hồ sơ có trường lạ {{{name}}}; "
                                 f"dùng: {', '.join(sorted(_KEYS))}")
            if name == "seq":
                m = _SEQ_SPEC.match(spec or "")
                if not m:
                    raise ValueError("số thứ tự phải có độ dài cố định, ví dụ {seq:04d}")
                width = int(m.group(1))
            elif spec:
                raise ValueError(f"trường {{{name}}} không nhận định dạng")
            has_date = has_date or name in _DATE_KEYS
        if width is None or not has_date:
            raise ValueError("mẫu mã hồ sơ phải có ngày và số thứ tự, ví dụ "
                             + DEFAULT_TEMPLATE)
        return width

    @property
    def max_seq(self) -> int:
        return 10**self.seq_width - 1

    def check_block(self, start: int, end: int) -> None:
        if not 1 <= start <= end <= self.max_seq:
            raise ValueError(f"khối số thứ tự {start}–{end} phải nằm trong 1–{self.max_seq} "
                             "và số đầu không lớn hơn số cuối")

    def format(self, agency: str, day: date, seq: int) -> str:
        if not 1 <= seq <= self.max_seq:
            raise ValueError(f"số thứ tự {seq} vượt quá {self.max_seq}")
        return self.template.format(
            agency=agency, seq=seq, yymmdd=f"{day:%y%m%d}", yyyymmdd=f"{day:%Y%m%d}",
            yyyy=f"{day:%Y}", yy=f"{day:%y}", mm=f"{day:%m}", dd=f"{day:%d}")

    def regex(self, agency: str | None = None) -> re.Pattern[str]:
        """A pattern matching codes of this format (any agency if ``agency`` is None)."""
        out = []
        for literal, name, spec, _ in string.Formatter().parse(self.template):
            out.append(re.escape(literal))
            if name == "agency":
                out.append(re.escape(agency) if agency else r"(?P<agency>[0-9A-Za-z.]+?)")
            elif name == "seq":
                out.append(rf"(?P<seq>\d{{{self.seq_width}}})")
            elif name:
                out.append(rf"(?P<{name}>\d{{{_DATE_KEYS[name]}}})")
        return re.compile("^" + "".join(out) + "$")

    def matches(self, text: str) -> bool:
        return self.regex().match(text.strip()) is not None


# Office mode (docs/OFFICE.md): the office hub lends devices blocks of the daily sequence
# from 1 up to ``lease_limit``; the top fifth of the sequence is the island zone, cut into
# ISLAND_SLOTS device blocks, one per island tag (K, L, M …), which a device draws from
# only when it holds no lease with room — the hub never lends from that zone, so such
# codes cannot collide with any other device's.
ISLAND_SLOTS = 40
# Island tags in the order the server hands them out (sync_server.protocol.island_tag):
# letters not easily taken for a digit, then K2, L2 …
TAG_LETTERS = "KLMNPQRSTUVWXY"


def lease_limit(max_seq: int) -> int:
    """The last sequence number the hub may lend."""
    return max_seq - max_seq // 5


def island_block(max_seq: int, tag: str | None) -> tuple[int, int] | None:
    """The block of the island zone that belongs to island tag ``tag`` (None when the tag
    has no slot or the format's sequence is too short for one)."""
    slot = _tag_slot(tag or "")
    size = (max_seq // 5) // ISLAND_SLOTS
    if slot is None or slot >= ISLAND_SLOTS or size < 1:
        return None
    end = max_seq - slot * size
    return end - size + 1, end


def _tag_slot(tag: str) -> int | None:
    letter, rest = tag[:1], tag[1:]
    if not letter or letter not in TAG_LETTERS or not (rest == "" or rest.isdigit()):
        return None
    round_ = int(rest) if rest else 1
    return (round_ - 1) * len(TAG_LETTERS) + TAG_LETTERS.index(letter) if round_ >= 1 \
        else None
