"""The year of a page's dates: from its dateline, the years it mentions, the turn of a year."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from retrieval.pages.datelines import find_dateline
from retrieval.pages.forms import fold
from retrieval.pages.lines import DATELINE, is_lead

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[~～\-－—–至到]((?:19|20)\d{2}))?年")
LEAD_BRACKET = re.compile(r"^（[^（）]{1,24}）")  # a byline after the dateline (folded brackets)
LEAD_MONTH = re.compile(r"^(\d{1,2})月\d{1,2}日")
# A lead dated January or February: the page is from the start of a year, so its November and
# December dates are of the year before, and "2022年是…之年" speaks of the current year.
EARLY_MONTHS = 2
LATE_MONTH = 11
WEEKDAYS = "一二三四五六日"
# A mention of year X in these contexts speaks of the future, so the page is from X-1.
FUTURE_BEFORE = re.compile(r"谋划|布局|规划|明年|展望")
FUTURE_AFTER = re.compile(r"^是[^。；;]{0,30}?之年")
MIN_YEAR = 1900


def flatten(text: str) -> str:
    """Return the text without any whitespace, so dates broken across lines match."""
    return "".join(text.split())


@dataclass(frozen=True, slots=True)
class PageYear:
    """The year of a page's dates; at the turn of a year, Nov/Dec dates are of the year before.

    ``published`` is the page's publication date when the manifest gives it: relative words
    (昨日) and day-only dates (13日) are then resolved against it.
    """

    year: int
    turn: bool = False
    published: dt.date | None = None

    def date(self, month: str, day: str) -> dt.date | None:
        """Build the date of a month/day on this page, or None when it is impossible."""
        late = self.turn and int(month) >= LATE_MONTH
        return make_date(self.year - 1 if late else self.year, month, day)


def starts_year(text: str) -> bool:
    """Tell whether a page is from the start of a year (a lead dated January or February)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not is_lead(line):
            continue
        flat = fold(flatten(" ".join(lines[i : i + 2]).lstrip("#")))
        dateline = find_dateline(flat)
        rest = LEAD_BRACKET.sub("", flat[dateline.length :] if dateline else flat)
        month = dateline.month if dateline and dateline.month else None
        found = month or (int(m.group(1)) if (m := LEAD_MONTH.match(rest)) else None)
        if found is not None and found <= EARLY_MONTHS:
            return True
    return False


def page_year(text: str, year: int, published: dt.date | None = None) -> PageYear:
    """Return the page's year with its turn-of-year flag and publication date."""
    return PageYear(year, starts_year(text), published)


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
    early = starts_year(text)
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
