"""A question in Chinese → a Query: who it is about, what it asks, which period, what topic."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from retrieval.query.aliases import find_near_names, find_people
from retrieval.query.english import to_chinese
from retrieval.query.intents import REGISTRY, Intent, claim, classify, slot_default
from retrieval.query.language import people_in_pinyin
from retrieval.query.names import unknown_candidates
from retrieval.query.registry import Parsed
from retrieval.query.timeexpr import NEWEST_FIRST_WORDS, find_time_range, wants_newest_first
from retrieval.search.people import Person
from retrieval.text import vocab
from retrieval.text.normalize import normalize
from retrieval.text.patterns import lazy

MAX_QUESTION_CHARS = 2000  # an abuse cap only: a long question is reduced to its content

FILLER = lazy(
    vocab.expand(
        r"^(?:{courtesy.opening_filler})|(?:{courtesy.asking_verbs})?(?:{courtesy.asking_ends})$"
        r"|(?:{courtesy.particles})$|^的"
    )
)
POLITE = lazy(vocab.either("courtesy.courtesy_patterns"))
CONNECTIVES = lazy(vocab.expand(r"(?:^|(?<=\s))(?:{courtesy.joiners})(?=\s|$)|{courtesy.together}"))
ASKING = lazy(vocab.expand("(?:{asking.going})?(?:{asking.which})(?:{asking.places})?"))
EMPTY_CHUNKS = frozenset(vocab.words("courtesy.empty_chunks"))


@dataclass(frozen=True, slots=True)
class Query:
    """What a question asks, in terms retrieval understands."""

    question: str  # as asked
    text: str  # normalised: width folded, traditional → simplified, cleaned of control chars
    topic: str  # what to search for once people, time and question words are removed
    intent: Intent  # what kind of answer it wants (retrieval/query/intents.py)
    people: tuple[str, ...] = ()  # canonical names, from full names or aliases
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()  # alias → candidates, not guessed
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    period: str | None = None  # the date range used, in Chinese ("2021年12月")
    newest_first: bool = False
    slots: tuple[tuple[str, str], ...] = ()  # what the intent's cue read: (name, value)
    corrected: tuple[tuple[str, str], ...] = ()  # (typed, name) for near-miss names: 陈红明
    unknown: tuple[tuple[str, str], ...] = ()  # (name, title) of people we may not know

    def slot(self, name: str) -> str:
        """A slot of the intent (event_kind, person_role, measure, held), else its default."""
        return dict(self.slots).get(name) or slot_default(self.intent, name)

    def with_slots(self, **values: str) -> Query:
        """The same query with some slots set (a template widening what it lists)."""
        return replace(self, slots=tuple({**dict(self.slots), **values}.items()))


def parse_question(
    question: str,
    people: Sequence[Person],
    *,
    today: dt.date | None,
    district: str = "",
    is_place: Callable[[str], bool] = lambda _: False,
    max_chars: int = MAX_QUESTION_CHARS,
) -> Query:
    """Understand one question: people (with aliases), intent, time range and topic.

    ``district`` is the corpus's district as the pages prefix it (二七 of 二七区);
    ``is_place`` tells a place the pages name (郑州天气 asks for live weather there);
    ``max_chars`` caps how much of the question is read.
    """
    text = to_chinese(clean_text(question, max_chars))  # 安置房 meeting when 开的
    corrected = tuple(find_near_names(text, people))
    spelled = text
    for typed, name in corrected:
        spelled = spelled.replace(typed, name)
    names, ambiguous, rest = find_people(spelled, people, district)
    rest = POLITE.sub(" ", rest)
    newest_first = wants_newest_first(rest)
    when = find_time_range(rest, today)
    if when is not None:
        rest = rest.replace(when.words, " ")
    for word in NEWEST_FIRST_WORDS:
        rest = rest.replace(word, " ")
    asked = classify(rest, bool(names))
    parsed = Parsed(text, asked.intent, tidy_topic(asked.rest), names, when is not None, is_place)
    intent, topic = claim(parsed)
    if intent is Intent.FOREIGN:  # Chen Hongmin: the hint names whom they meant
        names = people_in_pinyin(text, people)
    return Query(
        question=question,
        text=text,
        topic=topic,
        intent=intent,
        people=names,
        ambiguous=ambiguous,
        date_from=when.date_from if when else None,
        date_to=when.date_to if when else None,
        period=when.period if when else None,
        newest_first=newest_first or REGISTRY[asked.intent].newest_first,
        slots=tuple(asked.slots.items()),
        corrected=corrected,
        unknown=unknown_candidates(spelled, (p.name for p in people)),
    )


def clean_text(question: str, max_chars: int = MAX_QUESTION_CHARS) -> str:
    """Normalise a question and drop control, format (zero-width) and markup characters."""
    text = normalize(question[: max_chars * 2])
    text = re.sub(r"<[^<>]{0,200}>", " ", text)  # pasted HTML tags
    kept = (ch if unicodedata.category(ch)[0] not in "CZ" else " " for ch in text)
    return re.sub(r"\s+", " ", "".join(kept)).strip()[:max_chars]


def trim_chunk(chunk: str) -> str:
    """Drop a chunk that says nothing (有, 干了) and a trailing 了 (配备了 → 配备)."""
    bare = chunk.removesuffix("了")
    if chunk in EMPTY_CHUNKS or bare in EMPTY_CHUNKS:
        return ""
    return bare if len(bare) >= 2 else chunk


def tidy_topic(text: str) -> str:
    """Trim question filler and punctuation from what is left of the question."""
    text = re.sub(r"[?？!！。，,、;；:：~～\"“”'‘’()（）《》【】\[\]]+", " ", text)
    text = ASKING.sub(" ", text)
    text = CONNECTIVES.sub(" ", text)
    text = " ".join(chunk for chunk in map(trim_chunk, text.split()) if chunk)
    previous = None
    while previous != text:
        previous = text
        text = FILLER.sub("", text).strip()
    return text
