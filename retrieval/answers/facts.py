"""One-fact answers: when something happened, who holds a role, how many of something."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from retrieval.answers import extract
from retrieval.answers.draft import (
    Context,
    Draft,
    hit_for,
    in_period,
    search,
    search_text,
)
from retrieval.answers.extract import sentences, trim
from retrieval.answers.meetings import date_span
from retrieval.answers.precise import (
    APPOINTING,
    count_quote,
    find_count,
    mentions,
    role_holders,
    role_span,
)
from retrieval.answers.roles import scoped_holder, scoped_role
from retrieval.items import DateItem, FactItem, PersonItem, WriterItem, quoted
from retrieval.models import Article, Block, Citation, Hit
from retrieval.pages.order import newest_first
from retrieval.query.aliases import TITLES
from retrieval.query.question import Query
from retrieval.text import vocab
from retrieval.text.patterns import lazy

_NAMED = lazy(r"([\u4e00-\u9fff]{2,3})同志")
_APPOINTED = ("任命", "担任", "当选")
TITLED = vocab.either("people.titles", "people.offices")  # before a name: 常务副区长李雅
# A topic naming something held on a day: its date is the article's (会议, 仪式, 举办 …).
_HELD = lazy(r"(?:会议?|活动|仪式|典礼|开幕式)(?:\s|$)|举办|举行|召开")


def compose_when(query: Query, context: Context) -> Draft | None:
    """The date (with year) the question asks about and the sentence that gives it.

    A meeting's date is its article's date; a plan's (郭家咀水库什么时候完成加固) is the
    time phrase in the sentence naming it, quoted with the date of the article saying so.
    """
    hits = search(query, context, search_text(query), context.limit)
    if not hits:
        return None
    rank, sentence = when_sentence(hits[:3], context.terms, due=asks_due(query))
    article = hits[rank].article
    draft = Draft(hits=[hit_for(article, sentence), *(h for h in hits if h is not hits[rank])])
    if sentence and not tells_own_date(sentence, article):
        phrases = extract.time_phrases(sentence)
        quote = trim(sentence, [*context.terms, *phrases])
        draft.add_item(DateItem(Citation.of(article), article.title, quote, reported=True),
                       "heading")  # fmt: skip
        draft.add(quoted(quote), "passage", article, *phrases, *context.terms)
        draft.notes.extend(relative_years(sentence, article))
        draft.blocks.extend(Block(note, "note") for note in draft.notes)
        return draft
    held = context.catalog.meeting_held(article)
    name = extract.meeting_name(article) if held else article.title
    quote = trim(sentence, context.terms) if sentence else ""
    draft.add_item(DateItem(Citation.of(article), name, quote), "heading")
    if article.date_precision != "day":
        draft.add("报道没有给出确切日期，上面是按报道刊发时间推算的。", "note")
    if quote:
        draft.add(quoted(quote), "passage", article, *context.terms)
    return draft


def asks_due(query: Query) -> bool:
    """Tell whether a when-question asks when something is due (开工), not when it was held."""
    return not query.slot("held") and not _HELD.search(query.topic)


def when_sentence(
    hits: Sequence[Hit], terms: Sequence[str], *, due: bool = False
) -> tuple[int, str | None]:
    """The hit and sentence giving a time that cover most of the question (best hit on ties).

    With ``due``, of sentences covering as much, one whose time is not the article's own
    date wins (2022年安置房开工 over 3月3日上午，…召开安置房建设工作专题会).
    """
    best: tuple[int, int, str | None] = (-1, 0, None)
    for rank, hit in enumerate(hits):
        parts = sentences(hit.article.text)
        timed = [s for s in parts if extract.time_phrases(s)]
        for sentence in timed or parts[:1]:
            score = extract.term_score(sentence, terms) * 10 - rank
            if due and timed and not tells_own_date(sentence, hit.article):
                score += len(hits)  # outweighs the rank, never a covered term
            if score > best[0]:
                best = (score, rank, sentence)
    return best[1], best[2]


def tells_own_date(sentence: str, article: Article) -> bool:
    """Tell whether the sentence dates the article's own event (3月3日上午，… / 近日，…)."""
    if article.date_note and article.date_note in sentence:
        return True
    date = article.date
    return date is not None and f"{date.month}月{date.day}日" in sentence.replace(" ", "")


