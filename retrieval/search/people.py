"""Mine the people and the set phrases a corpus names, so segmentation keeps them whole."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from retrieval.models import Article
from retrieval.text import vocab
from retrieval.text.normalize import normalize

# A name must start with a family name, which keeps words such as 的/参/相关 that follow a
# title from being taken for names.
SURNAMES = frozenset(vocab.words("people.surnames"))
_HAN = r"[\u4e00-\u9fff]"
_NAME = rf"[{''.join(sorted(SURNAMES))}]{_HAN}{{1,2}}?"
# What follows a name in news prose: a verb of the event, a joiner, or punctuation.
_AFTER = (
    r"(?=主持|出席|参加|表示|强调|指出|提出|要求|说|讲话|带队|带领|一行|领学|从|就|在|对|"
    r"陪同|调研|等|及|和|同志|到|深入|实地|察看|听取|作|做|宣读|通报|[，,。、；;：:（(\s]|$)"
)
_TITLE = f"(?:{vocab.either('people.titles', 'people.offices')})"
_ROLE_CHAIN = rf"(?P<roles>(?:{_HAN}{{0,12}}?{_TITLE}、?)+)"
_ROLE_MENTION = rf"{_ROLE_CHAIN}(?P<name>{_NAME}){_AFTER}"
_LEADER_LIST = rf"区领导(?P<names>(?:{_NAME}、)*{_NAME})等?{_AFTER}"
_APPOINTMENT = rf"(?:任免|免去|任命|提名)(?P<name>{_NAME})(?:等|同志)"
# 常淼同志被任命为二七区政府副区长: an appointment gives the role it names.
_APPOINTED = (
    rf"(?P<name>{_NAME})(?:同志)?(?:被|已)?(?:任命为|当选为|选举为|提名为|担任|出任)"
    rf"(?P<role>{_HAN}{{0,12}}?{_TITLE})(?=[，,。；;、\s]|$)"
)
_COMRADE = rf"(?:^|(?<=[。，；、\s]))(?P<name>{_NAME})同志"
_QUOTED = re.compile(r"[“\"「《](?P<term>[\u4e00-\u9fff0-9a-z]{2,8})[”\"」》]")
_SHORT_NAME = re.compile(r"以下简称(?P<term>[\u4e00-\u9fff]{2,8})[)）]")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the corpus names, the roles it gives them and the articles naming them."""

    name: str
    roles: tuple[str, ...]
    article_ids: Sequence[str]  # a tuple when mined; positions decoded on read when cached

    @property
    def mentions(self) -> int:
        """How many articles name this person."""
        return len(self.article_ids)


def names_in_text(article: Article, name: str) -> bool:
    """Tell whether the headline or the text holds the name (bylines aside; no name spans a
    paragraph)."""
    return name in article.title or any(name in p for p in article.paragraphs)


def searchable_text(article: Article) -> str:
    """Title, subtitle, paragraphs and byline as one normalised string (what names match)."""
    parts = [article.title, article.subtitle, *article.paragraphs, str(article.byline)]
    return normalize("\n".join(parts))


def _clean_role(role: str) -> str:
    """Trim the district that precedes an office's own name (二七区委书记 → 区委书记).

    The office starts at the first 区 or 县 that leaves a title after it (any district: no
    name is spelled here); X区长 is a district's 区长 unless X is a rank (常务副, 代).
    """
    start = next((i for i, ch in enumerate(role) if ch in "区县" and i < len(role) - 2), -1)
    if start >= 0:
        role = role[start:]
    elif role.endswith(("区长", "县长")) and not role[:-2].endswith(("副", "代")):
        role = role[-2:]
    return role.replace("区区", "区").replace("县县", "县")


@cache
def _pattern(source: str) -> re.Pattern[str]:
    """Compile a mention pattern on first use: mining runs at index time, never when a cached
    index answers (compiling these title × surname patterns is a tenth of a cold import)."""
    return re.compile(source)


