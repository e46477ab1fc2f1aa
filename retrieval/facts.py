"""One-fact answers: when something happened, who holds a role, how many of something."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from retrieval import extract
from retrieval.draft import Context, Draft, hit_for, newest_first, quoted, search, search_text
from retrieval.extract import format_date, sentences, trim
from retrieval.models import Article, Hit
from retrieval.question import TITLES, Query

_NAMED = re.compile(r"([\u4e00-\u9fff]{2,3})同志")
_APPOINTED = ("任命", "担任", "当选")


def compose_when(query: Query, context: Context) -> Draft | None:
    """The date (with year) of the best matching article and the sentence that gives it."""
    hits = search(query, context, search_text(query), context.limit)
    if not hits:
        return None
    article = hits[0].article
    dated = [s for s in sentences(article.text) if re.search(r"\d+月\d+日|近日|日前|近年来", s)]
    sentence = extract.best_sentence(dated or sentences(article.text), context.terms)
    draft = Draft(hits=[hit_for(article, sentence), *hits[1:]])
    name = extract.meeting_name(article) if extract.meeting_held(article) else article.title
    draft.add(f"{format_date(article)} · {name}", "heading", article)
    if article.date_precision != "day":
        draft.add("报道没有给出确切日期，上面是按报道刊发时间推算的。", "note")
    if sentence:
        draft.add(quoted(trim(sentence, context.terms)), "passage", article, *context.terms)
    return draft


def compose_who(query: Query, context: Context) -> Draft | None:
    """The person a role or event names, with the sentence that names them."""
    if query.people and not query.topic:
        return describe_people(query, context, list(query.people))
    holders = [
        p.name for p in context.index.people if query.topic and holds_role(p.roles, query.topic)
    ]
    if holders and not query.people:
        return describe_people(query, context, holders, role=query.topic)
    hits = search(query, context, search_text(query), context.limit)
    for hit in hits[:3]:
        candidates = [
            s for s in sentences(hit.article.text) if extract.term_score(s, context.terms)
        ]
        sentence = extract.best_sentence(candidates, context.terms)
        names = names_in(sentence or "", context)
        if sentence and names:
            draft = Draft(hits=[hit_for(hit.article, sentence), *(h for h in hits if h is not hit)])
            draft.add("、".join(names), "heading", hit.article)
            draft.add(quoted(trim(sentence, [*names, *context.terms])), "passage", hit.article,
                      *names, *context.terms)  # fmt: skip
            return draft
    return None


def holds_role(roles: Sequence[str], asked: str) -> bool:
    """Tell whether one of the roles is the one asked about (区人大常委会主任 ~ 人大常委会主任)."""
    asked = asked.removeprefix("二七").strip()
    return any(len(asked) >= 2 and (asked in role or role.endswith(asked)) for role in roles)


def names_in(sentence: str, context: Context) -> list[str]:
    """People named in a sentence: known people first, then "X同志"."""
    names = [p.name for p in context.index.people if p.name in sentence]
    names += [m for m in _NAMED.findall(sentence) if m not in names]
    return names


def describe_people(
    query: Query, context: Context, names: list[str], role: str = ""
) -> Draft | None:
    """For each person, the newest sentence that names them with a role."""
    draft = Draft()
    found: list[tuple[Article, str, str]] = []
    for name in names:
        for article in newest_first([a for a in context.corpus.articles if name in a.text]):
            naming = [s for s in sentences(article.text) if name in s]
            appointed = [s for s in naming if any(w in s for w in _APPOINTED)]
            titled = [s for s in naming if any(w in s for w in TITLES)]
            sentence = extract.best_sentence(appointed or titled or naming, [role, name])
            if sentence:
                found.append((article, name, sentence))
                break
    if not found:
        return None
    found.sort(key=lambda f: f[0].date or dt.date.min, reverse=True)
    if len(found) > 1:
        heading = f"报道中先后有 {len(found)} 人担任{role or '相关职务'}，按报道时间从新到旧："
        draft.add(heading, "heading")
    for article, name, sentence in found[: context.limit]:
        text = f"{name} · {format_date(article)} · {quoted(trim(sentence, [name, role]))}"
        draft.add(text, "item", article, name, role)
        draft.hits.append(hit_for(article, sentence))
    return draft


def compose_how_many(query: Query, context: Context) -> Draft | None:
    """The number with its counting word, and the sentence that gives it."""
    hits = search(query, context, search_text(query), context.limit)
    best: tuple[int, Hit, str, str] | None = None
    for rank, hit in enumerate(hits[:3]):
        for sentence in sentences(hit.article.text):
            count = extract.count_in(sentence, context.terms, query.measure)
            score = extract.term_score(sentence, context.terms) * 10 - rank
            if count and (best is None or score > best[0]):
                best = (score, hit, sentence, count)
    if best is None:
        return None
    _, hit, sentence, count = best
    draft = Draft(hits=[hit_for(hit.article, sentence), *(h for h in hits if h is not hit)])
    draft.add(count, "heading", hit.article)
    draft.add(quoted(trim(sentence, [count])), "passage", hit.article, count, *context.terms)
    return draft
