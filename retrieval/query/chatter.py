"""Tell a question from chatter: thanks, laughter, emoji and a few characters of reaction."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from retrieval.text import vocab
from retrieval.text.normalize import normalize
from retrieval.text.patterns import lazy

LAUGHTER = lazy(r"([^\W\d])\1+")  # 哈哈哈, 呵呵, 嘻嘻, hhh: one letter repeated
SHORT = 2  # characters: a reply this short is a reaction unless the pages know the word


def courtesy_words() -> tuple[str, ...]:
    """Courtesy and assent words (zh.toml's courtesy.reactions), longest first."""
    return tuple(sorted(vocab.words("courtesy.reactions"), key=len, reverse=True))


def content(text: str) -> str:
    """What is left of a message without emoji, punctuation, laughter and courtesy words."""
    kept = "".join(ch for ch in normalize(text) if unicodedata.category(ch)[0] in "LN")
    kept = LAUGHTER.sub("", kept)
    for word in courtesy_words():
        kept = kept.replace(word, "")
    return kept


def is_chatter(
    text: str, known: Callable[[str], bool], query_terms: Callable[[str], list[str]]
) -> bool:
    """Whether a message carries no content word, so it asks nothing.

    ``query_terms`` cuts text as the corpus's segmenter does; ``known`` tells whether the
    pages hold a word: a reply of one or two characters counts
    as a question only then (区长, 霹雳), never as a reaction (晕, 靠谱 never named).
    """
    left = content(text)
    terms = query_terms(left) if left else []
    if not terms:
        return True
    return len(left) <= SHORT and not any(known(term) for term in terms)
