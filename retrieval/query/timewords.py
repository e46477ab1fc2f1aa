"""Single time expressions of a question (3月3日, 去年11月, 上半年, 最近三个月) as dates."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from retrieval.models import DatePrecision, describe_date
from retrieval.text import vocab
from retrieval.text.patterns import lazy

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"
_RELATIVE_YEAR = vocab.numbers("time.relative_years")
_RELATIVE_MONTH = vocab.numbers("time.relative_months")
# A year before a month: 2021年, 21年 (two digits only here), 去年.
_YEAR_PART = rf"(?:(?<![\d~～])(?P<y>{_YEAR}|\d{{2}})年|(?P<rel>{'|'.join(_RELATIVE_YEAR)}))?"
_DAY = lazy(
    rf"{_YEAR_PART}(?P<m>{_NUM})月(?P<d>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
)
_MONTH = lazy(rf"{_YEAR_PART}(?P<m>{_NUM})月份?(?P<part>上旬|中旬|下旬|初|底|末)?")
_PARTS = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "底": (21, 31)}
_PARTS["末"] = _PARTS["底"]
_HALF = lazy(rf"{_YEAR_PART}(?P<h>上半年|下半年)")
# "2021~2022年" names a season, not the year 2022.
_YEAR_ONLY = lazy(rf"(?<![~～\-—至到])(?P<y>{_YEAR})年(?:度)?(?:以来)?")
_RELATIVE = lazy(rf"(?P<y>{'|'.join(_RELATIVE_YEAR)})(?:以来)?|(?P<m>{'|'.join(_RELATIVE_MONTH)})")
_RECENT = lazy(r"(?:最近|近|过去|前)(?P<n>\d{1,2}|[一两二三四五六七八九十]{1,2}|半)个?(?P<u>月|年)")
# 最近一周, 近三天, 过去两个星期: a span of days ending at the newest article.
_DAYS_PER = vocab.numbers("time.days_per")
_RECENT_DAYS = lazy(
    r"(?:最近|近|过去|前|这)(?P<n>\d{1,3}|[一两二三四五六七八九十]{1,3})个?"
    rf"(?P<u>{'|'.join(map(re.escape, _DAYS_PER))})"
)


@dataclass(frozen=True, slots=True)
class TimeRange:
    """A date filter found in a question, the words it came from, and how to name it."""

    date_from: dt.date
    date_to: dt.date
    period: str  # the range in Chinese, e.g. "2021年12月"
    words: str  # the span of the question it was read from


@dataclass(frozen=True, slots=True)
class Found:
    """A time expression at a place in the question; `fixed` when it named its year."""

    start: int
    end: int
    range: TimeRange
    fixed: bool


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


def _year_of(match: re.Match[str], month: int, today: dt.date | None) -> int | None:
    """The year a month refers to: as written, relative to today, else the latest one."""
    if match["y"]:
        year = chinese_number(match["y"])
        return year + 2000 if year is not None and len(match["y"]) == 2 else year
    if today is None:
        return None
    if match["rel"]:
        return today.year + _RELATIVE_YEAR[match["rel"]]
    return today.year if month <= today.month else today.year - 1


def _fixed(match: re.Match[str]) -> bool:
    return bool(match["y"] or match["rel"])


def find_days(text: str, today: dt.date | None) -> Iterator[Found]:
    for match in _DAY.finditer(text):
        month, day = chinese_number(match["m"]), chinese_number(match["d"])
        year = _year_of(match, month or 0, today)
        if month is None or day is None or year is None or not 1 <= year <= 9999:
            continue
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        when = TimeRange(date, date, _chinese(date), match[0])
        yield Found(match.start(), match.end(), when, _fixed(match))


def find_months(text: str, today: dt.date | None) -> Iterator[Found]:
    for match in _MONTH.finditer(text):
        month = chinese_number(match["m"])
        if month is None or not 1 <= month <= 12:
            continue
        year = _year_of(match, month, today)
        if year is None or not 1 <= year <= 9999:
            continue
        when = _month_range(year, month, match[0])
        if match["part"]:
            first, last = _PARTS[match["part"]]
            last = min(last, when.date_to.day)
            name = "下旬" if match["part"] in ("底", "末") else match["part"]
            name = "上旬" if name == "初" else name
            when = TimeRange(
                when.date_from.replace(day=first), when.date_to.replace(day=last),
                when.period + name, match[0],
            )  # fmt: skip
        yield Found(match.start(), match.end(), when, _fixed(match))


def find_halves(text: str, today: dt.date | None) -> Iterator[Found]:
    for match in _HALF.finditer(text):
        first_month = 1 if match["h"] == "上半年" else 7
        year = _year_of(match, first_month, today)
        if year is None or not 1 <= year <= 9999:
            continue
        start, end = dt.date(year, first_month, 1), dt.date(year, first_month + 5, 30)
        end = end if first_month == 1 else dt.date(year, 12, 31)
        when = TimeRange(start, end, f"{year}年{match['h']}", match[0])
        yield Found(match.start(), match.end(), when, _fixed(match))


def find_recent(text: str, today: dt.date | None) -> Iterator[Found]:
    """最近三个月, 近半年, 过去一年: a span ending at the newest article."""
    if today is None:
        return
    for match in _RECENT.finditer(text):
        count = 6 if match["n"] == "半" else chinese_number(match["n"])
        if not count:
            continue
        months = count * (12 if match["u"] == "年" and match["n"] != "半" else 1)
        index = today.year * 12 + today.month - 1 - months
        year, month = index // 12, index % 12 + 1
        start = dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
        start += dt.timedelta(days=1)
        end = _chinese(today).removeprefix(f"{start.year}年")
        period = f"{_chinese(start)}至{end}"
        yield Found(match.start(), match.end(), TimeRange(start, today, period, match[0]), True)


def find_recent_days(text: str, today: dt.date | None) -> Iterator[Found]:
    """最近一周, 近三天: that many days up to and including the newest article's day."""
    if today is None:
        return
    for match in _RECENT_DAYS.finditer(text):
        count = chinese_number(match["n"])
        if not count or count > 400:
            continue
        start = today - dt.timedelta(days=count * _DAYS_PER[match["u"]] - 1)
        if start.year < 1:
            continue
        end = _chinese(today).removeprefix(f"{start.year}年")
        period = f"{_chinese(start)}至{end}"
        yield Found(match.start(), match.end(), TimeRange(start, today, period, match[0]), True)


