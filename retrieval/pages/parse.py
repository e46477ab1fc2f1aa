"""Raw page text → Articles: leads, headlines before or after, bylines, dates, paragraphs."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from retrieval.errors import PageError
from retrieval.models import Article
from retrieval.pages.body import read_body
from retrieval.pages.datelines import join_split_datelines, without_dateline
from retrieval.pages.dates import article_date, lead_date, newest_date
from retrieval.pages.drafts import Draft, draft_articles
from retrieval.pages.headlines import WORD, Headline, compose_headline, derive_title
from retrieval.pages.lines import is_furniture, normalize_text, parse_byline
from retrieval.pages.years import PageYear, infer_year, page_year

__all__ = [
    "infer_year",
    "page_id",
    "parse_checked",
    "parse_page",
    "resolve_year",
    "year_or_none",
]

logger = logging.getLogger(__name__)


def page_id(text: str) -> str:
    """Return the 10-hex prefix that article ids of this page share."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:10]


def parse_page(
    text: str,
    source: str,
    year: int | None,
    *,
    default_year: int | None = None,
    published: dt.date | None = None,
) -> list[Article]:
    """Split one page's text into articles; year None → infer it and mark it inferred.

    ``published`` (the manifest's ``date``) resolves 昨日 and day-only dates to a day.
    """
    clean = normalize_text(text)
    lines = ["" if is_furniture(line) else line for line in clean.split("\n")]
    lines = join_split_datelines(lines)
    drafts = draft_articles(lines)
    if not drafts:
        return []
    year = published.year if published and year is None else year
    inferred = year is None
    when = page_year(clean, resolve_year(clean, year, default_year), published)
    prefix = hashlib.sha256(clean.encode("utf-8")).hexdigest()[:10]
    bodies = [read_body(draft.body) for draft in drafts]
    newest = newest_event(bodies, when) or newest_date(clean, when)
    articles: list[Article] = []
    for draft, body in zip(drafts, bodies, strict=True):
        article = build(
            draft,
            body,
            prefix=prefix,
            position=len(articles),
            source=source,
            when=(when, newest, inferred),
        )
        if article is not None:
            articles.append(article)
    return articles


def parse_checked(
    text: str,
    source: str,
    year: int | None,
    *,
    default_year: int | None = None,
    published: dt.date | None = None,
) -> list[Article]:
    """Parse a page as parse_page does; any failure is a PageError naming the page and why."""
    try:
        return parse_page(text, source, year, default_year=default_year, published=published)
    except Exception as exc:  # a parser bug on one odd page must not sink every other page
        logger.debug("parsing %s failed", source, exc_info=True)
        raise PageError(source, f"cannot be parsed ({type(exc).__name__}: {exc})") from exc


def year_or_none(text: str) -> int | None:
    """Infer a page's year as infer_year does, but None when that fails on odd text."""
    try:
        return infer_year(normalize_text(text))
    except Exception:  # the page itself is refused, with the reason, when it is parsed
        logger.debug("inferring the year failed", exc_info=True)
        return None


def newest_event(bodies: list[tuple[list[str], list[str]]], when: PageYear) -> dt.date | None:
    """Return the newest date an article's lead reports (undated articles are shortly before)."""
    dates = [lead_date(paragraphs[0], when) for paragraphs, _ in bodies if paragraphs]
    return max((d for d in dates if d is not None), default=None)


def resolve_year(text: str, year: int | None, default_year: int | None) -> int:
    """Return the page's year: the given one, else inferred, else the default, else this year."""
    if year is not None:
        return year
    return infer_year(normalize_text(text)) or default_year or dt.date.today().year


def build(
    draft: Draft,
    body: tuple[list[str], list[str]],
    *,
    prefix: str,
    position: int,
    source: str,
    when: tuple[PageYear, dt.date | None, bool],
) -> Article | None:
    """Turn a draft and its read body into an Article, or None when it holds no text."""
    year, newest, inferred = when
    paragraphs, bylines = body
    if not WORD.search(without_dateline("".join(paragraphs))):
        return None
    headline = compose_headline(draft.head) if draft.head else None
    dated = article_date(paragraphs[0], year, newest)
    title = headline or Headline(derive_title(paragraphs[0]), "")
    return Article(
        article_id=f"{prefix}-{position:02d}",
        source=source,
        title=title.title,
        subtitle=title.subtitle,
        title_derived=headline is None,
        date=dated.date,
        date_precision=dated.precision,
        date_note=dated.note,
        year_inferred=inferred,
        byline=parse_byline(bylines),
        paragraphs=tuple(paragraphs),
        position=position,
        date_how=dated.how,
    )
