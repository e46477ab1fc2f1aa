"""People a question names whom the paper may never mention (李国强区长, 张伟是谁).

A name is recognised by its shape, not looked up in a list of names: a common surname and one
or two characters next to a title (李国强区长, 区长李国强), or a word jieba's general dictionary
tags as a person's name (刘德华), or an unlisted two- or three-character word starting with a
surname where a person is asked about (张伟是谁).  Whether the pages name them is decided by
the composer against the corpus text; a person the pages never name gets a reply saying so.
"""

from __future__ import annotations

from collections.abc import Iterable

from retrieval.query.aliases import COMPOUND_SURNAMES, SURNAMES, TITLES, surname
from retrieval.search.general import lookup
from retrieval.text.patterns import lazy

_TITLE = "|".join(TITLES)
_SURNAME = f"(?:{'|'.join(COMPOUND_SURNAMES)}|{SURNAMES})"
# What may follow a name after its title: what the person did or is asked about.
_AFTER_NAME = (
    r"(?=是|的|最近|近期|开|主持|出席|参加|去|到|在|有|都|来|讲|说|调研|带队|督导|视察|表示|强调"
    r"|[，,？?\s]|$)"
)
# Characters of office words, never of a given name in a question (常务副区长, 纪委书记).
_OFFICE = lazy(r"[副委务区部局长书记主任院镇乡街道办市县省组]")
_NAME_TITLE = lazy(rf"(?P<name>{_SURNAME}[\u4e00-\u9fff]{{1,2}}?)(?:同志)?(?P<title>{_TITLE})")
_TITLE_NAME = lazy(rf"(?P<title>{_TITLE})(?P<name>{_SURNAME}[\u4e00-\u9fff]{{1,2}}?)" + _AFTER_NAME)
# Where a bare name is asked about: 张伟是谁, 刘德华来二七区了吗
_ASKED_ABOUT = lazy(
    rf"(?:^|(?<=[，,。\s]))(?P<name>{_SURNAME}[\u4e00-\u9fff]{{1,2}})"
    r"(?=是谁|是什么人|是干什么的|是哪位|来|去|到|最近|近期|参加|出席|主持|开了|讲了|说了|在哪)"
)


def unknown_candidates(text: str, known: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Names (with the title asked, or "") that look like people and are not known people."""
    known = set(known)
    found: dict[str, str] = {}
    for pattern in (_NAME_TITLE, _TITLE_NAME):
        for match in pattern.finditer(text):
            name = match["name"]
            if name not in known and plausible(name, titled=True):
                found.setdefault(name, match["title"])
    for match in _ASKED_ABOUT.finditer(text):
        name = match["name"]
        if name not in known and name not in found and plausible(name, titled=False):
            found[name] = ""
    return tuple(found.items())


def plausible(name: str, *, titled: bool) -> bool:
    """Tell whether a surname-led word can be a given name rather than an ordinary word."""
    if len(name) < 2 or _OFFICE.search(name[1:]):
        return False
    word = lookup(name)
    if word.name:
        return True
    # Next to a title any unlisted word will do; alone it must be unlisted and short.
    return not word.known if titled or len(name) - len(surname(name)) <= 2 else False