def relative_years(sentence: str, article: Article) -> list[str]:
    """Notes turning 明年/今年/去年 in a quote into years, counted from the article's date."""
    if article.date is None:
        return []
    shifts = {"去年": -1, "今年": 0, "明年": 1}
    return [
        f"“{word}”指{article.date.year + shift}年（按报道日期推算）。"
        for word, shift in shifts.items()
        if word in sentence
    ]


def compose_who(query: Query, context: Context) -> Draft | None:
    """The person a role or event names, with the sentence that names them."""
    if query.people and not query.topic:
        return describe_people(query, context, list(query.people))
    district = context.paper.stem
    scope = scoped_role(query.topic, district) if asks_role(query.topic) else None
    if scope and (found := scoped_holder(query, context, scope, known := people_names(context))):
        return holder_draft(*found, known)
    holders = [
        p.name
        for p in context.index.people
        if query.topic and holds_role(p.roles, query.topic, district)
    ]
    if holders and not query.people:
        return describe_people(query, context, holders, role=query.topic)
    hits = search(query, context, search_text(query), context.limit)
    known = [p.name for p in context.index.people]
    for hit in hits[:3]:
        candidates = [
            s for s in sentences(hit.article.text) if extract.term_score(s, context.terms)
        ]
        if attached := holder_sentence(candidates, query.topic, known):
            return holder_draft(hit, hits, *attached, known)
        sentence = extract.best_sentence(candidates, context.terms)
        names = names_in(sentence or "", context)
        if sentence and names and not asks_role(query.topic):
            draft = Draft(hits=[hit_for(hit.article, sentence), *(h for h in hits if h is not hit)])
            quote = trim(sentence, [*names, *context.terms])
            draft.add_item(FactItem(Citation.of(hit.article), "、".join(names), quote), "heading")
            draft.add(quoted(quote), "passage", hit.article, *names, *context.terms)
            return draft
    return None


def asks_role(topic: str) -> bool:
    """Tell whether the topic names an office (区人民法院的院长), not an event."""
    return topic.replace(" ", "").rstrip("的").endswith((*TITLES, "长", "常委", "委员"))


def role_forms(topic: str) -> list[str]:
    """How the pages may write the asked role: 区人民法院院长, 区委常委、副区长, then 院长."""
    bare = re.sub(rf"^{APPOINTING}", "", topic.replace("的", " ").strip())
    chunks = [c for c in bare.split() if c]
    forms = ["".join(chunks), "、".join(chunks)]
    return list(dict.fromkeys(f for f in forms if len(f) >= 2))


def holder_sentence(
    candidates: Sequence[str], topic: str, known: Sequence[str]
) -> tuple[str, list[str]] | None:
    """The first sentence naming someone right after the asked role, with those names."""
    if not asks_role(topic):
        return None
    for form in role_forms(topic):
        for sentence in candidates:
            if names := role_holders(sentence, form, known):
                return sentence, names
    return None


def holder_draft(
    hit: Hit, hits: Sequence[Hit], sentence: str, names: list[str], known: Sequence[str]
) -> Draft:
    """Name the holders and quote only the words giving them the role."""
    draft = Draft(hits=[hit_for(hit.article, sentence), *(h for h in hits if h is not hit)])
    quote = role_span(sentence, names[0], known)
    draft.add_item(FactItem(Citation.of(hit.article), "、".join(names), quote), "heading")
    for name in names:
        draft.add(quoted(role_span(sentence, name, known)), "passage", hit.article, name)
    return draft


