"""Check page files before ingesting: how each parses, and what an editor should look at.

Nothing is written: a file is read, decoded and parsed exactly as the corpus would, with the
year and publication date its folder's manifest.toml gives it (if any).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import PageError
from retrieval.models import Article, DatePrecision
from retrieval.pages.files import read_page
from retrieval.pages.manifest import read_manifest, read_page_dates
from retrieval.pages.parse import parse_checked, year_or_none

NO_ARTICLE = "no article found (no dateline such as 本报讯 and no markdown heading)"


@dataclass(frozen=True, slots=True)
class PageCheck:
    """How one page file parses: its articles, or why it cannot be used."""

    file: Path
    problem: str | None  # set when the file is unusable
    notice: str | None = None  # decoding needed care (GB18030, a cut-off character)
    year: int | None = None
    year_how: str = ""
    articles: tuple[Article, ...] = ()

    @property
    def usable(self) -> bool:
        """Whether the corpus would serve this file's articles."""
        return self.problem is None


def article_warnings(article: Article) -> list[str]:
    """What an editor should check in one parsed article."""
    warnings = []
    if article.title_derived:
        warnings.append("no headline found: the title was made from the lead")
    if article.date_precision is DatePrecision.APPROX:
        warnings.append(f"no day given (“{article.date_note}”): the date is approximate")
    elif article.date_precision is DatePrecision.UNKNOWN:
        warnings.append("no date found on the page")
    if not article.byline.people:
        warnings.append("no byline found")
    return warnings


def page_year_of(text: str, name: str, folder: Path) -> tuple[int | None, dt.date | None, str]:
    """Return the page's year, publication date and where the year comes from."""
    published = read_page_dates(folder).get(name)
    if published is not None:
        return published.year, published, f"manifest date {published.isoformat()}"
    year = read_manifest(folder).get(name)
    if year is not None:
        return year, None, "manifest year"
    inferred = year_or_none(text)
    return inferred, None, "inferred from the page" if inferred else "unknown: this year assumed"


def check_page(file: Path) -> PageCheck:
    """Read and parse one page file as the corpus would, without changing anything."""
    file = Path(file)
    if not file.is_file():
        return PageCheck(file, "no such file")
    try:
        page = read_page(file)
        year, published, how = page_year_of(page.text, file.name, file.parent)
        articles = parse_checked(
            page.text, file.name, year if how.startswith("manifest") else None, published=published
        )
    except PageError as exc:
        return PageCheck(file, exc.problem)
    problem = None if articles else NO_ARTICLE
    return PageCheck(file, problem, page.notice, year, how, tuple(articles))


def check_pages(files: Sequence[Path]) -> list[PageCheck]:
    """Check each page file in turn."""
    return [check_page(file) for file in files]
