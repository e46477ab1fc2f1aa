"""Every intent, declared once: its cues (built from retrieval/data/zh.toml), slots and rules.

Cues of all intents are tried by rank, lowest first; the first that matches decides. A
question no cue claims is a topic. Fragment and live are claimed once the topic is known.
Each intent's template is ``TEMPLATES[intent]`` in retrieval/answers/compose.py.
"""

from __future__ import annotations

import re

from retrieval.query.language import is_foreign
from retrieval.query.registry import Asked, Cue, Intent, IntentSpec, Parsed, Slots, cut, first
from retrieval.text import vocab
from retrieval.text.patterns import lazy

__all__ = ["CUES", "REGISTRY", "Asked", "Intent", "claim", "classify", "slot_default"]


def meeting_slots(found: re.Match[str]) -> Slots:
    """Whether meetings or events are asked for, and the one role that narrows the list."""
    kind = first(found, "kind", "kind2", "kind3", "kind4") or ("会议" if found["verb5"] else "活动")
    verb = first(found, "verb", "verb2", "verb3", "verb5")
    role = verb if verb in vocab.words("meetings.role_verbs") else ""
    return {"event_kind": "event" if kind == "活动" else "meeting", "person_role": role}


def is_fragment(parsed: Parsed) -> bool:
    """A follow-up that names only a time (那去年呢), with no subject of its own."""
    openers = vocab.words("fragment.openers")
    follow_up = re.match(
        rf"^(?:{vocab.either('fragment.openers')})\s*\S.*呢[?？!！。.\s]*$", parsed.text
    )
    return parsed.timed and not parsed.people and bool(follow_up) and parsed.topic in ("", *openers)


_LIVE = lazy(
    vocab.expand(r"^(?P<place>.*?)的?(?:{live.days})?的?(?:{live.weather})(?:{live.tails})?$")
)


def is_live(parsed: Parsed) -> bool:
    """Weather and the like, asked alone or of a place the pages name (郑州天气, not 北京天气)."""
    found = None if parsed.people else _LIVE.match(parsed.topic.replace(" ", ""))
    if found is None:
        return False
    place = found["place"]
    return not place or place in vocab.words("live.here") or parsed.is_place(place)


