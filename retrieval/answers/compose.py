"""Query + index → Answer: one Chinese template per intent, every sentence quoted from a page."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from retrieval.answers import extract
from retrieval.answers.absent import (
    absent_people,
    absent_places,
    compose_absent,
    name_absent_places,
)
from retrieval.answers.articles import compose_articles
from retrieval.answers.catalog import Catalog
from retrieval.answers.draft import Context, Draft, key_terms, search, search_text
from retrieval.answers.extract import chinese_date, sentences, trim
from retrieval.answers.facts import compose_how_many, compose_when, compose_who, holds_role
from retrieval.answers.language import explain_language
from retrieval.answers.meetings import compose_meetings
from retrieval.answers.objects import compose_object
from retrieval.items import ArticleItem
from retrieval.models import NO_PAPER, Answer, Block, Citation, Hit, Paper, Passage
from retrieval.query.aliases import TITLES, surname
from retrieval.query.intents import Intent
from retrieval.query.question import Query

if TYPE_CHECKING:
    from retrieval.search.index import SearchIndex
    from retrieval.store import ArticleStore as Corpus

logger = logging.getLogger(__name__)

PASSAGE_LIMIT = 160  # characters of the first passage of a topic answer; later ones get 100
FALLBACK_EXAMPLES = ("最近开了哪些会", "今年有哪些重点项目")


def compose_answer(
    query: Query,
    index: SearchIndex,
    corpus: Corpus,
    *,
    limit: int = 5,
    paper: Paper = NO_PAPER,
    catalog: Catalog | None = None,
) -> Answer:
    """Answer a parsed question from the articles, quoting them; never invent a sentence.

    Pass the engine's ``catalog`` to reuse its lookups; without one a fresh one is built.
    """
    catalog = catalog if catalog is not None else Catalog(corpus.articles, index)
    terms = (*key_terms(query, index), *index.alternatives(query.topic))
    context = Context(index, corpus, tuple(dict.fromkeys(terms)), max(limit, 1), catalog, paper)
    if query.ambiguous and not query.people:
        return finish(query, clarify(query, context), no_answer=True)
    if absent := absent_people(query, context):  # 李国强区长: never list someone else's
        return finish(query, compose_absent(absent, context), no_answer=True)
    if places := absent_places(query, context):  # 上海浦东新区: nor another district's news
        explained = name_absent_places(places, explain_no_answer(query, context))
        return finish(query, explained, no_answer=True)
    draft = TEMPLATES[query.intent](query, context)
    if draft is not None and draft.no_answer:  # the template's own explanation (天气)
        return finish(query, draft, no_answer=True)
    if draft is None:  # the fact was not found: show the best passages instead
        draft = compose_topic(query, context)
    if draft is None or not draft.hits:
        logger.info("no answer for %r (intent %s)", query.question, query.intent)
        return finish(query, explain_no_answer(query, context), no_answer=True)
    draft.notes.extend(ambiguity_notes(query))
    for typed, name in query.corrected:  # say so: the user may have meant someone else
        draft.notes.append(f"报道中没有“{typed}”，按“{name}”回答。")
        draft.blocks.insert(0, Block(draft.notes[-1], "note"))
    return finish(query, draft, no_answer=False)


def finish(query: Query, draft: Draft, *, no_answer: bool) -> Answer:
    """Turn a draft into an Answer, citing every article its blocks quote."""
    articles = {hit.article.article_id: hit.article for hit in draft.hits}
    cited = dict.fromkeys(b.article_id for b in draft.blocks if b.article_id in articles)
    return Answer(
        question=query.question,
        blocks=tuple(draft.blocks),
        citations=tuple(Citation.of(articles[i]) for i in cited if i),
        hits=() if no_answer else tuple(draft.hits),
        no_answer=no_answer,
        intent=query.intent,
        period=draft.period or query.period,
        notes=tuple(draft.notes),
    )


def compose_topic(query: Query, context: Context) -> Draft | None:
    """The best passages, each with its date and headline, trimmed around the query terms."""
    found = search(query, context, search_text(query), context.limit)
    if not found:
        return None
    hits = [richest_passage(hit, context.terms, query.people) for hit in found]
    draft = Draft(hits=hits)
    for rank, hit in enumerate(hits):
        article = hit.article
        limit = PASSAGE_LIMIT if rank == 0 else PASSAGE_LIMIT * 5 // 8
        excerpt = passage_excerpt(hit.passage.text, context.terms, limit)
        draft.add_item(ArticleItem(Citation.of(article), passage=excerpt), "item")
        draft.add(excerpt, "passage", article, *context.terms)
    return draft


def compose_passages(query: Query, context: Context) -> Draft | None:
    """The best passages; with nothing to search (去年11月的新闻, 陈书记), the article list."""
    if not query.topic and (query.period or query.people):
        return compose_articles(query, context)
    return compose_topic(query, context)


def richest_passage(hit: Hit, terms: Sequence[str], people: Sequence[str] = ()) -> Hit:
    """The hit on the paragraph naming the people and most query terms.

    BM25 may pick a paragraph for words only the headline holds (三个二七) or for the topic
    alone (陈红民 疫情): the quote should show what was asked wherever the article does.
    """
    paragraphs = hit.article.paragraphs

    def rank(i: int) -> tuple[bool, int, bool]:
        text = paragraphs[i]
        named = all(name in text for name in people)
        return named, extract.term_score(text, terms), i == hit.passage.index

    best = max(range(len(paragraphs)), key=rank, default=hit.passage.index)
    if best == hit.passage.index:
        return hit
    return Hit(hit.article, Passage(hit.article.article_id, best, paragraphs[best]), hit.score)


def passage_excerpt(text: str, terms: Sequence[str], limit: int) -> str:
    """Whole sentences of a passage around its best one, up to about `limit` characters."""
    parts = sentences(text)
    if not parts:
        return text[:limit]
    best = extract.best_sentence(parts, terms) or parts[0]
    start = parts.index(best)
    end = start + 1
    while end < len(parts) and len("".join(parts[start : end + 1])) <= limit:
        end += 1
    excerpt = trim("".join(parts[start:end]), terms, limit)
    return ("……" if start and not excerpt.startswith("……") else "") + excerpt


# --- no answer and ambiguity ------------------------------------------------------------


def explain_no_answer(query: Query, context: Context) -> Draft:
    """Say what was not found, what the corpus covers, and how to ask."""
    draft = Draft(no_answer=True)
    words = re.sub(r"[^\w]", "", query.text)
    asked = query.topic or "、".join(query.people) or (query.text if words else "")
    when = f"（{query.period}）" if query.period else ""
    if query.intent == "meetings" and not query.topic:
        kind = "会议" if query.slot("event_kind") == "meeting" else "活动"
        draft.add(
            f"没有找到{asked if query.people else ''}{query.period or ''}的{kind}报道。", "note"
        )
    elif asked:
        draft.add(f"没有在报道中找到与“{asked}”相关的内容{when}。", "note", None, asked)
    else:
        draft.add("请输入一个问题，例如下面这样。", "note")
    draft.add(coverage(context), "line")
    examples = example_questions(context.index, context.corpus)
    draft.add("可以这样问：" + "；".join(f"“{q}”" for q in examples), "line")
    return draft


def ask_full_question(query: Query, context: Context) -> Draft:
    """Ask for the whole question when only a follow-up fragment (那去年呢) was sent."""
    draft = Draft(no_answer=True)  # we cannot know what the earlier question was
    example = f"{leading_official(context.index)}{query.period or ''}开了哪些会"
    draft.add(f"请把问题说完整，例如“{example}”。", "note")
    draft.add(coverage(context), "line")
    return draft


def explain_live(query: Query, context: Context) -> Draft:
    """Say that live information (weather) is not what newspaper pages hold."""
    draft = explain_no_answer(query, context)  # a passing 重污染天气 is no forecast
    draft.blocks.insert(1, Block("天气、气温这类实时信息不在报纸报道里。", "line"))
    return draft


def coverage(context: Context) -> str:
    """How many articles of which section the corpus holds, and the dates they span."""
    first, last = context.corpus.date_range
    span = f"，时间从{chinese_date(first)}到{chinese_date(last)}" if first and last else ""
    section = context.paper.section or ""
    return f"目前收录{section}新闻报道 {len(context.corpus.articles)} 篇{span}。"


def example_questions(index: SearchIndex, corpus: Corpus) -> list[str]:
    """Two questions this corpus can answer, built from its people and meetings."""
    official = leading_official(index)
    examples = [f"{official}最近开了哪些会"] if official else []
    for article in corpus.newest_first:
        name = extract.meeting_name(article)
        if article.date_precision == "day" and name.endswith(("会", "会议")):
            examples.append(f"{name}是哪天开的")
            break
    return examples or list(FALLBACK_EXAMPLES)


def leading_official(index: SearchIndex) -> str:
    """The official the most articles name ("" when the corpus names none)."""
    officials = [p for p in index.people if any(r.endswith(TITLES) for r in p.roles)]
    return max(officials, key=lambda p: p.mentions).name if officials else ""


def ambiguity_notes(query: Query) -> list[str]:
    """One note per alias that fits several people, or no one."""
    return [
        f"“{alias}”可能指{'、'.join(names)}，请写出全名。"
        if names
        else f"报道中没有姓{surname(alias)}的{alias.removeprefix(surname(alias))}。"
        for alias, names in query.ambiguous
    ]


def clarify(query: Query, context: Context) -> Draft:
    """Ask which person an ambiguous alias means instead of guessing."""
    draft = Draft()
    for note in ambiguity_notes(query):
        draft.add(note, "note")
    alias, names = query.ambiguous[0]
    if not names:  # 王书记 fits no one: name who holds the title instead
        title = alias.removeprefix(surname(alias))
        district = context.paper.stem
        holders = [p for p in context.index.people if holds_role(p.roles, title, district)]
        listed = "、".join(
            f"{p.name}（{next(r for r in p.roles if holds_role([r], title, district))}）"
            for p in holders[:6]
        )
        draft.add(f"报道中的{title}有：{listed}。" if listed else coverage(context), "line")
        draft.notes = ambiguity_notes(query)
        return draft
    rest = query.text.replace(alias, names[0], 1)
    draft.add(f"例如：“{rest}”", "line")
    draft.notes = ambiguity_notes(query)
    return draft


# One template per intent of the registry (retrieval/query/intents.py); None means "not
# found", and the best passages are shown instead.
TEMPLATES: dict[Intent, Callable[[Query, Context], Draft | None]] = {
    Intent.MEETINGS: compose_meetings,
    Intent.ARTICLES: compose_articles,
    Intent.WHEN: compose_when,
    Intent.WHO: compose_who,
    Intent.HOW_MANY: compose_how_many,
    Intent.WHAT: lambda query, context: (
        compose_object(query, context) or compose_passages(query, context)
    ),
    Intent.TOPIC: compose_passages,
    Intent.FRAGMENT: ask_full_question,
    Intent.LIVE: explain_live,
    Intent.FOREIGN: lambda query, context: explain_language(
        query, context, leading_official(context.index)
    ),
}
if missing := set(Intent) - TEMPLATES.keys():  # an intent declared without its template
    raise RuntimeError(f"intents without a template: {sorted(missing)}")
