"""Dates on a page: each article's own date and how it was found, the page's newest date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from retrieval.models import DatePrecision
from retrieval.pages.datelines import find_dateline
from retrieval.pages.forms import fold
from retrieval.pages.years import LEAD_BRACKET, PageYear, flatten, make_date

MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
# "Shortly before publication" wording; longest first so 近年来 wins over 近年.
APPROX_WORDS = (
    "近年来",
    "连日来",
    "前不久",
    "近日",
    "日前",
    "近期",
    "近来",
    "近年",
    "昨日",
    "昨天",
    "前天",
    "前日",
    "今天",
    "今日",
)
# Days before the page's publication date that these words mean (with a manifest date).
RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2}
RELATIVE = re.compile("|".join(RELATIVE_DAYS))
DAY_ONLY = re.compile(r"(?<![\d月])(\d{1,2})日")
NOT_EVENT = re.compile(r"(?:自|从|截至|截止|至|到|于)$")
PURPOSE = ("为", "据", "根据", "按照", "围绕", "在")
CLAUSE = re.compile(r"[，,；;：:]")
SENTENCE = re.compile(r"[。！？!?]")
UNDATED_NOTE = "未注明日期"


def newest_date(text: str, year: PageYear) -> dt.date | None:
    """Return the newest valid month/day date mentioned on the page."""
    dates = [year.date(*m.groups()) for m in MONTH_DAY.finditer(flatten(text))]
    return max((d for d in dates if d is not None), default=None)


@dataclass(frozen=True, slots=True)
class Dated:
    """An article's date, how sure it is, the paper's own word for it, and how it was found."""

    date: dt.date | None
    precision: DatePrecision
    note: str = ""
    how: str = ""


def lead_date(lead: str, year: PageYear) -> dt.date | None:
    """Return the event date a lead paragraph reports, or None."""
    found = lead_dated(lead, year)
    return found.date if found else None


def lead_sentences(lead: str) -> tuple[str, list[str]]:
    """Return a lead's dateline date form and its sentences, dateline and byline removed."""
    flat = fold(flatten(lead))
    dateline = find_dateline(flat)
    rest = LEAD_BRACKET.sub("", flat[dateline.length :] if dateline else flat)
    return flat[: dateline.length] if dateline else "", SENTENCE.split(rest, maxsplit=2)


def lead_dated(lead: str, year: PageYear) -> Dated | None:
    """Date a lead from its dateline, its first sentence, relative words, or its second sentence."""
    dateline = find_dateline(fold(flatten(lead)))
    if dateline and dateline.month and dateline.day:
        found = year.date(str(dateline.month), str(dateline.day))
        if found:
            return Dated(found, DatePrecision.DAY, "", "dateline")
    _, sentences = lead_sentences(lead)
    if found := event_date(sentences[0], year):
        return Dated(found, DatePrecision.DAY, "", "lead")
    if relative := relative_date(sentences[0], year.published):
        return relative
    # "受台风影响…。6月15日,…": an undated first sentence sets the scene; a second sentence
    # that opens with its date reports the event.
    opening = MONTH_DAY.match(sentences[1]) if len(sentences) > 1 else None
    found = year.date(*opening.groups()) if opening else None
    return Dated(found, DatePrecision.DAY, "", "second sentence") if found else None


def relative_date(sentence: str, published: dt.date | None) -> Dated | None:
    """Resolve 昨日/今天/前天 or a day-only date (13日) against the page's publication date."""
    if published is None:
        return None
    if word := RELATIVE.search(sentence):
        day = published - dt.timedelta(days=RELATIVE_DAYS[word.group(0)])
        return Dated(day, DatePrecision.DAY, "", f"{word.group(0)}, from the page date")
    for match in DAY_ONLY.finditer(sentence):
        month = published if int(match.group(1)) <= published.day else month_before(published)
        found = make_date(month.year, str(month.month), match.group(1))
        if found:
            return Dated(found, DatePrecision.DAY, "", f"{match.group(0)} in the page's month")
    return None


def month_before(day: dt.date) -> dt.date:
    """Return a day in the month before ``day``'s month."""
    return day.replace(day=1) - dt.timedelta(days=1)


def approx_word(sentence: str) -> str | None:
    """Return the first 'shortly before' word a sentence uses, or None."""
    return next((word for word in APPROX_WORDS if word in sentence), None)


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


def article_date(lead: str, year: PageYear, page_newest: dt.date | None) -> Dated:
    """Date an article from its lead; undated leads take the page's date (approximate)."""
    found = lead_dated(lead, year)
    if found is not None:
        return found
    first = lead_sentences(lead)[1][0]
    note = approx_word(first) or UNDATED_NOTE
    anchor = year.published or page_newest
    if anchor is None:
        return Dated(None, DatePrecision.UNKNOWN, note, "no date on the page")
    how = "page date" if year.published else "newest date on the page"
    return Dated(anchor, DatePrecision.APPROX, note, f"approximate: {how}")
