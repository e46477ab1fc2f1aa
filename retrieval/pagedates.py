"""Dates on a page: the article's own date, the page's newest date, the page's year."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from retrieval.models import DatePrecision

MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[~～\-－—–至到]((?:19|20)\d{2}))?年")
# "Shortly before publication" wording; longest first so 近年来 wins over 近年.
APPROX_WORDS = ("近年来", "连日来", "近日", "日前", "近期", "近来", "近年")
# A mention of year X in these contexts speaks of the future, so the page is from X-1.
FUTURE_BEFORE = re.compile(r"谋划|布局|规划|明年|展望")
FUTURE_AFTER = re.compile(r"^是[^。；;]{0,30}?之年")
NOT_EVENT = re.compile(r"(?:自|从|截至|截止|至|到|于)$")
PURPOSE = ("为", "据", "根据", "按照", "围绕", "在")
CLAUSE = re.compile(r"[，,；;：:]")
SENTENCE = re.compile(r"[。！？!?]")
UNDATED_NOTE = "未注明日期"
MIN_YEAR = 1900


def flatten(text: str) -> str:
    """Return the text without any whitespace, so dates broken across lines match."""
    return "".join(text.split())


def infer_year(text: str) -> int | None:
    """Guess a page's publication year from the years it mentions, or None."""
    flat = flatten(text)
    scores: Counter[int] = Counter()
    for match in YEAR.finditer(flat):
        year = int(match.group(1))
        before = flat[max(0, match.start() - 6) : match.start()]
        if FUTURE_BEFORE.search(before) or FUTURE_AFTER.match(flat[match.end() :]):
            year -= 1
        if year >= MIN_YEAR:
            scores[year] += 1
    if not scores:
        return None
    return max(scores, key=lambda year: (scores[year], year))


def make_date(year: int, month: str, day: str) -> dt.date | None:
    """Build a date, or None when month/day are impossible."""
    try:
        return dt.date(year, int(month), int(day))
    except ValueError:
        return None


def newest_date(text: str, year: int) -> dt.date | None:
    """Return the newest valid month/day date on the page, in the given year."""
    dates = [make_date(year, *m.groups()) for m in MONTH_DAY.finditer(flatten(text))]
    return max((d for d in dates if d is not None), default=None)


def event_date(sentence: str, year: int) -> dt.date | None:
    """Return the date of the event a lead sentence reports, or None."""
    clauses = [c for c in CLAUSE.split(sentence) if c]
    for clause in clauses:  # a clause that opens with its date: "5月8日下午,…"
        match = MONTH_DAY.match(clause)
        if match and (found := make_date(year, *match.groups())):
            return found
    for clause in clauses:  # else a date inside the event clause, not "自11月19日起"
        if clause.startswith(PURPOSE):
            continue
        for match in MONTH_DAY.finditer(clause):
            found = make_date(year, *match.groups())
            if found and not NOT_EVENT.search(clause[: match.start()]):
                return found
    return None


def article_date(
    lead: str, year: int, page_newest: dt.date | None
) -> tuple[dt.date | None, DatePrecision, str]:
    """Date an article from its lead paragraph: (date, precision, note)."""
    flat = flatten(lead).removeprefix("本报讯")
    sentence = SENTENCE.split(flat, maxsplit=1)[0]
    found = event_date(sentence, year)
    if found is not None:
        return found, DatePrecision.DAY, ""
    note = next((word for word in APPROX_WORDS if word in sentence), UNDATED_NOTE)
    if page_newest is None:
        return None, DatePrecision.UNKNOWN, note
    return page_newest, DatePrecision.APPROX, note
