"""Time words in a question → a date range, relative to the corpus's newest article."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace

from retrieval.query.timewords import FINDERS, Found, TimeRange, chinese_number
from retrieval.text import vocab
from retrieval.text.patterns import lazy

__all__ = [
    "NEWEST_FIRST_WORDS",
    "TimeRange",
    "chinese_number",
    "find_time_range",
    "wants_newest_first",
]

NEWEST_FIRST_WORDS = vocab.words("time.newest_first")

_JOIN = lazy(r"\s*(?:到|至|—|－|-|~|～|和|与|及|或|、)\s*")


def wants_newest_first(text: str) -> bool:
    """Tell whether the question asks for the latest things first (最近, 近期 …)."""
    return any(word in text for word in NEWEST_FIRST_WORDS)


def find_time_range(text: str, today: dt.date | None) -> TimeRange | None:
    """Find the first time expression in a question as a date range.

    Expressions joined by 到/至/和 (11月到12月, 11月和12月) make one range spanning them.
    """
    found = _expressions(text, today)
    if not found:
        return None
    first = last = found[0]
    when = first.range
    for second in found[1:]:
        if not _JOIN.fullmatch(text[last.end : second.start]):
            break
        when, last = _join(first, second, text[first.start : second.end]), second
    return when


def _expressions(text: str, today: dt.date | None) -> list[Found]:
    """Every time expression, by position; the longest wins where two overlap."""
    found = sorted(
        (f for finder in FINDERS for f in finder(text, today)), key=lambda f: (f.start, -f.end)
    )
    kept: list[Found] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def _join(first: Found, second: Found, words: str) -> TimeRange:
    """A range from the start of one expression to the end of the next (11月到12月)."""
    end = second.range
    if not second.fixed:  # "2020年3月到5月": the second month is in the first one's year
        end = _shift_years(end, first.range.date_from.year - end.date_from.year)
        if end.date_from < first.range.date_from:
            end = _shift_years(end, 1)
    year = f"{first.range.date_from.year}年"
    same_year = end.period.startswith(year) and end.period != year
    period = f"{first.range.period}至{end.period.removeprefix(year) if same_year else end.period}"
    return TimeRange(first.range.date_from, end.date_to, period, words)


def _shift_years(found: TimeRange, years: int) -> TimeRange:
    start, end = found.date_from, found.date_to
    start = start.replace(year=start.year + years, day=min(start.day, 28))
    last = calendar.monthrange(end.year + years, end.month)[1]
    end = end.replace(year=end.year + years, day=min(end.day, last))
    period = re.sub(r"\d{4}", lambda m: str(int(m[0]) + years), found.period)
    return replace(found, date_from=start, date_to=end, period=period)