DECLARATIONS = (
    IntentSpec(
        Intent.WHEN,
        examples=("安置房建设工作专题会是哪天开的", "郭家咀水库什么时候完成加固"),
        cues=(
            Cue(
                r"(?:是|在|于)?(?:{when.asking})(?P<held>{when.held_patterns})?",
                rank=10,
                read=lambda found: {"held": found["held"] or ""},
            ),
        ),
        slots={"held": ""},  # the words asking when it was held (开的, 召开), not when it is due
    ),
    IntentSpec(
        Intent.WHAT,
        examples=("万人助万企是什么活动", "霹雳行动是干什么的", "霹雳行动是什么"),
        cues=(
            Cue("{what.kind_patterns}", rank=20),
            Cue("{what.does_patterns}", rank=40, person=False),
            Cue("{asking.what}", rank=90, cut=False),
        ),
    ),
    IntentSpec(
        Intent.MEETINGS,
        examples=("陈红民最近开了哪些会", "苏建设主持了哪些会议", "陈书记在忙什么", "苏建设去哪了"),
        cues=(
            Cue(
                "{meetings.went_patterns}",
                rank=30,
                person=True,
                whole=True,
                read=lambda _: {"event_kind": "event"},
            ),
            Cue(
                r"(?:都|又|还)?有?(?P<verb>{meetings.verbs})?(?:了|过)?(?:{meetings.which})"
                r"(?:{meetings.important})?(?P<kind>{meetings.kinds})"
                r"|(?P<verb2>{meetings.verbs})(?:了|过)(?P<kind2>{meetings.kinds})"
                r"|(?P<busy>{meetings.busy_patterns})"
                # 开了哪些关于疫情的会: the words in between are the topic
                r"|(?P<verb3>{meetings.verbs})(?:了|过)?(?:哪些|什么)(?:{asking.about})?"
                r"(?P<about>[^，。？?\s]{1,12}?)(?:方面|相关|有关)?的?(?P<kind3>{meetings.kinds})"
                # 3月的会议, 苏建设的活动: nothing but the kind is left
                r"|^\s*的?(?P<kind4>会议|活动)(?:有哪些|都有哪些|有什么|情况)?\s*$"
                # 区委常委会开了几次: the count of a body's meetings, not a number in a sentence
                r"|(?P<verb5>{meetings.held_verbs})(?:了|过)(?:{meetings.counts})(?:会议|会)?",
                rank=50,
                person_groups=("busy",),
                keep="about",
                read=meeting_slots,
            ),
        ),
        slots={"event_kind": "meeting", "person_role": ""},
        newest_first=True,
    ),
    IntentSpec(
        Intent.ARTICLES,
        examples=("陈红民写了哪些报道", "苏建设的报道"),
        cues=(
            Cue(
                r"(?:{articles.writing})?(?:{articles.which})?(?:{asking.about})?"
                r"(?P<about>[^，。？?\s]{0,12}?)(?:方面|相关)?的?(?:{articles.nouns})"
                r"(?:{articles.tails})?",
                rank=60,
                keep="about",
                drop=r"(?:{how_many.total})?有?(?:{how_many.asking})篇?",  # 一共有多少篇: no topic
            ),
        ),
    ),
    IntentSpec(
        Intent.HOW_MANY,
        examples=("二七经开区有多少家高新技术企业", "配备了几名年轻干部"),
        cues=(
            Cue(
                r"(?:{how_many.total})?有?(?<!哪)(?:{how_many.asking})(?P<measure>{how_many.measures}|{how_many.measure_patterns})",
                rank=70,
                read=lambda found: {"measure": found["measure"]},
            ),
        ),
        slots={"measure": ""},  # the counting word asked for (家, 名 …)
    ),
    IntentSpec(
        Intent.WHO,
        examples=("区人大常委会主任是谁", "谁被任命为副区长"),
        cues=(Cue("{who.asking_patterns}", rank=80),),
    ),
    # 关于疫情的报道: the articles on a topic, with no one named, are a topic answer.
    IntentSpec(
        Intent.TOPIC,
        examples=("关于疫情的报道有哪些", "红色物业建设"),
        claims=lambda p: p.intent is Intent.ARTICLES and bool(p.topic) and not p.people,
    ),
    IntentSpec(Intent.FRAGMENT, ("那去年呢", "那么三月呢"), claims=is_fragment, clears_topic=True),
    IntentSpec(Intent.LIVE, ("天气怎么样", "明天下雨吗"), claims=is_live),
    # Chen Hongmin zuijin kaile naxie hui: no Chinese to search; the people it spells are kept.
    IntentSpec(
        Intent.FOREIGN,
        ("What meetings were held recently?", "Chen Hongmin zuijin kaile naxie hui"),
        claims=lambda p: is_foreign(p.text),
        clears_topic=True,
    ),
)

REGISTRY: dict[Intent, IntentSpec] = {spec.intent: spec for spec in DECLARATIONS}
CUES = sorted(
    ((spec, cue) for spec in DECLARATIONS for cue in spec.cues), key=lambda pair: pair[1].rank
)


def classify(text: str, has_person: bool) -> Asked:
    """Pick the intent of the first cue (by rank) that matches, and strip its words."""
    for spec, cue in CUES:
        if found := cue.find(text, has_person):
            rest = cut(text, found) if cue.cut else text
            if cue.keep:
                kept = found[cue.keep] or ""
                kept = re.sub(vocab.expand(cue.drop), " ", kept) if cue.drop else kept
                rest = f"{rest} {kept}"
            return Asked(spec.intent, rest, cue.read(found))
    return Asked(Intent.TOPIC, text, {})


def claim(parsed: Parsed) -> tuple[Intent, str]:
    """Let the rule-claimed intents (in declaration order) take over; return intent and topic."""
    for spec in DECLARATIONS:
        if spec.claims is not None and spec.claims(parsed):
            topic = "" if spec.clears_topic else parsed.topic
            parsed = Parsed(parsed.text, spec.intent, topic, parsed.people, parsed.timed,
                            parsed.is_place)  # fmt: skip
    return parsed.intent, parsed.topic


def slot_default(intent: str, name: str) -> str:
    """The value of a slot a question did not fill ("" for a slot the intent lacks)."""
    spec = REGISTRY.get(Intent(intent)) if intent in Intent._value2member_map_ else None
    return spec.slots.get(name, "") if spec else ""
