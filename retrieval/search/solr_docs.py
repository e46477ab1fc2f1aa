"""Articles ↔ Solr documents: what newsbot stores in its Solr collection, and back.

Every document id starts with its article id and "!", so SolrCloud's compositeId router
keeps an article and its paragraphs together on one shard: the per-article relevance join
and the one-hit-per-article collapse then work shard by shard.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from retrieval.models import Article, Byline, DatePrecision

Doc = dict[str, Any]
# more metadata (meeting names, roles) from the layers above, given the article's people
ExtraFields = Callable[[Article, Sequence[str]], Doc]


def article_docs(
    article: Article,
    strings: Sequence[str],
    *,
    order: int,
    people: Sequence[str],
    extra: ExtraFields | None = None,
) -> Iterator[Doc]:
    """Yield the article's own document, then one per paragraph (``strings``: their terms)."""
    common: Doc = {"article_id": article.article_id, "ord": order, "source": article.source}
    if article.date is not None:
        common["date"] = solr_date(article.date)
    if people:
        common["people"] = list(people)
    yield {
        **common,
        **(extra(article, people) if extra else {}),
        "id": f"{article.article_id}!article",
        "type": "article",
        "title": article.title,
        "reporters": list(article.byline.reporters),
        "correspondents": list(article.byline.correspondents),
        "article_tokens": " ".join(strings),
        "article_json": encode_article(article),
    }
    for number, text in enumerate(strings):
        # the same space-joined terms the in-process index counts for this passage
        yield {**common, "id": f"{article.article_id}!{number}", "type": "passage",
               "para": number, "tokens": text}  # fmt: skip


def page_doc(source: str, fingerprint: str, articles: int) -> Doc:
    """The record that a page file was pushed, with what it was pushed from."""
    return {
        "id": f"page-{_safe(source)}!page",
        "type": "page",
        "source": source,
        "fingerprint": fingerprint,
        "articles": articles,
    }


def solr_date(day: dt.date) -> str:
    """A date as Solr's DatePointField wants it (midnight UTC)."""
    return f"{day.isoformat()}T00:00:00Z"


def encode_article(article: Article) -> str:
    """The article as compact JSON, so a replica can rebuild it without the page files."""
    return json.dumps(
        {
            "article_id": article.article_id,
            "source": article.source,
            "title": article.title,
            "subtitle": article.subtitle,
            "title_derived": article.title_derived,
            "date": article.iso_date,
            "date_precision": str(article.date_precision),
            "date_note": article.date_note,
            "date_how": article.date_how,
            "year_inferred": article.year_inferred,
            "byline": article.byline.as_dict(),
            "paragraphs": list(article.paragraphs),
            "position": article.position,
        },
        ensure_ascii=False,
    )


def decode_article(text: str) -> Article:
    """Rebuild an Article from ``encode_article``'s JSON."""
    data = json.loads(text)
    byline = data["byline"]
    date = dt.date.fromisoformat(data["date"]) if data["date"] else None
    return Article(
        article_id=data["article_id"],
        source=data["source"],
        title=data["title"],
        subtitle=data["subtitle"],
        title_derived=data["title_derived"],
        date=date,
        date_precision=DatePrecision(data["date_precision"]),
        date_note=data["date_note"],
        date_how=data.get("date_how", ""),
        year_inferred=data["year_inferred"],
        byline=Byline(tuple(byline["reporters"]), tuple(byline["correspondents"])),
        paragraphs=tuple(data["paragraphs"]),
        position=data["position"],
    )


def _safe(source: str) -> str:
    """A page file name with the router's separator replaced."""
    return source.replace("!", "_")
