"""What kind of answer a question wants (meetings, articles, when, who, how many, what)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERBS = r"开|主持|出席|参加|召开|参与|举行|举办|组织|列席|出现在"
_HOW_MANY_LIST = r"哪些|什么|几场|几次|多少场|多少次|哪几场|哪几次|啥"
_BUSY = (
    r"在忙什么|在忙啥|忙了?什么|忙些什么|忙啥|干了什么|干了啥|干什么了|干了哪些(?:事|工作)?"
    r"|做了什么|做了啥|做了哪些(?:事|工作)?|有哪些动态|的动态|的行程|行程|有什么活动|有啥活动"
    r"|在干什么|在干啥|在干嘛|在做什么|在做啥"
)
# 李卓瑜去哪了: with nothing else asked, where a person went is what they did.
WHERE_BUSY = re.compile(r"\s*(?:都|又|还)?(?:去|到)(?:了|过)?(?:哪|哪里|哪儿)了?(?:地方)?\s*")
# 万人助万企是什么活动: asks what the thing is, not for a list of events.
WHAT_KIND = re.compile(r"是(?:个|一个|一项)?(?:什么|啥)(?:样的?)?(?:会议|会|活动|行动)")
MEETINGS = re.compile(
    rf"(?:都|又|还)?有?(?P<verb>{_VERBS})?(?:了|过)?(?:{_HOW_MANY_LIST})(?:重要|重大|主要)?(?P<kind>会议|会|活动)"
    rf"|(?P<verb2>{_VERBS})(?:了|过)(?P<kind2>会议|会|活动)"
    rf"|(?P<busy>{_BUSY})"
    # 开了哪些关于疫情的会: the words in between are the topic
    rf"|(?P<verb3>{_VERBS})(?:了|过)?(?:哪些|什么)(?:有关于|关于|有关)?(?P<about>[^，。？?\s]{{1,12}}?)"
    r"(?:方面|相关|有关)?的?(?P<kind3>会议|会|活动)"
    # 3月的会议, 苏建设的活动: nothing but the kind is left
    r"|^\s*的?(?P<kind4>会议|活动)(?:有哪些|都有哪些|有什么|情况)?\s*$"
    # 区委常委会开了几次: the count of a body's meetings, not a number in a sentence
    r"|(?P<verb5>开|召开|举行|举办)(?:了|过)(?:几次|多少次|几场|多少场)(?:会议|会)?"
)
# 景静写了哪些报道, 张改华的报道, 关于疫情的报道有哪些
ARTICLES = re.compile(
    r"(?:写了|写的|写过|采写了?|采写的|发表了?|发表的|发了|发的|署名的?)?"
    r"(?:哪些|什么|多少篇|几篇|哪几篇)?(?:有关于|关于|有关)?"
    r"(?P<about>[^，。？?\s]{0,12}?)(?:方面|相关)?的?(?:报道|文章|稿件|稿子|新闻)"
    r"(?:有哪些|都有哪些|有什么|有多少篇?|有几篇)?"
)
WHEN = re.compile(
    r"(?:是|在|于)?(?:哪天|哪一天|哪日|什么时候|啥时候|什么时间|何时|几时|几月几[日号]|几号|哪个月|哪一年|哪年)"
    # 开 is the meeting's verb only on its own (开会, 开的): 开工 and 开业 are the topic.
    r"(?P<held>开的|召开的|举行的|召开|举行|开(?![\u4e00-\u9fff])|开(?=会))?"
)
_MEASURES = (
    "家|个|名|位|人(?![口才员数])|项|条|次|场|所|座|批|件|篇|台|辆|栋|套|间|亩|吨|倍|亿元|万元|元|万平方米"
    "|平方米|公里|千米|米|户|处|类|种|岁|个百分点"
)
# The verb before 多少 stays in the topic (配备了几名年轻干部 → 配备 年轻干部): it says which
# number of the article is meant.
HOW_MANY = re.compile(rf"(?:一共|总共|共)?有?(?:多少|几)(?P<measure>{_MEASURES})")
WHO = re.compile(
    r"是谁|是哪位|是什么人|是干什么的|是做什么的|哪位|谁是|谁"
    r"|(?:是|任|担任|的)?(?:什么|哪个|啥)(?:职务|职位|官|领导)|(?:的)?职务是什么"
)
THING_DOES = re.compile(r"是(?:干什么|做什么|干啥|做啥)的")
COUNTING = re.compile(r"(?:一共|总共|共)?有?(?:多少|几)篇?")
WHAT = re.compile(r"什么|哪些|哪家|哪个|哪里|哪儿|怎么|怎样|如何|为什么|为何|啥|吗|呢|\?")


@dataclass(frozen=True, slots=True)
class Asked:
    """The intent of a question and what is left once the asking words are removed."""

    intent: str
    rest: str
    event_kind: str = "meeting"
    person_role: str | None = None
    measure: str = ""
    held: bool = False  # when intent: asked when something was held (开的, 召开, 举行)


def classify(text: str, has_person: bool) -> Asked:
    """Pick the intent and strip the words that asked it."""
    if asked := asked_first(text, has_person):
        return asked
    if (found := MEETINGS.search(text)) and (has_person or not found["busy"]):
        kind = found["kind"] or found["kind2"] or found["kind3"] or found["kind4"]
        kind = kind or ("会议" if found["verb5"] else "活动")
        verb = found["verb"] or found["verb2"] or found["verb3"] or found["verb5"]
        # Only 主持 narrows the list: 参加/出席 are how people ask about any meeting.
        role = verb if verb == "主持" else None
        event_kind = "event" if kind == "活动" else "meeting"
        rest = cut(text, found) + " " + (found["about"] or "")
        return Asked("meetings", rest, event_kind, role)
    if found := ARTICLES.search(text):
        about = COUNTING.sub(" ", found["about"])  # 一共有多少篇报道: a count, no topic
        return Asked("articles", cut(text, found) + " " + about)
    if found := HOW_MANY.search(text):
        return Asked("how_many", cut(text, found), measure=found["measure"])
    if found := WHO.search(text):
        return Asked("who", cut(text, found))
    return Asked("what" if WHAT.search(text) else "topic", text)


def asked_first(text: str, has_person: bool) -> Asked | None:
    """When; what a thing is; where a person went: read before the list patterns."""
    if found := WHEN.search(text):
        return Asked("when", cut(text, found), held=bool(found["held"]))
    if found := WHAT_KIND.search(text):
        return Asked("what", cut(text, found))
    if has_person and WHERE_BUSY.fullmatch(text):
        return Asked("meetings", "", "event")
    if not has_person and (found := THING_DOES.search(text)):
        return Asked("what", cut(text, found))  # 霹雳行动是干什么的: a thing, not a person
    return None


def cut(text: str, match: re.Match[str]) -> str:
    """Remove a matched span from the text."""
    return text[: match.start()] + " " + text[match.end() :]
