"""Build scale corpora from the seed pages: re-dated, re-mixed page files plus a manifest.

Articles are sampled from the seeds, their paragraphs shuffled within and between similar
articles, people and numbers varied, and the result written back in the seeds' messy layouts
(hard-wrapped columns, column breaks, headlines before the lead, bylines glued to the text),
so the real parser, segmenter and index see realistic input. Same seed, same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import random
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.models import Article, Byline

logger = logging.getLogger(__name__)

FIRST_YEAR = 2010
LAST_YEAR = 2024
ERA_YEARS = 3  # officials keep their posts for a few years, so names are mapped per era
KEEP_NAME = 0.3  # share of eras in which a seed name survives, so seed-style questions still hit
MARKER = ".complete.json"

ROLE_NAME = re.compile(
    r"(?:书记|区长|主任|记者|通讯员|组长|院长|局长|部长|主席)[ \u3000]*"
    r"([\u4e00-\u9fff]{2,3}?)"
    r"(?=主持|出席|参加|强调|表示|要求|指出|提出|带领|带队|一行|说|讲话|[，,、\s。；]|$)"
)
NOT_IN_NAME = set("的了和在是要对等区委会市省县镇党办局与及并将把")
DATE = re.compile(r"(\d{1,2})月([ \u3000]?)(\d{1,2})日")
YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=[年~～\-—至])")
NUMBER = re.compile(r"(?<![\d.A-Za-z])\d+(?![\d.A-Za-z%])")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲建国红梅志新宇浩凯晨"
    "雪琳斌亮文峰飞海波俊瑞雅博晓婷欣悦彬卫东民安宁锋雷鑫佳颖楠"
)


@dataclass(frozen=True, slots=True)
class SeedArticle:
    """The parts of a seed article the generator re-mixes."""

    title: str
    subtitle: str
    paragraphs: tuple[str, ...]
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    year: int


@dataclass(frozen=True, slots=True)
class ScaleCorpus:
    """A generated corpus folder and what went into it."""

    path: Path
    paragraphs: int
    pages: int
    articles: int
    chars: int


def seed_articles(seeds_dir: Path) -> list[SeedArticle]:
    """Parse the seed pages with the real parser and keep what the generator needs."""
    from retrieval.pages.corpus import load_corpus

    corpus = load_corpus(seeds_dir)
    return [to_seed(article) for article in corpus.articles if article.paragraphs]


def to_seed(article: Article) -> SeedArticle:
    """Copy an Article's re-mixable parts."""
    year = article.date.year if article.date else 2021
    return SeedArticle(
        article.title,
        article.subtitle,
        article.paragraphs,
        article.byline.reporters,
        article.byline.correspondents,
        year,
    )


def seed_names(seeds: Sequence[SeedArticle]) -> list[str]:
    """Find people's names in the seeds (bylines, and names after a title such as 书记)."""
    found: dict[str, None] = {}
    for article in seeds:
        for name in (*article.reporters, *article.correspondents):
            found[name] = None
        for paragraph in article.paragraphs:
            for match in ROLE_NAME.finditer(paragraph):
                if not NOT_IN_NAME.intersection(match.group(1)):
                    found[match.group(1)] = None
    return sorted(found, key=lambda name: (-len(name), name))


def neighbours(seeds: Sequence[SeedArticle], count: int = 2) -> list[list[int]]:
    """For each seed article, the indices of the most similar others (character bigrams)."""
    grams = [bigrams("".join(article.paragraphs)) for article in seeds]
    result = []
    for i, mine in enumerate(grams):
        scored = [
            (len(mine & theirs) / (len(mine | theirs) or 1), j) for j, theirs in enumerate(grams)
        ]
        ranked = sorted((item for item in scored if item[1] != i), reverse=True)
        result.append([j for _, j in ranked[:count]])
    return result


def bigrams(text: str) -> set[str]:
    """Character bigrams of a text."""
    return {text[i : i + 2] for i in range(len(text) - 1)}


