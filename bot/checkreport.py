"""Plain-text and JSON forms of `newsbot check`'s page checks."""

from __future__ import annotations

from typing import Any

from retrieval.models import Article, describe_date
from retrieval.pages.check import PageCheck, article_warnings


def article_check_lines(number: int, article: Article) -> list[str]:
    """How one article parsed: headline, date and how it was found, byline, warnings."""
    title = article.title + (f" — {article.subtitle}" if article.subtitle else "")
    date = describe_date(article.date, article.date_precision, article.date_note)
    lines = [
        f"  {number}. {title}",
        f"     date: {date} ({article.date_how})",
        f"     byline: {str(article.byline) or '—'}",
    ]
    lines += [f"     warning: {warning}" for warning in article_warnings(article)]
    return lines


def check_text(check: PageCheck) -> str:
    """A page check as text, one block per file."""
    if not check.usable:
        return f"{check.file}: unusable: {check.problem}"
    year = f"year {check.year} ({check.year_how})" if check.year else f"year {check.year_how}"
    lines = [f"{check.file}: {len(check.articles)} articles; {year}"]
    if check.notice:
        lines.append(f"  note: {check.notice}")
    for number, article in enumerate(check.articles, 1):
        lines += article_check_lines(number, article)
    return "\n".join(lines)


def check_json(check: PageCheck) -> dict[str, Any]:
    """A page check as one JSON object."""
    return {
        "file": str(check.file),
        "usable": check.usable,
        "problem": check.problem,
        "notice": check.notice,
        "year": check.year,
        "year_how": check.year_how,
        "articles": [
            {
                "title": article.title,
                "subtitle": article.subtitle,
                "title_derived": article.title_derived,
                "date": article.iso_date,
                "date_precision": str(article.date_precision),
                "date_how": article.date_how,
                "date_note": article.date_note,
                "byline": article.byline.as_dict(),
                "paragraphs": len(article.paragraphs),
                "warnings": article_warnings(article),
            }
            for article in check.articles
        ],
    }
