"""The words of a headline: part-of-speech tags, whether a phrase is complete, wrapped lines."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from retrieval.pages.forms import data_lines

Unit = tuple[str, ...]  # the lines of one headline block (no blank line inside)
WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")

# Verbs that can close a complete headline ("…会议召开"); any other final verb wants an object.
CLOSING_VERBS = frozenset(
    {
        *("召开", "举行", "启动", "开幕", "闭幕", "成立", "揭牌", "开班", "落幕", "举办"),
        *("开工", "竣工", "通过", "完成", "发布", "出台", "上线", "亮相", "会"),
    }
)


@functools.cache
def tagger() -> Any:
    """Return a private jieba POS tagger, unaffected by words other modules add."""
    import jieba  # noqa: PLC0415 - jieba is slow to import; only headlines need it here
    import jieba.posseg  # noqa: PLC0415

    jieba.setLogLevel(logging.WARNING)

    class SharedTags(jieba.posseg.POSTokenizer):
        """A POS tagger over its own tokenizer that copies the loaded tag table (saves ~1 s)."""

        def load_word_tag(self, f: Any) -> None:
            f.close()
            self.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)

    return SharedTags(jieba.Tokenizer())


def words(text: str) -> list[tuple[str, str]]:
    """Segment text into (word, flag) pairs, punctuation dropped."""
    return list(_tagged(text))


# Choosing a headline tags the same piece up to four times (its rank, whether it names a
# subject, whether it is complete); tagging is most of what parsing a page costs.
@functools.lru_cache(maxsize=4096)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    """The (word, flag) pairs of a text, computed once per text while it is recent."""
    return tuple((p.word, p.flag) for p in tagger().cut(text) if WORD.search(p.word))


def crosses(left: str, right: str) -> bool:
    """Tell whether a word runs across the break between two pieces (年轻 | 干部)."""
    cut = len(left)
    return any(s < cut < e for _, s, e in tagger().tokenizer.tokenize(left + right))


def incomplete(title: str) -> bool:
    """Tell whether a title still lacks its predicate or object (二七区学习贯彻 …)."""
    tagged = words(title)
    if not tagged:
        return False
    if not any(flag in ("v", "vn", "vd") for _, flag in tagged):
        return names_subject(title)  # "区十六届人大常委会" still needs its predicate
    word, flag = tagged[-1]
    if flag == "v" and all(f == "ns" for _, f in tagged[:-1]):
        return True  # a place then a verb ("二七区举办 …"): what it holds comes next
    # A time word is no object: "二七区开展元旦春节 | 走访慰问困难群众" goes on.
    return (flag == "v" and word not in CLOSING_VERBS) or flag in ("a", "t")


def subject_rank(text: str) -> int:
    """Rank how surely a piece opens with who acts: 0 a place, 1 another subject, 2 none."""
    tagged = words(text)
    if tagged and tagged[0][1] == "ns":
        return 0
    return 1 if names_subject(text) else 2


def names_subject(text: str) -> bool:
    """Tell whether a piece opens with who acts: a place or body (二七区…, 区领导…)."""
    tagged = words(text)
    if not tagged:
        return False
    flag = tagged[0][1]
    if flag in ("ns", "nt", "nr", "j", "n"):
        return True
    return flag == "m" and len(tagged) > 1 and tagged[1][1].startswith("n")


@functools.cache
def openers() -> frozenset[str]:
    """Words that cannot end a headline line (retrieval/data/headline_openers.txt)."""
    return frozenset(data_lines("headline_openers.txt"))


def wraps(line: str, following: str) -> bool:
    """Tell whether a headline line breaks mid-phrase, so the next line continues it.

    A word runs across the break (人大常委 | 会), the line ends with a word that opens a
    phrase (婺城召开全区 | 安全生产工作会议), or with a verb whose object, with no verb of
    its own, is the next line (崔长领主持召开 | 县委常委会会议). Lines with spaces are a
    kicker's parts and are never joined.
    """
    if " " in line or " " in following:
        return False
    tagged = words(line)
    if not tagged or crosses(line, following) or tagged[-1][0] in openers():
        return bool(tagged)
    verbless = not any(flag in ("v", "vn", "vd") for _, flag in words(following))
    return tagged[-1][1] == "v" and len(tagged) > 1 and tagged[-2][1] == "v" and verbless


def unwrap(unit: Unit) -> Unit:
    """Join the lines of a headline block that one headline wraps over."""
    lines: list[str] = []
    for line in unit:
        if lines and wraps(lines[-1], line):
            lines[-1] += line
        else:
            lines.append(line)
    return tuple(lines)
