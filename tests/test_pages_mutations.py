"""Real pages, mutated the ways pages arrive: the parser never raises and never invents text.

The mutations (benchmarks/mutate.py) re-wrap paragraphs at widths 6–60, insert runs of 4–20
short lines, drop or double lines, truncate, merge two pages, and add CRLF, a BOM, full-width
digits and tabs. `python benchmarks/mutate.py` runs the same at scale (1,000 pages).
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import mutate
from retrieval.engine import Engine
from retrieval.models import Article
from retrieval.pages.corpus import load_corpus
from retrieval.pages.lines import normalize_text
from retrieval.pages.parse import parse_page

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "pages"
FOLDERS = [ROOT / "seeds", DATA, DATA / "variants"]
PAGES = {path.name: path.read_text("utf-8") for f in FOLDERS for path in sorted(f.glob("*.txt"))}
NAMES = sorted(PAGES)
MUTATIONS = {
    "rewrap": lambda text, other, rng: mutate.rewrap(text, rng.randint(6, 60)),
    "short_run": lambda text, other, rng: mutate.short_run(text, rng, rng.randint(4, 20)),
    "drop_line": lambda text, other, rng: mutate.drop_line(text, rng),
    "duplicate_line": lambda text, other, rng: mutate.duplicate_line(text, rng),
    "truncate": lambda text, other, rng: mutate.truncate(text, rng),
    "merge": lambda text, other, rng: mutate.merge(text, other),
    "crlf": lambda text, other, rng: mutate.crlf(text),
    "bom": lambda text, other, rng: mutate.bom(text),
    "full_width": lambda text, other, rng: mutate.full_width(text),
    "tabs": lambda text, other, rng: mutate.tabs(text, rng),
}
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def squashed(text: str) -> str:
    """The page's characters as the parser reads them, without any whitespace."""
    return "".join(normalize_text(text).split())


def is_text_of(part: str, page: str) -> bool:
    """Tell whether every character of ``part`` appears in ``page``, in the same order."""
    remaining = iter(page)
    return all(ch in remaining for ch in part)


def essentials(articles: list[Article]) -> list[tuple[object, ...]]:
    """What re-wrapping must not change: title, subtitle, date and byline of each article."""
    return [
        (a.title, a.subtitle, a.iso_date, a.date_precision, a.date_how, a.byline) for a in articles
    ]


@functools.cache
def as_printed(name: str) -> list[tuple[object, ...]]:
    """The essentials of a page as printed (parsed once per session)."""
    return essentials(parse_page(PAGES[name], name, None, default_year=2021))


@SETTINGS
@given(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES),
    st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3),
    st.randoms(use_true_random=False),
)
def test_mutated_pages_parse_and_every_body_is_text_of_the_page(
    name: str, other: str, steps: list[str], rng: random.Random
) -> None:
    text = PAGES[name]
    for step in steps:
        text = MUTATIONS[step](text, PAGES[other], rng)
    articles = parse_page(text, "mutated.txt", None)
    page = squashed(text)
    for article in articles:
        assert is_text_of("".join(squashed(p) for p in article.paragraphs), page)
        assert article.title
        assert article.paragraphs


@SETTINGS
@given(st.sampled_from(NAMES), st.integers(min_value=6, max_value=60))
def test_rewrapping_changes_no_title_date_or_byline(name: str, width: int) -> None:
    rewrapped = mutate.rewrap(PAGES[name], width)
    assert rewrapped != PAGES[name]
    assert essentials(parse_page(rewrapped, name, None, default_year=2021)) == as_printed(name)


@SETTINGS
@given(st.sampled_from(NAMES), st.integers(min_value=4, max_value=20), st.randoms())
def test_a_run_of_short_lines_anywhere_never_raises(
    name: str, count: int, rng: random.Random
) -> None:
    text = mutate.short_run(PAGES[name], rng, count)
    assert len(parse_page(text, name, None)) >= 1


@pytest.mark.parametrize("width", [6, 7, 8])
@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "variants").glob("*.txt")))
def test_a_dateline_broken_over_narrow_column_lines_still_opens_its_article(
    name: str, width: int
) -> None:
    rewrapped = mutate.rewrap(PAGES[name], width)
    assert essentials(parse_page(rewrapped, name, None, default_year=2021)) == as_printed(name)


FIRST_PARAGRAPH = "本报讯 11月 29日，二七区委常委会召开会议，专题学习贯彻中央、省、市重要会议精神。"


@pytest.mark.parametrize("width", [6, 7, 60])
def test_rewrap_really_wraps_paragraphs_and_keeps_headlines(width: int) -> None:
    page = PAGES["000_b59d7a4146e6a0ea.txt"]
    lines = mutate.rewrap(page, width).split("\n")
    assert "召开第三十七次会议" in lines  # a headline line is left as printed
    assert FIRST_PARAGRAPH[:width] in lines


def test_a_mutated_corpus_loads_and_answers(tmp_path: Path) -> None:
    folder = tmp_path / "mutated"
    mutate.write_mutated_corpus(folder, 50, seed=12)
    corpus = load_corpus(folder)
    assert len(corpus.pages) >= 40
    assert not [p for p in corpus.problems if "cannot be parsed" in p]
    engine = Engine.open(folder, tmp_path / "cache")
    answer = engine.ask("安置房建设工作专题会是哪天开的")
    assert not answer.no_answer
    assert any("安置房" in hit.article.title for hit in answer.hits)
