"""Time words in a question → a date range, relative to the corpus's newest article."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

NEWEST_FIRST_WORDS = ("最近", "近期", "近来", "最新", "新近", "这段时间", "这阵子", "近日")

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"

# Most specific first: a full date beats a month, a month beats a bare year.
_DAY = re.compile(
    rf"(?:(?P<y>{_YEAR})年)?(?P<m>{_NUM})月(?P<d>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
)
_MONTH = re.compile(rf"(?:(?P<y>{_YEAR})年)?(?P<m>{_NUM})月份?")
# "2021~2022年" names a season, not the year 2022.
_YEAR_ONLY = re.compile(rf"(?<![~～\-—至到])(?P<y>{_YEAR})年(?:度)?")
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "去年": -1, "上一年": -1, "前年": -2}
_RELATIVE_MONTH = {"本月": 0, "这个月": 0, "上个月": -1, "上月": -1}


@dataclass(frozen=True, slots=True)
class TimeRange:
    """A date filter found in a question, the words it came from, and how to name it."""

    date_from: dt.date
    date_to: dt.date
    period: str  # the range in Chinese, e.g. "2021年12月"
    words: str  # the span of the question it was read from


def chinese_number(text: str) -> int | None:
    """Read 3, 12, 三, 十二, 二十一, 二〇二一 as an int (None when it is not a number)."""
    if text.isdigit():
        return int(text)
    if text and all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    if "十" in text:
        tens, _, units = text.partition("十")
        high = _DIGITS.get(tens, 1) if tens else 1
        low = _DIGITS.get(units, 0) if units else 0
        return high * 10 + low
    return None


def wants_newest_first(text: str) -> bool:
    """Tell whether the question asks for the latest things first (最近, 近期 …)."""
    return any(word in text for word in NEWEST_FIRST_WORDS)


def find_time_range(text: str, today: dt.date | None) -> TimeRange | None:
    """Find the first time expression in a question and turn it into a date range."""
    for finder in (_find_day, _find_month, _find_relative, _find_year):
        found = finder(text, today)
        if found is not None:
            return found
    return None


def _year_of(raw: str | None, month: int, today: dt.date | None) -> int | None:
    """The year a bare month refers to: the latest one not after today."""
    if raw:
        return chinese_number(raw)
    if today is None:
        return None
    return today.year if month <= today.month else today.year - 1


def _find_day(text: str, today: dt.date | None) -> TimeRange | None:
    for match in _DAY.finditer(text):
        month, day = chinese_number(match["m"]), chinese_number(match["d"])
        year = _year_of(match["y"], month or 0, today)
        if month is None or day is None or year is None:
            continue
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        return TimeRange(date, date, f"{year}年{month}月{day}日", match[0])
    return None


def _find_month(text: str, today: dt.date | None) -> TimeRange | None:
    for match in _MONTH.finditer(text):
        month = chinese_number(match["m"])
        if month is None or not 1 <= month <= 12:
            continue
        year = _year_of(match["y"], month, today)
        if year is None or not 1 <= year <= 9999:
            continue
        return _month_range(year, month, match[0])
    return None


def _month_range(year: int, month: int, words: str) -> TimeRange:
    last = calendar.monthrange(year, month)[1]
    return TimeRange(
        dt.date(year, month, 1), dt.date(year, month, last), f"{year}年{month}月", words
    )


def _find_relative(text: str, today: dt.date | None) -> TimeRange | None:
    if today is None:
        return None
    for words, shift in _RELATIVE_MONTH.items():
        if words in text:
            month_index = today.year * 12 + today.month - 1 + shift
            return _month_range(month_index // 12, month_index % 12 + 1, words)
    for words, shift in _RELATIVE_YEAR.items():
        if words in text:
            return _year_range(today.year + shift, words)
    return None


def _find_year(text: str, today: dt.date | None) -> TimeRange | None:
    for match in _YEAR_ONLY.finditer(text):
        year = chinese_number(match["y"])
        if year is not None and 1 <= year <= 9999:
            return _year_range(year, match[0])
    return None


def _year_range(year: int, words: str) -> TimeRange:
    return TimeRange(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年", words)