def _named(text: str) -> Iterable[tuple[str, str]]:
    """Yield (name, role or "") for every person mention in normalised text."""
    for match in _pattern(_ROLE_MENTION).finditer(text):
        for role in filter(None, match["roles"].split("、")):
            yield match["name"], _clean_role(role)
    for match in _pattern(_LEADER_LIST).finditer(text):
        for name in match["names"].split("、"):
            yield name, "区领导"
    for match in _pattern(_APPOINTED).finditer(text):
        yield match["name"], _clean_role(match["role"])
    for pattern in (_APPOINTMENT, _COMRADE):
        for match in _pattern(pattern).finditer(text):
            yield match["name"], ""


def _byline_names(article: Article) -> Iterable[tuple[str, str]]:
    """Yield (name, role) for the reporters and correspondents of an article."""
    yield from ((normalize(name), "记者") for name in article.byline.reporters)
    yield from ((normalize(name), "通讯员") for name in article.byline.correspondents)


def mine_people(articles: Sequence[Article]) -> tuple[Person, ...]:
    """Find people from role patterns, leader lists, appointments and bylines."""
    scanned = scan(articles)
    return _people(articles, [text for text, _ in scanned], [found for _, found in scanned])


def mine_terms(articles: Sequence[Article]) -> tuple[str, ...]:
    """Find quoted campaign names, book titles and declared short names (以下简称…)."""
    return _terms(searchable_text(article) for article in articles)


Mentions = list[tuple[str, str]]  # (name, role or "") as an article gives them


def scan(articles: Sequence[Article]) -> list[tuple[str, Mentions]]:
    """Each article's searchable text and the people it mentions (what mining reads)."""
    scanned = []
    for article in articles:
        text = searchable_text(article)
        found = [*_named(text), *_byline_names(article)]
        scanned.append((text, [(name, role) for name, role in found if 2 <= len(name) <= 4]))
    return scanned


def mine(
    articles: Sequence[Article], scanned: Sequence[tuple[str, Mentions]]
) -> tuple[tuple[Person, ...], tuple[str, ...]]:
    """Return ``(mine_people(articles), mine_terms(articles))`` from ``scan(articles)``
    (taken in a pool for a large corpus), so each text is normalised once."""
    texts = [text for text, _ in scanned]
    return _people(articles, texts, [found for _, found in scanned]), _terms(texts)


def _people(
    articles: Sequence[Article], texts: Sequence[str], mentioned: Sequence[Mentions]
) -> tuple[Person, ...]:
    """People named in normalised article texts (``scan``), with their roles and articles."""
    roles: dict[str, dict[str, None]] = defaultdict(dict)
    for found in mentioned:
        for name, role in found:
            roles[name].update({role: None} if role else {})
    naming = naming_articles(roles, articles, texts)
    return tuple(Person(name, tuple(roles[name]), naming[name]) for name in sorted(roles))


def naming_articles(
    names: Iterable[str], articles: Sequence[Article], texts: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """Map each name to the ids of the articles whose text contains it (one pass per text)."""
    names = sorted(set(names), key=len, reverse=True)
    found: dict[str, list[str]] = {name: [] for name in names}
    if not names:
        return {}
    pattern = re.compile("|".join(map(re.escape, names)))
    inner = _inner_names(names)
    for article, text in zip(articles, texts, strict=True):
        hits = set(pattern.findall(text))
        # A name inside a longer name found at the same place is still named there.
        hits.update(*(inner[h] for h in hits))
        for name in hits:
            found[name].append(article.article_id)
    return {name: tuple(ids) for name, ids in found.items()}


def _inner_names(names: Sequence[str]) -> dict[str, frozenset[str]]:
    """Map each name to the other names it contains (陈红民 → 红民 when both are names).

    Looked up per found name, so an article costs its own hits, not one test per name.
    """
    known = frozenset(names)
    return {name: (_substrings(name) & known) - {name} for name in names}


def _substrings(text: str) -> frozenset[str]:
    """Every non-empty substring of a (short) text."""
    return frozenset(text[i:j] for i in range(len(text)) for j in range(i + 1, len(text) + 1))


def _terms(texts: Iterable[str]) -> tuple[str, ...]:
    """Quoted phrases, book titles and declared short names in normalised texts."""
    terms: dict[str, None] = {}
    for text in texts:
        for pattern in (_QUOTED, _SHORT_NAME):
            terms.update((match["term"], None) for match in pattern.finditer(text))
    return tuple(sorted(terms))
