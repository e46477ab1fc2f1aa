"""Mine the people and the set phrases a corpus names, so segmentation keeps them whole."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.models import Article
from retrieval.text.normalize import normalize

# Common single-character surnames: a name must start with one, which keeps words such as
# 的/参/相关 that follow a title from being taken for names.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申"
    "欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴"
    "蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席"
    "卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    "官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝郜海阚花权强帅屠"
    "豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊"
    "乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元"
    "束檀衣信展阴昝智幸奉植衡富尧"
)
_HAN = r"[\u4e00-\u9fff]"
_NAME = rf"[{''.join(sorted(SURNAMES))}]{_HAN}{{1,2}}?"
# What follows a name in news prose: a verb of the event, a joiner, or punctuation.
_AFTER = (
    r"(?=主持|出席|参加|表示|强调|指出|提出|要求|说|讲话|带队|带领|一行|领学|从|就|在|对|"
    r"陪同|调研|等|及|和|同志|到|深入|实地|察看|听取|作|做|宣读|通报|[，,。、；;：:（(\s]|$)"
)
_TITLE = r"(?:书记|区长|主任|部长|院长|检察长|组长|指挥长|局长|主席|常委|委员|秘书长|镇长|乡长)"
_ROLE_CHAIN = rf"(?P<roles>(?:{_HAN}{{0,12}}?{_TITLE}、?)+)"
_ROLE_MENTION = re.compile(rf"{_ROLE_CHAIN}(?P<name>{_NAME}){_AFTER}")
_LEADER_LIST = re.compile(rf"区领导(?P<names>(?:{_NAME}、)*{_NAME})等?{_AFTER}")
_APPOINTMENT = re.compile(rf"(?:任免|免去|任命|提名)(?P<name>{_NAME})(?:等|同志)")
# 常淼同志被任命为二七区政府副区长: an appointment gives the role it names.
_APPOINTED = re.compile(
    rf"(?P<name>{_NAME})(?:同志)?(?:被|已)?(?:任命为|当选为|选举为|提名为|担任|出任)"
    rf"(?P<role>{_HAN}{{0,12}}?{_TITLE})(?=[，,。；;、\s]|$)"
)
_COMRADE = re.compile(rf"(?:^|(?<=[。，；、\s]))(?P<name>{_NAME})同志")
_QUOTED = re.compile(r"[“\"「《](?P<term>[\u4e00-\u9fff0-9a-z]{2,8})[”\"」》]")
_SHORT_NAME = re.compile(r"以下简称(?P<term>[\u4e00-\u9fff]{2,8})[)）]")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the corpus names, the roles it gives them and the articles naming them."""

    name: str
    roles: tuple[str, ...]
    article_ids: tuple[str, ...]


def searchable_text(article: Article) -> str:
    """Title, subtitle, paragraphs and byline as one normalised string (what names match)."""
    parts = [article.title, article.subtitle, *article.paragraphs, str(article.byline)]
    return normalize("\n".join(parts))


def _clean_role(role: str) -> str:
    """Trim what precedes an office's own name (二七区委书记 → 区委书记)."""
    start = role.find("区")
    role = role[start:] if 0 <= start < len(role) - 2 else role
    return role.removeprefix("二七").replace("区区", "区")


def _named(text: str) -> Iterable[tuple[str, str]]:
    """Yield (name, role or "") for every person mention in normalised text."""
    for match in _ROLE_MENTION.finditer(text):
        for role in filter(None, match["roles"].split("、")):
            yield match["name"], _clean_role(role)
    for match in _LEADER_LIST.finditer(text):
        for name in match["names"].split("、"):
            yield name, "区领导"
    for match in _APPOINTED.finditer(text):
        yield match["name"], _clean_role(match["role"])
    for pattern in (_APPOINTMENT, _COMRADE):
        for match in pattern.finditer(text):
            yield match["name"], ""


def _byline_names(article: Article) -> Iterable[tuple[str, str]]:
    """Yield (name, role) for the reporters and correspondents of an article."""
    yield from ((normalize(name), "记者") for name in article.byline.reporters)
    yield from ((normalize(name), "通讯员") for name in article.byline.correspondents)


def mine_people(articles: Sequence[Article]) -> tuple[Person, ...]:
    """Find people from role patterns, leader lists, appointments and bylines."""
    return _people(articles, [searchable_text(article) for article in articles])


def mine_terms(articles: Sequence[Article]) -> tuple[str, ...]:
    """Find quoted campaign names, book titles and declared short names (以下简称…)."""
    return _terms(searchable_text(article) for article in articles)


def mine(articles: Sequence[Article]) -> tuple[tuple[Person, ...], tuple[str, ...]]:
    """Return ``(mine_people(articles), mine_terms(articles))``, normalising each text once."""
    texts = [searchable_text(article) for article in articles]
    return _people(articles, texts), _terms(texts)


def _people(articles: Sequence[Article], texts: Sequence[str]) -> tuple[Person, ...]:
    """People named in normalised article texts, with their roles and articles."""
    roles: dict[str, dict[str, None]] = defaultdict(dict)
    for article, text in zip(articles, texts, strict=True):
        for name, role in [*_named(text), *_byline_names(article)]:
            if 2 <= len(name) <= 4:
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
    for article, text in zip(articles, texts, strict=True):
        hits = set(pattern.findall(text))
        # A name inside a longer name found at the same place is still named there.
        hits |= {n for n in names if n not in hits and any(n in h for h in hits) and n in text}
        for name in hits:
            found[name].append(article.article_id)
    return {name: tuple(ids) for name, ids in found.items()}


def _terms(texts: Iterable[str]) -> tuple[str, ...]:
    """Quoted phrases, book titles and declared short names in normalised texts."""
    terms: dict[str, None] = {}
    for text in texts:
        for pattern in (_QUOTED, _SHORT_NAME):
            terms.update((match["term"], None) for match in pattern.finditer(text))
    return tuple(sorted(terms))
