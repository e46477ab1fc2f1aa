"""Dates on a page: the article's own date, the page's newest date, the page's year."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from retrieval.models import DatePrecision
from retrieval.pages.lines import DATELINE

MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[~～\-－—–至到]((?:19|20)\d{2}))?年")
# "Shortly before publication" wording; longest first so 近年来 wins over 近年.
APPROX_WORDS = (
    "近年来",
    "连日来",
    "近日",
    "日前",
    "近期",
    "近来",
    "近年",
    "昨日",
    "昨天",
    "前不久",
)
# A lead dated January or February: the page is from the start of a year, so its November and
# December dates are of the year before, and "2022年是…之年" speaks of the current year.
LEAD_DATE = re.compile(r"本报讯(\d{1,2})月(\d{1,2})日")
EARLY_MONTHS = 2
LATE_MONTH = 11
WEEKDAYS = "一二三四五六日"
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


@dataclass(frozen=True, slots=True)
class PageYear:
    """The year of a page's dates; at the turn of a year, Nov/Dec dates are of the year before."""

    year: int
    turn: bool = False

    def date(self, month: str, day: str) -> dt.date | None:
        """Build the date of a month/day on this page, or None when it is impossible."""
        late = self.turn and int(month) >= LATE_MONTH
        return make_date(self.year - 1 if late else self.year, month, day)


def starts_year(text: str) -> bool:
    """Tell whether a page is from the start of a year (a lead dated January or February)."""
    return any(int(m.group(1)) <= EARLY_MONTHS for m in LEAD_DATE.finditer(flatten(text)))


def page_year(text: str, year: int) -> PageYear:
    """Return the page's year with its turn-of-year flag."""
    return PageYear(year, starts_year(text))


def dateline_year(text: str) -> int | None:
    """Return the year of a printed dateline whose weekday matches its date, or None."""
    for match in DATELINE.finditer(text):
        year, month, day, weekday = match.groups()
        found = make_date(int(year), month, day)
        if found and WEEKDAYS[found.weekday()] == weekday.replace("天", "日"):
            return found.year
    return None


def infer_year(text: str) -> int | None:
    """Guess a page's publication year from its dateline or the years it mentions, or None."""
    printed = dateline_year(text)
    if printed is not None:
        return printed
    flat = flatten(text)
    early = starts_year(flat)
    scores: Counter[int] = Counter()
    for match in YEAR.finditer(flat):
        year = int(match.group(1))
        before = flat[max(0, match.start() - 6) : match.start()]
        future = FUTURE_BEFORE.search(before) or FUTURE_AFTER.match(flat[match.end() :])
        if future and not early:
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


def newest_date(text: str, year: PageYear) -> dt.date | None:
    """Return the newest valid month/day date mentioned on the page."""
    dates = [year.date(*m.groups()) for m in MONTH_DAY.finditer(flatten(text))]
    return max((d for d in dates if d is not None), default=None)


def lead_date(lead: str, year: PageYear) -> dt.date | None:
    """Return the event date a lead paragraph reports, or None."""
    flat = flatten(lead).removeprefix("本报讯")
    return event_date(SENTENCE.split(flat, maxsplit=1)[0], year)


def event_date(sentence: str, year: PageYear) -> dt.date | None:
    """Return the date of the event a lead sentence reports, or None."""
    clauses = [c for c in CLAUSE.split(sentence) if c]
    for clause in clauses:  # a clause that opens with its date: "5月8日下午,…"
        match = MONTH_DAY.match(clause)
        if match and (found := year.date(*match.groups())):
            return found
    for clause in clauses:  # else a date inside the event clause, not "自11月19日起"
        if clause.startswith(PURPOSE):
            continue
        for match in MONTH_DAY.finditer(clause):
            found = year.date(*match.groups())
            if found and not NOT_EVENT.search(clause[: match.start()]):
                return found
    return None


def article_date(
    lead: str, year: PageYear, page_newest: dt.date | None
) -> tuple[dt.date | None, DatePrecision, str]:
    """Date an article from its lead; undated leads take the page's newest date (approx)."""
    found = lead_date(lead, year)
    if found is not None:
        return found, DatePrecision.DAY, ""
    sentence = SENTENCE.split(flatten(lead).removeprefix("本报讯"), maxsplit=1)[0]
    note = next((word for word in APPROX_WORDS if word in sentence), UNDATED_NOTE)
    if page_newest is None:
        return None, DatePrecision.UNKNOWN, note
    return page_newest, DatePrecision.APPROX, note