def _month_range(year: int, month: int, words: str) -> TimeRange:
    last = calendar.monthrange(year, month)[1]
    return TimeRange(
        dt.date(year, month, 1), dt.date(year, month, last), f"{year}年{month}月", words
    )


def find_relative(text: str, today: dt.date | None) -> Iterator[Found]:
    if today is None:
        return
    for match in _RELATIVE.finditer(text):
        if match["m"]:
            index = today.year * 12 + today.month - 1 + _RELATIVE_MONTH[match["m"]]
            when = _month_range(index // 12, index % 12 + 1, match[0])
        else:
            when = _year_range(today.year + _RELATIVE_YEAR[match["y"]], match[0])
        yield Found(match.start(), match.end(), when, True)


def find_years(text: str, today: dt.date | None) -> Iterator[Found]:
    for match in _YEAR_ONLY.finditer(text):
        year = chinese_number(match["y"])
        if year is not None and 1 <= year <= 9999:
            yield Found(match.start(), match.end(), _year_range(year, match[0]), True)


def _year_range(year: int, words: str) -> TimeRange:
    return TimeRange(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年", words)


def _chinese(date: dt.date) -> str:
    return describe_date(date, DatePrecision.DAY)


Finder = Callable[[str, dt.date | None], Iterator[Found]]
FINDERS: tuple[Finder, ...] = (
    find_days, find_months, find_halves, find_recent, find_recent_days, find_relative,
    find_years,
)  # fmt: skip
