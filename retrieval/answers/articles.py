"""Article lists: a reporter's bylines, the articles naming someone, a period's news."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answers.draft import Context, Draft, hit_for, on_topic, pool
from retrieval.answers.extract import best_sentence, quote_about, sentences, trim
from retrieval.answers.meetings import date_span
from retrieval.items import ArticleItem
from retrieval.models import Article, Citation
from retrieval.query.question import Query

LEAD_LIMIT = 60  # characters of each article's lead sentence in a list


def compose_articles(query: Query, context: Context) -> Draft | None:
    """List the articles by or about the people (or of the period), newest first."""
    catalog = context.catalog
    listed = pool(query, context, bylines=True)
    if query.topic and catalog.count(listed):
        listed = on_topic(query, context, listed)
    order = catalog.newest(listed)
    if not order.size:
        return None
    shown = catalog.select(order[: context.limit])
    span = None if query.period else date_span(catalog.lazy(order))
    draft = Draft(period=query.period or span)
    draft.add(articles_heading(query, context, (len(shown), order.size), span), "heading")
    for article in shown:
        # What the person said or did, else the sentence on the topic, else the lead.
        named = [n for n in query.people if n in article.text]
        said = quote_about(named[0], article, context.terms) if named else None
        lead = said or best_sentence(sentences(article.text), context.terms) or ""
        lead = trim(lead, context.terms, LEAD_LIMIT) if lead else ""
        byline = byline_role(article, query.people)
        draft.add_item(ArticleItem(Citation.of(article), byline, lead), "item", *context.terms)
        draft.hits.append(hit_for(article, lead))
    return draft


def byline_role(article: Article, people: Sequence[str]) -> str:
    """How the people appear in the byline: 记者 景静, 通讯员 郭佳星 (empty when they do not)."""
    reporters = [n for n in people if n in article.byline.reporters]
    writers = [n for n in people if n in article.byline.correspondents]
    parts = ["记者 " + "、".join(reporters)] if reporters else []
    parts += ["通讯员 " + "、".join(writers)] if writers else []
    return " ".join(parts)


def articles_heading(
    query: Query, context: Context, counts: tuple[int, int], span: str | None
) -> str:
    """E.g. 记者 景静 署名的报道 24 篇（…，列出最近 5 篇）."""
    shown, total = counts
    bylined = [n for n in query.people if writes(context, n)]
    if query.people and len(bylined) == len(query.people):
        who = "、".join(query.people) + " 署名的报道"
    elif query.people:
        who = "提到" + "、".join(query.people) + "的报道"
    else:
        who = f"{context.paper.section or ''}的报道" if context.paper.section else "报道"
    about = f"中与“{query.topic}”有关的" if query.topic else ""
    notes = [span] if span else []
    if total > shown:
        notes.append(f"列出最新 {shown} 篇")
    extra = f"（{'，'.join(notes)}）" if notes else ""
    return f"{query.period or ''}{who}{about}共 {total} 篇{extra}"


def writes(context: Context, name: str) -> bool:
    """Tell whether the person signs any article of the corpus (a reporter or correspondent)."""
    return bool(context.catalog.bylined(name))
