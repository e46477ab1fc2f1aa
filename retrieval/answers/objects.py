"""What was reported, visited or required: the object phrase of the asked verb, quoted.

区检察院做了什么专项报告 → 区人民检察院关于服务“六稳六保”工作专项报告; 现场观摩的是哪里 →
路华大厦党建引领…; 重点抓好哪些方面 → the list before 7个方面. The question names a verb
(做, 观摩, 抓好) and often a head noun (专项报告, 方面); the answer is the phrase of the
best sentence that the head ends, or that follows the verb, never a paraphrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.answers.draft import Context, Draft, hit_for, search, search_text
from retrieval.answers.extract import ELLIPSIS, QUOTE_LIMIT, sentences, term_score
from retrieval.items import FactItem, quoted
from retrieval.models import Citation, Hit
from retrieval.query.question import Query
from retrieval.text import vocab
from retrieval.text.patterns import lazy

_HAN = r"[\u4e00-\u9fff]"
# 做了什么专项报告, 观摩的是哪里, 重点抓好哪些方面, 宣读了哪些方案: verb, which-word, head.
_SLOT = lazy(
    vocab.expand(
        rf"(?P<verb>{_HAN}{{2}})(?:了|的是|的|过)?(?P<which>{{objects.which}})"
        rf"(?P<head>{_HAN}{{0,10}}?)(?:的|工作|内容)?(?:{{objects.tails}})?[?？。!！\s]*$"
    )
)
# What sums up a list before the head: 5家[单位], 3条[道路], 等[问题], 等5支[队伍].
_SUMS = lazy(r"(?:等|等?(?:\d+|[一二三四五六七八九十两]+)(?:余|多)?[个家项条点种支所批名位])$")
_PIECE = lazy(r"[^、，,。；;：:《》\s]+")
_STOP = "，,。；;：:！？!?"


@dataclass(frozen=True, slots=True)
class Slot:
    """The verb the question asks the object of, its head noun, and whether several are asked."""

    verb: str
    head: str
    several: bool


def asked_slot(text: str) -> Slot | None:
    """Read the verb and head noun around the which-word (None: no object asked)."""
    found = _SLOT.search(text)
    if found is None or found["verb"].endswith(tuple(vocab.words("objects.going"))):
        return None
    head = found["head"] if len(found["head"]) >= 2 else ""
    if not head and found["verb"].endswith(tuple(vocab.words("objects.not_verbs"))):
        return None  # 是什么, 是干什么的: no verb to take the object of
    several = found["which"] not in vocab.words("objects.single")
    return Slot(found["verb"], head, several)


def objects_in(sentence: str, slot: Slot, terms: Sequence[str]) -> tuple[list[str], int]:
    """The object phrases of the sentence and how surely they answer (2: a list its count
    sums up, 1: items the head ends, 0: the words right after the verb)."""
    size = next((n for n in range(len(slot.head), 1, -1) if slot.head[:n] in sentence), 0)
    head = slot.head[:size]
    if head and (listed := summed_list(sentence, slot.verb, head)):  # 5家[单位发言]
        return [listed], 2
    if head and head == slot.head:  # a part of the head (廉政 of 廉政教育片) names no item
        pieces = [p for p in _PIECE.findall(sentence) if head in p]
        if not slot.several:
            pieces = sorted(pieces, key=lambda p: -term_score(p, terms))[:1]
        return [p.removeprefix(slot.verb).lstrip("了") for p in pieces], 1
    phrase = after_verb(sentence, slot.verb)
    return ([phrase], 0) if phrase else ([], 0)


def summed_list(sentence: str, verb: str, head: str) -> str:
    """The list a count or 等 sums up before the head (A、B、C5家单位 → A、B、C), else ""."""
    sums = (_SUMS.search(sentence, 0, m.start()) for m in re.finditer(re.escape(head), sentence))
    count = next((found for found in sums if found), None)
    if count is None:
        return ""
    start = max(sentence.rfind(c, 0, count.start()) for c in _STOP) + 1
    if (at := sentence.rfind(verb, 0, count.start())) >= 0:
        start = at + len(verb)  # 重点抓好A，B，…7个方面: the list runs past commas
    return sentence[start : count.start()].lstrip("了")


def after_verb(sentence: str, verb: str) -> str:
    """The words after the verb up to the clause's end (观摩了路华大厦…), else ""."""
    found = re.search(rf"{re.escape(verb)}(?:了|的是)?(?!会)", sentence)
    if found is None:
        return ""
    end = min((i for c in "，,。；;" if (i := sentence.find(c, found.end())) >= 0), default=None)
    phrase = sentence[found.end() : end].strip("《》")
    return phrase if len(phrase) >= 2 else ""


def best_objects(
    hits: Sequence[Hit], slot: Slot, terms: Sequence[str]
) -> tuple[Hit, str, list[str]] | None:
    """The hit, sentence and objects of the sentence answering the question best."""
    best: tuple[int, Hit, str, list[str]] | None = None
    for rank, hit in enumerate(hits[:3]):
        for sentence in sentences(hit.article.text):
            found, sureness = objects_in(sentence, slot, terms)
            if not found:
                continue
            score = (term_score(sentence, terms) + 10 * sureness) * 10 - rank
            if best is None or score > best[0]:
                best = (score, hit, sentence, found)
    return best[1:] if best else None


def object_quote(sentence: str, first: str, limit: int = QUOTE_LIMIT) -> str:
    """The sentence from the clause where the object starts, about ``limit`` characters on."""
    at = max(sentence.find(first[:6]), 0)
    start = max(sentence.rfind(c, 0, at) for c in _STOP + "、") + 1
    end = max(at + len(first), start + limit)
    text = sentence[start:end]
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(sentence.rstrip("。！？!?")) else ""
    return head + text + tail


def compose_object(query: Query, context: Context) -> Draft | None:
    """Name what the asked verb acted on, quoting the sentence (None: no object found)."""
    slot = asked_slot(query.text)
    if slot is None:
        return None
    hits = search(query, context, search_text(query), context.limit)
    found = best_objects(hits, slot, context.terms)
    if found is None:
        return None
    hit, sentence, objects = found
    draft = Draft(hits=[hit_for(hit.article, sentence), *(h for h in hits if h is not hit)])
    quote = object_quote(sentence, objects[0])
    draft.add_item(FactItem(Citation.of(hit.article), "；".join(objects), quote), "heading")
    draft.add(quoted(quote), "passage", hit.article, *context.terms)
    return draft
