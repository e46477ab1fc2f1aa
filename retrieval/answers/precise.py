"""Facts taken only where they are attached to what was asked: counts and role holders.

A count answers a how-many question only when it stands in the same clause as the asked noun
(科技型企业61家, not the 22家 of the clause before, nor 一家 of 第一家新型研发机构), and its
quote is that clause alone.  When the sentence gives the figure for a part of the district
(二七经开区共有…) and the question does not name that part, the answer says whose figure it
is.  A role question quotes the holder named right after the role (区人民法院院长王炅), never
the other names of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.answers.extract import ELLIPSIS, sentences, term_score, trim
from retrieval.models import Hit
from retrieval.query.aliases import SURNAMES
from retrieval.text import vocab
from retrieval.text.patterns import lazy

_SEGMENT = lazy(r"[^，,；;：:、。！？!?]+[，,；;：:、。！？!?]?")
_NUMBER = r"(?<![第每首\d.])(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千万两]+)(?:余|多)?"
# Parts of a district a figure may be given for (its 经开区, a 街道, a 社区 …).
_KINDS = "经开区|开发区|高新区|产业园|园区|示范区|街道|社区|乡|镇|村"
_PART = lazy(
    rf"(?P<part>[\u4e00-\u9fff]{{0,8}}?(?P<kind>{_KINDS}))"
    r"(?:共有|现有|拥有|有|共|累计|已)"
)
_BOUNDARY = "，,。；;：:\n"
# Between the asked words and the slot: 开工了[几个], 一共有[多少家].
_SLOT_LEAD = r"(?:了|有|共|一共|总共|都|是|为|达|约|大约|大概|已|已经)*"
_CONTEXT = 4  # characters each side of the slot that can tell two figures apart
_NEAR = 6  # characters after a count in its clause that the words after the slot may match
APPOINTING = r"(?:被|已)?(?:任命为|当选为|选举为|提名为|担任|出任)"
_APPOINTED_TO = lazy(rf"(?P<name>[\u4e00-\u9fff]{{2,4}}?)(?:同志)?{APPOINTING}$")
_CONNECTIVE = "及和与、"
_TITLE = vocab.either("people.titles", "people.offices")
_NAME_AFTER_ROLE = lazy(
    rf"(?P<name>{SURNAMES}[\u4e00-\u9fff]{{1,2}}?)"
    r"(?=列席|出席|主持|参加|参与|表示|强调|指出|讲话|同志|等|及|和|[，,。、；;\s]|$)"
)


@dataclass(frozen=True, slots=True)
class Count:
    """A count found for a question, with the clause to quote and whose figure it is."""

    hit: Hit
    sentence: str
    count: str
    clause: str
    part: str  # the part of the district the figure is for ("" when the whole)
    beside: str = ""  # its clause's words before the count, and those right after it


def find_count(hits: Sequence[Hit], terms: Sequence[str], measure: str, asked: str) -> Count | None:
    """The count in the clause that best covers the question's words (None: none attached)."""
    best: tuple[float, Count] | None = None
    left, right = slot_context(asked, measure)
    for rank, hit in enumerate(hits[:3]):
        for sentence in sentences(hit.article.text):
            for count in _alike_counts(hit, sentence, terms, measure, right):
                covered = term_score(count.clause, terms)
                if not covered:
                    continue  # a number not attached to any asked word
                foreign = bool(count.part) and not mentions(asked, count.part)
                beside = _beside(left, right, count.beside)
                score = (covered + 3 * beside) * 10 + term_score(sentence, terms) - rank
                score -= 1000 * foreign  # a figure of the asked scope wins when there is one
                if best is None or score > best[0]:
                    best = (score, count)
    if best is None or _verb_elsewhere(best[1], left, measure):
        return None
    return best[1]


def _verb_elsewhere(found: Count, left: str, measure: str) -> bool:
    """Whether the asked verb (交 in 今年能交[多少个]) is beside another figure of the same
    sentence and not beside this one (在建…8个，计划年内交付4个): this one would be a wrong
    number, so no number is given."""
    verb = left[-1:]
    if not re.fullmatch(r"[\u4e00-\u9fff]", verb) or verb == "的":
        return False
    if verb in found.beside.split(" ")[0]:
        return False
    others = (c for c in _counts(found.hit, found.sentence, (), measure) if c.count != found.count)
    return any(verb in c.beside.split(" ")[0] for c in others)


def slot_context(asked: str, measure: str) -> tuple[str, str]:
    """The words right before and after the asked count (开工了[几个], [多少个]老旧小区).

    They say which figure is meant where one sentence gives several of the same measure
    (计划改造95个，已开工88个，完工64个).
    """
    slot = re.search(rf"(?:多少|几){re.escape(measure)}", asked) if measure else None
    if slot is None:
        return "", ""
    before = re.sub(_SLOT_LEAD + "$", "", asked[: slot.start()])
    if re.search(rf"(?:{_KINDS}|区|县|市)$", before):
        before = ""  # 二七经开区[有]多少家: a scope (see mentions), not what is counted
    after = re.split(r"[，,。；;？?！!\s]", asked[slot.end() :].removeprefix("的"), maxsplit=1)[0]
    return before[-_CONTEXT:], after[:_CONTEXT]