class Remixer:
    """Turns seed articles into new, realistic ones for a given date."""

    def __init__(self, seeds: Sequence[SeedArticle], seed: int) -> None:
        self.seeds = list(seeds)
        self.seed = seed
        self.rng = random.Random(seed)
        self.names = seed_names(self.seeds)
        self.name_pattern = re.compile("|".join(map(re.escape, self.names))) if self.names else None
        self.near = neighbours(self.seeds)

    def article(self, date: dt.date, max_paragraphs: int) -> SeedArticle:
        """Sample, shuffle and vary one article dated ``date``."""
        index = self.rng.randrange(len(self.seeds))
        base = self.seeds[index]
        body = list(base.paragraphs[1:])
        donor = self.seeds[self.rng.choice(self.near[index])] if self.near[index] else base
        for paragraph in donor.paragraphs[1:]:
            if body and self.rng.random() < 0.3:
                body[self.rng.randrange(len(body))] = paragraph
        self.rng.shuffle(body)
        paragraphs = [base.paragraphs[0], *body][: max(1, max_paragraphs)]
        vary = self.varier(base.year, date)
        return SeedArticle(
            vary(base.title),
            vary(base.subtitle),
            tuple(vary(paragraph) for paragraph in paragraphs),
            tuple(vary(name) for name in base.reporters),
            tuple(vary(name) for name in base.correspondents),
            date.year,
        )

    def varier(self, seed_year: int, date: dt.date) -> Callable[[str], str]:
        """Return a function that re-dates, renames and renumbers text for ``date``."""
        shift = date.year - seed_year
        era = date.year // ERA_YEARS

        def vary(text: str) -> str:
            text = DATE.sub(lambda m: f"{date.month}月{m.group(2)}{date.day}日", text)
            text = YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
            text = NUMBER.sub(self.renumber, text)
            if self.name_pattern is not None:
                text = self.name_pattern.sub(lambda m: self.rename(m.group(0), era), text)
            return text

        return vary

    def renumber(self, match: re.Match[str]) -> str:
        """Vary a count or amount by up to ±50%, keeping small numbers mostly as they were."""
        text = match.group(0)
        value = int(text)
        if len(text) == 4 and 1990 <= value <= 2035:
            return text  # a year without 年: leave it to YEAR or keep it
        if value <= 10 and self.rng.random() < 0.5:
            return text
        return str(max(1, round(value * self.rng.uniform(0.5, 1.5))))

    def rename(self, name: str, era: int) -> str:
        """Map a seed name to the name that holds its place in this era (stable per seed)."""
        rng = random.Random(f"{self.seed}:{era}:{name}")
        if rng.random() < KEEP_NAME:
            return name
        given = "".join(rng.choice(GIVEN) for _ in range(len(name) - 1))
        return rng.choice(SURNAMES) + given


def byline_text(article: SeedArticle) -> str:
    """Render a byline the way the paper prints it."""
    return str(Byline(article.reporters, article.correspondents))


def column_break(paragraph: str, rng: random.Random) -> str:
    """Sometimes split a long paragraph mid-sentence with a blank line, as columns do."""
    if len(paragraph) < 60 or rng.random() > 0.15:
        return paragraph
    cut = rng.randrange(40, len(paragraph) - 15)
    if paragraph[cut - 1] in "。；：！？，、”" or paragraph[cut] in "。；：！？，、”":
        return paragraph
    return paragraph[:cut] + "\n\n" + paragraph[cut:]


def render_flow(article: SeedArticle, rng: random.Random) -> str:
    """Render an article with headline first and unwrapped paragraphs (pages 003, 004)."""
    head = [article.title] + ([article.subtitle] if article.subtitle else [])
    body = [column_break(paragraph, rng) for paragraph in article.paragraphs]
    byline = byline_text(article)
    if byline and rng.random() < 0.6:
        body[-1] += byline if rng.random() < 0.5 else " " + byline
    elif byline:
        body.append(byline)
    return "\n\n".join(head + body)


def wrap(paragraph: str, width: int) -> str:
    """Hard-wrap a paragraph into narrow column lines."""
    return "\n".join(paragraph[i : i + width] for i in range(0, len(paragraph), width))


