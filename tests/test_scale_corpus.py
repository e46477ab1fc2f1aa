"""The benchmark's corpus generator: reproducible, exact in size, parseable by the real parser."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from benchmarks.scale import (
    FIRST_YEAR,
    LAST_YEAR,
    build_scale_corpus,
    cached_scale_corpus,
    seed_articles,
)
from retrieval.pages.corpus import load_corpus

PARAGRAPHS = 400


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by name."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A small scale corpus built once for the module."""
    target = tmp_path_factory.mktemp("scale") / "corpus"
    build_scale_corpus(seeds_dir, PARAGRAPHS, 11, target)
    return target


def test_same_seed_gives_the_same_bytes(generated: Path, seeds_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_scale_corpus(seeds_dir, PARAGRAPHS, 11, again)
    assert snapshot(again) == snapshot(generated)


def test_another_seed_gives_another_corpus(
    generated: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    build_scale_corpus(seeds_dir, PARAGRAPHS, 12, other)
    assert snapshot(other) != snapshot(generated)


def test_parser_finds_the_requested_paragraph_count(generated: Path) -> None:
    corpus = load_corpus(generated)
    assert sum(len(article.paragraphs) for article in corpus.articles) == PARAGRAPHS


def test_every_page_parses_with_articles_and_a_manifest_year(generated: Path) -> None:
    pages = sorted(path.name for path in generated.glob("*.txt"))
    manifest = tomllib.loads((generated / "manifest.toml").read_text(encoding="utf-8"))
    corpus = load_corpus(generated)
    assert sorted({article.source for article in corpus.articles}) == pages
    assert sorted(manifest["pages"]) == pages
    assert all(FIRST_YEAR <= entry["year"] <= LAST_YEAR for entry in manifest["pages"].values())


def test_articles_are_redated_into_their_page_year(generated: Path) -> None:
    manifest = tomllib.loads((generated / "manifest.toml").read_text(encoding="utf-8"))["pages"]
    dated = [a for a in load_corpus(generated).articles if a.date is not None]
    assert dated
    assert all(a.date is not None and a.date.year == manifest[a.source]["year"] for a in dated)
    assert len({a.date.year for a in dated if a.date is not None}) > 3


def test_text_is_remixed_not_copied(generated: Path, seeds_dir: Path) -> None:
    seed_paragraphs = {p for article in seed_articles(seeds_dir) for p in article.paragraphs}
    paragraphs = [p for article in load_corpus(generated).articles for p in article.paragraphs]
    changed = [p for p in paragraphs if p not in seed_paragraphs]
    assert len(changed) > len(paragraphs) // 4  # names, numbers and dates were varied


def test_cache_reuses_a_generated_corpus(seeds_dir: Path, tmp_path: Path) -> None:
    first = cached_scale_corpus(seeds_dir, 50, 5, tmp_path)
    stamp = {path.name: path.stat().st_mtime_ns for path in first.path.iterdir()}
    second = cached_scale_corpus(seeds_dir, 50, 5, tmp_path)
    assert second.path == first.path
    assert {path.name: path.stat().st_mtime_ns for path in second.path.iterdir()} == stamp
    assert second.paragraphs == 50
