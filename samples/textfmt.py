"""How values are printed on the pages (Chinese dates, credits)."""

from __future__ import annotations

import datetime as dt

_CN_DIGITS = "〇一二三四五六七八九"


def fmt_credits(c: float) -> str:
    return str(int(c)) if float(c).is_integer() else f"{c:g}"


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def cn_range(d: dt.date, days: int) -> str:
    """"2021年5月12日至14日"; the first day is the truth date."""
    if days <= 1:
        return cn_date(d)
    end = d + dt.timedelta(days=days - 1)
    if end.month == d.month:
        return f"{cn_date(d)}至{end.day}日"
    return f"{cn_date(d)}至{end.month}月{end.day}日"


def _cn_number(n: int) -> str:
    if n < 10:
        return "〇一二三四五六七八九"[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + ("" if ones == 0 else _CN_DIGITS[ones])


def cn_upper_date(d: dt.date, with_day: bool = True) -> str:
    """"二〇二一年五月十四日" style issue dates."""
    y = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
    s = f"{y}年{_cn_number(d.month)}月"
    return s + (f"{_cn_number(d.day)}日" if with_day else "")