def holds_role(roles: Sequence[str], asked: str, district: str = "") -> bool:
    """Tell whether one of the roles is the one asked about (区人大常委会主任 ~ 人大常委会主任).

    A deputy does not hold the title (区长 is not 副区长's), and with ``district`` 二七,
    二七区区长 and 二七区的区长 ask for 区长.
    """
    asked = asked.strip()
    prefixes = [district + end for end in "区县市"] + [district] if district else []
    own = {asked.removeprefix(p).removeprefix("的") for p in prefixes if asked.startswith(p)}
    for variant in own or {asked}:
        for role in roles:
            if len(variant) < 2:
                continue
            if role.endswith(variant) and not role[: -len(variant)].endswith("副"):
                return True
            if len(variant) >= 4 and variant in role:
                return True
    return False


def people_names(context: Context) -> list[str]:
    """The names of everyone the corpus names."""
    return [p.name for p in context.index.people]


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
        if spotted := role_sentence(name, context, role, query):
            found.append((spotted[0], name, spotted[1]))
        elif signed := context.catalog.bylined(name):
            add_writer(draft, name, newest_first([context.catalog.articles[i] for i in signed]))
    if not found:
        return draft if draft.hits else None
    # 2021年12月的区委副书记: only those the period's pages give the title, when any do.
    found = [f for f in found if in_period(f[0], query)] or found
    found.sort(key=lambda f: f[0].date or dt.date.min, reverse=True)
    if len(found) > 1:
        heading = f"报道中先后有 {len(found)} 人担任{role or '相关职务'}，按报道时间从新到旧："
        draft.add(heading, "heading")
    known = [p.name for p in context.index.people]
    for article, name, sentence in found[: context.limit]:
        said = role_span(sentence, name, known) if role else trim(sentence, [name, role])
        draft.add_item(PersonItem(Citation.of(article), name, said), "item", name, role)
        draft.hits.append(hit_for(article, sentence))
    return draft


def role_sentence(
    name: str, context: Context, role: str, query: Query
) -> tuple[Article, str] | None:
    """The newest sentence giving the person a title (常务副区长李雅), else naming them.

    When the query names a period, the period's articles are read first.
    """
    titled = re.compile(rf"(?:{TITLED})、?{re.escape(name)}")
    named = context.catalog.select(context.catalog.naming(name))
    articles = newest_first([a for a in named if name in a.text])
    articles.sort(key=lambda a: not in_period(a, query))  # stable: newest first within
    for article in articles if role else ():  # 区委副书记是谁: the sentence giving that title
        naming = [s for s in sentences(article.text) if titled.search(s) and role in s]
        if naming:
            return article, naming[0]
    for article in articles:
        naming = [s for s in sentences(article.text) if titled.search(s)]
        if sentence := extract.best_sentence(naming, [role, name]):
            return article, sentence
    for article in articles:
        naming = [s for s in sentences(article.text) if name in s]
        appointed = [s for s in naming if any(w in s for w in _APPOINTED)]
        if sentence := extract.best_sentence(appointed or naming, [role, name]):
            return article, sentence
    return None


def add_writer(draft: Draft, name: str, articles: list[Article]) -> None:
    """Say that someone signs articles (记者 or 通讯员), how many and when, from the bylines."""
    newest = articles[0]
    kind = "记者" if name in newest.byline.reporters else "通讯员"
    span = date_span(articles)
    draft.add_item(WriterItem(Citation.of(newest), name, kind, len(articles), span), "item")
    draft.hits.append(hit_for(newest, None))


def compose_how_many(query: Query, context: Context) -> Draft | None:
    """The number with its counting word, and the clause that gives it (see precise.py)."""
    hits = search(query, context, search_text(query), context.limit)
    found = find_count(hits, context.terms, query.slot("measure"), query.text)
    if found is None:
        return None
    hit = found.hit
    draft = Draft(hits=[hit_for(hit.article, found.sentence), *(h for h in hits if h is not hit)])
    foreign = found.part and not mentions(query.text, found.part)
    fact = f"{found.count}（{found.part}）" if foreign else found.count
    quote = count_quote(found)
    draft.add_item(FactItem(Citation.of(hit.article), fact, quote), "heading")
    draft.add(quoted(quote), "passage", hit.article, found.count, *context.terms)
    if foreign:
        draft.notes.append(f"报道给出的是{found.part}的数字，不一定是全区的。")
        draft.add(draft.notes[-1], "note")
    return draft
