"""Parsing the numbers notices write: 十, 二十一, 一百零五, 两, 二〇一〇, 47, ４７."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_TENS = {"廿": 20, "卅": 30}

# Characters a Chinese or Arabic numeral may be written with (for building patterns).
NUMERAL_CHARS = "0-9０-９" + "".join(_DIGITS) + "".join(_UNITS) + "".join(_TENS) + "万"
NUMERAL = re.compile(f"[{NUMERAL_CHARS}]+")


def parse_cn_int(s: str) -> int | None:
    """The integer written as ``s``, or ``None`` when ``s`` is not a whole number.

    Arabic digits (ASCII or full-width), Chinese numerals with units (十 = 10, 十五 = 15,
    二十 = 20, 一百零五 = 105, 两千 = 2000, 三万五千 = 35000) and digit-by-digit years
    (二〇一〇 = 2010, 一九七八 = 1978).
    """
    s = s.strip()
    if not s:
        return None
    if s.isdecimal():
        try:
            return int(s)
        except ValueError:
            return None
    if any(ch not in _DIGITS and ch not in _UNITS and ch not in _TENS and ch != "万"
           for ch in s):
        return None
    if all(ch in _DIGITS for ch in s):
        if len(s) == 1:
            return _DIGITS[s]
        if "两" in s:
            return None
        return int("".join(str(_DIGITS[ch]) for ch in s))
    total = section = 0
    digit: int | None = None
    last_unit = 10**9
    for ch in s:
        if ch in _DIGITS:
            if digit is not None and digit != 0:
                return None  # 二三十: two digits in a row
            digit = _DIGITS[ch]
        elif ch in _TENS:
            if digit is not None and digit != 0:
                return None
            section += _TENS[ch]
            digit, last_unit = None, 10
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return None  # 十百: units must fall
            section += (digit if digit else 1) * unit
            digit, last_unit = None, unit
        else:  # 万
            if total:
                return None
            total = (section + (digit or 0)) * 10_000
            if total == 0:
                return None
            section, digit, last_unit = 0, None, 10**9
    return total + section + (digit or 0)
