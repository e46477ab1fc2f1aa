"""How much a query word the corpus never uses counts against a match (the relevance gate).

An article is relevant when the query words it holds carry enough of the query's
information (see retrieval/search/index.py).  A word the corpus lacks used to carry the most,
so one everyday word (防洪, 老房子, 漏水) sank a good match.  Now its weight depends on what
the word is in the general language: a function word (怎么, 那个) carries nothing, an everyday
noun about half of the most, an everyday verb a quarter, and only a word the general
dictionary does not list, or lists as a person's name, carries the most.  Unknown people
get their own reply before search (retrieval/query/names.py).
"""

from __future__ import annotations

from retrieval.search.general import lookup

EVERYDAY_SHARE = 0.5  # an unseen noun the general language uses (防洪, 老房子)
ACTION_SHARE = 0.25  # an unseen verb, verbal noun or adjective (建好, 咨询): little topic
# Verbs, adjectives, places and times, set phrases (提心吊胆, 反腐倡廉): say little about a topic.
_ACTION_TAGS = ("v", "vd", "vi", "vq", "vn", "a", "ad", "ag", "an", "z", "f", "t", "s", "l")


def unseen_information(term: str, most: float) -> float:
    """The information of a query term absent from the corpus; ``most`` is a df = 0 term's."""
    if len(term) < 2:
        return 0.0
    word = lookup(term)
    if not word.known:
        return composed_information(term, most)
    if word.name:
        return most
    if word.function:
        return 0.0
    if word.tag in _ACTION_TAGS:
        return ACTION_SHARE * most
    return EVERYDAY_SHARE * most


def composed_information(term: str, most: float) -> float:
    """An unlisted word: as much as its heaviest listed part (能建好 = 能 + 建好), else the most.

    jieba joins unknown runs of characters into words; one made of everyday parts says no
    more than its parts, while one with no listed part of two characters or more (a rare
    term, a foreign name) carries the most.
    """
    parts = [
        (term[:cut], term[cut:])
        for cut in range(1, len(term))
        if all(len(p) == 1 or lookup(p).known for p in (term[:cut], term[cut:]))
    ]
    if not parts:
        return most
    weights = [unseen_information(p, most) for split in parts for p in split if len(p) > 1]
    return max([ACTION_SHARE * most, *weights])
