"""A reply for people and places the pages never name: say so, and nothing else.

李国强区长最近开了哪些会 gets who the pages give that title to; 上海浦东新区最近开了什么会
gets what the pages cover.  Never someone else's meetings, never another district's news.
"""

from __future__ import annotations

from retrieval.answers.draft import Context, Draft
from retrieval.answers.facts import holds_role
from retrieval.models import Block
from retrieval.query.places import place_words
from retrieval.query.question import Query
from retrieval.text.segment import is_stopword

HOLDERS_SHOWN = 6


def absent_people(query: Query, context: Context) -> list[tuple[str, str]]:
    """The (name, title) pairs of the question that no article names."""
    return [(name, title) for name, title in query.unknown if not context.index.naming(name).any()]


def name_absent_places(places: list[str], explained: Draft) -> Draft:
    """The no-answer explanation led by '报道中没有提到上海浦东新区' instead of 'nothing found'."""
    notes = [Block(f"报道中没有提到{place}。", "note") for place in places]
    rest = (
        explained.blocks[1:]
        if explained.blocks[:1] and explained.blocks[0].kind == "note"
        else explained.blocks
    )
    explained.blocks = [*notes, *rest]
    explained.notes = [block.text for block in notes]
    return explained


def absent_places(query: Query, context: Context) -> list[str]:
    """The places the question names (上海浦东新区, 北京) that no article names.

    A place counts as named when the corpus uses it as a word, an article holds it, or an
    abbreviation or synonym of it is in the pages; only then may it be searched for.
    """
    index = context.index
    unused = (
        word
        for word in index.segmenter.dictionary_words(query.text)
        if word not in index.tables.vocabulary and not is_stopword(word)
    )
    return [
        word
        for word in place_words(unused)
        if not index.naming(word).any() and not index.alternatives(word)
    ]


def compose_absent(absent: list[tuple[str, str]], context: Context) -> Draft:
    """'报道中没有提到李国强' plus the people the pages give that title, and nothing else."""
    draft = Draft()
    for name, title in absent:
        draft.add(f"报道中没有提到{name}。", "note")
        if not title:
            continue
        holders = [p for p in context.index.people if holds_role(p.roles, title)]
        listed = "、".join(
            f"{p.name}（{next(r for r in p.roles if holds_role([r], title))}）"
            for p in holders[:HOLDERS_SHOWN]
        )
        if listed:
            draft.add(f"报道中的{title}有：{listed}。", "line")
    draft.notes = [block.text for block in draft.blocks if block.kind == "note"]
    return draft