def render_wrapped(article: SeedArticle, rng: random.Random, width: int) -> str:
    """Render an article in narrow hard-wrapped columns (pages 000 to 002)."""
    head = "\n\n".join([" " + article.title] + ([article.subtitle] if article.subtitle else []))
    body = [wrap(paragraph, width) for paragraph in article.paragraphs]
    body[0] = " " + body[0]
    byline = byline_text(article)
    if byline:
        body[-1] += (" " if rng.random() < 0.5 else "\n") + byline
    return "\n\n".join([head, *body])


def render_page(articles: Sequence[SeedArticle], rng: random.Random) -> str:
    """Render one page in one layout, like a page of the paper."""
    if rng.random() < 0.5:
        return "\n\n\n" + "\n\n".join(render_flow(article, rng) for article in articles) + "\n"
    width = rng.randint(14, 18)
    return "\n\n".join(render_wrapped(article, rng, width) for article in articles) + "\n"


def page_dates(rng: random.Random) -> Iterator[dt.date]:
    """Yield publication dates spread over the years of the scale corpus."""
    first = dt.date(FIRST_YEAR, 1, 1).toordinal()
    last = dt.date(LAST_YEAR, 12, 31).toordinal()
    while True:
        yield dt.date.fromordinal(rng.randint(first, last))


def generate_pages(
    seeds: Sequence[SeedArticle], paragraphs: int, seed: int
) -> Iterator[tuple[str, int, str, int, int]]:
    """Yield (file name, year, text, articles, paragraphs) until ``paragraphs`` are written."""
    remixer = Remixer(seeds, seed)
    rng = random.Random(seed + 1)
    left = paragraphs
    for number, date in enumerate(page_dates(rng)):
        if left <= 0:
            return
        articles = []
        for _ in range(rng.randint(3, 7)):
            day = max(dt.date(date.year, 1, 1), date - dt.timedelta(days=rng.randint(0, 6)))
            articles.append(remixer.article(day, left))
            left -= len(articles[-1].paragraphs)
            if left <= 0:
                break
        text = render_page(articles, rng)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        count = sum(len(article.paragraphs) for article in articles)
        yield f"{number:06d}_{digest}.txt", date.year, text, len(articles), count


def manifest_entry(name: str, year: int) -> str:
    """One manifest.toml table for a generated page."""
    return f'[pages."{name}"]\nyear = {year}\nevidence = "generated by benchmarks/scale.py"\n'


def build_scale_corpus(seeds_dir: Path, paragraphs: int, seed: int, target: Path) -> ScaleCorpus:
    """Write a corpus of ``paragraphs`` paragraphs to ``target`` (replacing it)."""
    seeds = seed_articles(seeds_dir)
    staging = target.with_name(target.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    entries, pages, articles, chars, written = [], 0, 0, 0, 0
    for name, year, text, n_articles, n_paragraphs in generate_pages(seeds, paragraphs, seed):
        (staging / name).write_text(text, encoding="utf-8")
        entries.append(manifest_entry(name, year))
        pages, articles, chars = pages + 1, articles + n_articles, chars + len(text)
        written += n_paragraphs
    (staging / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    result = ScaleCorpus(target, written, pages, articles, chars)
    facts = {"paragraphs": written, "pages": pages, "articles": articles, "chars": chars}
    (staging / MARKER).write_text(json.dumps({"seed": seed, **facts}), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return result


def cached_scale_corpus(seeds_dir: Path, paragraphs: int, seed: int, out: Path) -> ScaleCorpus:
    """Return the corpus for (paragraphs, seed) under ``out``, generating it once."""
    target = out / "corpora" / f"p{paragraphs}-s{seed}"
    marker = target / MARKER
    if marker.is_file():
        facts = json.loads(marker.read_text(encoding="utf-8"))
        if facts.get("seed") == seed and facts.get("paragraphs") == paragraphs:
            return ScaleCorpus(
                target, paragraphs, facts["pages"], facts["articles"], facts["chars"]
            )
    logger.info("generating %d paragraphs (seed %d) in %s", paragraphs, seed, target)
    return build_scale_corpus(seeds_dir, paragraphs, seed, target)