def _beside(left: str, right: str, near: str) -> int:
    """How well the words around a count match those around the slot.

    The question's last words before the slot are its predicate (老旧小区改造[完工]多少个):
    finding them counts twice.
    """
    ending = next((len(left) - i for i in range(len(left) - 1) if left[i:] in near), 0)
    return max(_common(left, near), 2 * ending) + _common(right, near)


def _common(words: str, text: str) -> int:
    """The length of the longest run of two or more characters the two share (else 0)."""
    for size in range(min(len(words), len(text)), 1, -1):
        if any(words[i : i + size] in text for i in range(len(words) - size + 1)):
            return size
    return 0


def _alike_counts(
    hit: Hit, sentence: str, terms: Sequence[str], measure: str, noun: str
) -> Iterable[Count]:
    """Counts of the measure, and of a measure counting the same things (几点要求 ~ 5个要求)
    where the asked noun follows the count."""
    yield from _counts(hit, sentence, terms, measure)
    alike = vocab.words("how_many.alike") if measure in vocab.words("how_many.alike") else []
    for unit in alike:
        if unit != measure and len(noun) >= 2:
            counts = _counts(hit, sentence, terms, unit)
            yield from (c for c in counts if c.beside.split(" ")[-1].startswith(noun[:2]))


def _counts(hit: Hit, sentence: str, terms: Sequence[str], measure: str) -> Iterable[Count]:
    """Each count of the measure in the sentence with its clause and part of the district."""
    if not measure:
        return
    for segment in _SEGMENT.finditer(sentence):
        for match in re.finditer(_NUMBER + re.escape(measure), segment[0]):
            if re.fullmatch(r"一|两", match[0].removesuffix(measure)):
                continue  # 一家 / 两个: an article or a pair, rarely the figure asked
            before = sentence[: segment.start() + match.start()]
            parts = list(_PART.finditer(before))
            part = parts[-1]["part"] if parts else ""
            clause = segment[0].rstrip(_BOUNDARY + "、")
            # An item of a 、 list shares the verb before the list (组建A816个、B866个).
            phrase = re.split(r"[，,；;：:]", before)[-1]
            lead = re.sub(_SLOT_LEAD + "$", "", phrase)
            beside = lead + " " + segment[0][match.end() :][:_NEAR]
            yield Count(hit, sentence, match[0], clause, part, beside)


def mentions(asked: str, part: str) -> bool:
    """Tell whether the question names that part (经开区 in 二七经济技术开发区 counts)."""
    kind = _PART.fullmatch(part + "有")
    core = kind["kind"] if kind else part
    if core in asked:
        return True
    return core == "经开区" and ("开发区" in asked or "经济技术" in asked)


def count_quote(found: Count) -> str:
    """The clause holding the count, with ellipses where the sentence goes on."""
    start = found.sentence.find(found.clause)
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if start + len(found.clause) < len(found.sentence.rstrip("。！？!?")) else ""
    return head + found.clause + tail


def role_holders(sentence: str, role: str, known: Sequence[str]) -> list[str]:
    """Names the sentence gives the role: right after it (区人民法院院长王炅 → 王炅), or
    appointed to it (常淼同志被任命为二七区政府副区长 → 常淼)."""
    names = []
    longest_first = sorted(known, key=len, reverse=True)
    for match in re.finditer(re.escape(role), sentence):
        if sentence[: match.start()].endswith("副") and not role.startswith("副"):
            continue  # 副区长马文静 does not hold 区长
        after = sentence[match.end() :]
        name = next((n for n in longest_first if after.startswith(n)), "")
        if not name and (shaped := _NAME_AFTER_ROLE.match(after)):
            name = shaped["name"]  # a holder the pages name once (检察长郭振华列席会议)
        appointed = _APPOINTED_TO.search(sentence[: match.start()])
        if not name and appointed:
            name = next((n for n in longest_first if appointed["name"].endswith(n)), "")
        if name and name not in names:
            names.append(name)
    return names


def titled_names(sentence: str) -> list[str]:
    """Names shaped like a holder right after a title (检察长郭振华列席), mined or not."""
    names = []
    for title in re.finditer(_TITLE, sentence):
        if shaped := _NAME_AFTER_ROLE.match(sentence, title.end()):
            names.append(shaped["name"])
    return names


def role_span(sentence: str, name: str, known: Sequence[str]) -> str:
    """The clause giving the person the role, cut before anyone else the sentence names."""
    at = sentence.find(name)
    if at < 0:
        return sentence
    others = [o for o in [*known, *titled_names(sentence)] if o != name and o not in name]
    if not any(o in sentence for o in others):
        return trim(sentence, [name])  # no one else to leave out: the whole sentence
    start = at
    while start > 0 and sentence[start - 1] not in _BOUNDARY:
        if any(sentence.startswith(o, start - len(o)) for o in others if start >= len(o)):
            break
        start -= 1
    end = at + len(name)
    while end < len(sentence) and sentence[end] not in _BOUNDARY + _CONNECTIVE:
        end += 1
    span = sentence[start:end].lstrip(_CONNECTIVE)
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(sentence.rstrip("。！？!?")) else ""
    return head + span + tail
