"""Loading a corpus folder: the seeds, the manifest, and every kind of bad page."""

from __future__ import annotations

import datetime as dt
import logging
import pickle
from pathlib import Path

import pytest

from retrieval.errors import EmptyCorpusError, ManifestError
from retrieval.models import DatePrecision
from retrieval.pages import lookup as lookup_module
from retrieval.pages.corpus import Corpus, fingerprint_folder, load_corpus

PAGE = "二七区召开防汛会议\n\n本报讯 6月1日,二七区召开防汛会议,部署防汛工作。记者 景静\n"
OTHER = "二七区召开消防会议\n\n本报讯 6月2日,二七区召开消防会议,部署消防工作。记者 景静\n"


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> Corpus:
    """The seed corpus, loaded once."""
    return load_corpus(seeds_dir)


def names(corpus: Corpus) -> list[str]:
    """The loaded page names."""
    return [page.source for page in corpus.pages]


def test_seeds_load_all_articles_with_real_dates(seeds: Corpus) -> None:
    assert len(seeds.articles) == 29
    assert len(seeds.pages) == 5
    assert seeds.problems == ()
    assert all(a.date is not None and a.date.year >= 2018 for a in seeds.articles)
    assert all(not page.year_inferred for page in seeds.pages)
    assert seeds.date_range == (dt.date(2018, 11, 20), dt.date(2022, 3, 4))
    assert seeds.newest_date == dt.date(2022, 3, 4)


def test_latest_is_newest_first_with_exact_dates_before_approximate(seeds: Corpus) -> None:
    latest = seeds.latest(6)
    assert [a.iso_date for a in latest] == ["2022-03-04"] * 4 + ["2022-03-03", "2022-03-01"]
    assert latest[0].date_precision is DatePrecision.DAY
    assert latest == seeds.latest(6)
    everything = seeds.latest(1000)
    assert len(everything) == 29
    dates = [a.date for a in everything if a.date]
    assert dates == sorted(dates, reverse=True)


def test_latest_is_the_full_recency_order_in_page_order_for_ties(seeds: Corpus) -> None:
    page_order = list(enumerate(seeds.articles))
    expected = sorted(
        page_order,
        key=lambda item: (-(item[1].date or dt.date.min).toordinal(), item[0]),
    )
    assert seeds.latest(len(seeds.articles)) == [article for _, article in expected]
    assert list(seeds.newest_first) == seeds.latest(1000)


def test_order_and_dates_are_computed_once(seeds: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_sorting(*args: object) -> None:
        raise AssertionError("sorted again")

    expected = (seeds.latest(7), seeds.date_range, seeds.newest_date)
    monkeypatch.setattr(lookup_module, "newest_first_positions", no_sorting)
    monkeypatch.setattr(lookup_module, "min", no_sorting, raising=False)
    monkeypatch.setattr(lookup_module, "max", no_sorting, raising=False)
    assert (seeds.latest(7), seeds.date_range, seeds.newest_date) == expected


@pytest.mark.parametrize("n", [0, -3])
def test_latest_with_no_count_is_empty(seeds: Corpus, n: int) -> None:
    assert seeds.latest(n) == []


def test_get_finds_every_article_and_nothing_else(seeds: Corpus) -> None:
    assert all(seeds.get(a.article_id) is a for a in seeds.articles)
    for bad in ["", "nope", "../../etc/passwd", "b59d7a4146-03\x00", "x" * 5000]:
        assert seeds.get(bad) is None


def test_corpus_survives_pickling(seeds: Corpus) -> None:
    again = pickle.loads(pickle.dumps(seeds))
    assert again.articles == seeds.articles
    assert again.get(seeds.articles[5].article_id) == seeds.articles[5]


def test_missing_manifest_infers_years(corpus_copy: Path) -> None:
    (corpus_copy / "manifest.toml").unlink()
    corpus = load_corpus(corpus_copy)
    years = {page.source[:3]: page.year for page in corpus.pages}
    assert all(page.year_inferred for page in corpus.pages)
    assert years == {"000": 2021, "001": 2022, "002": 2021, "003": 2020, "004": 2022}
    assert all(a.year_inferred for a in corpus.articles)


def test_malformed_manifest_names_file_and_line(corpus_copy: Path) -> None:
    (corpus_copy / "manifest.toml").write_text('[pages."a.txt"]\nyear = = 2021\n', "utf-8")
    with pytest.raises(ManifestError, match=r"manifest\.toml:2"):
        load_corpus(corpus_copy)


def test_manifest_with_a_bad_year_names_the_field(corpus_copy: Path) -> None:
    (corpus_copy / "manifest.toml").write_text('[pages."a.txt"]\nyear = "soon"\n', "utf-8")
    with pytest.raises(ManifestError, match=r'pages\."a\.txt"\.year'):
        load_corpus(corpus_copy)


def test_manifest_naming_a_missing_page_is_a_problem(corpus_copy: Path) -> None:
    manifest = corpus_copy / "manifest.toml"
    manifest.write_text(
        manifest.read_text("utf-8") + '\n[pages."gone.txt"]\nyear = 2020\n', "utf-8"
    )
    corpus = load_corpus(corpus_copy)
    assert len(corpus.articles) == 29
    assert any("gone.txt" in line for line in corpus.problems)


def test_gbk_page_loads_with_a_notice(corpus_copy: Path) -> None:
    (corpus_copy / "gbk.txt").write_bytes(PAGE.encode("gbk"))
    corpus = load_corpus(corpus_copy)
    assert "gbk.txt" in names(corpus)
    assert any(a.title == "二七区召开防汛会议" for a in corpus.articles)
    assert any(line.startswith("gbk.txt: decoded as GB18030") for line in corpus.problems)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"  \n\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("二七区召开会议。没有导语。\n".encode(), "no article"),
        (b"\xff\xfe\xfa\x80\x81 not text \xfe", "neither UTF-8 nor GB18030"),
    ],
)
def test_bad_page_is_skipped_and_named(
    corpus_copy: Path, caplog: pytest.LogCaptureFixture, content: bytes, problem: str
) -> None:
    (corpus_copy / "bad.txt").write_bytes(content)
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_copy)
    assert len(corpus.articles) == 29
    assert "bad.txt" not in names(corpus)
    assert any(line.startswith("bad.txt") and problem in line for line in corpus.problems)
    assert "bad.txt" in caplog.text


def test_page_truncated_mid_article_and_mid_character_keeps_what_is_there(
    corpus_copy: Path,
) -> None:
    data = (OTHER + PAGE).encode("utf-8")
    cut = len(OTHER.encode()) + 60
    while data[cut] & 0xC0 != 0x80:  # stop inside a multi-byte character
        cut += 1
    (corpus_copy / "cut.txt").write_bytes(data[:cut])
    corpus = load_corpus(corpus_copy)
    assert "cut.txt" in names(corpus)
    assert any("cut.txt" in line and "truncated" in line for line in corpus.problems)
    assert any(a.source == "cut.txt" and a.title == "二七区召开消防会议" for a in corpus.articles)


def test_duplicate_page_is_skipped_naming_both(corpus_copy: Path) -> None:
    original = corpus_copy / "000_b59d7a4146e6a0ea.txt"
    (corpus_copy / "zzz_copy.txt").write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    corpus = load_corpus(corpus_copy)
    assert len(corpus.articles) == 29
    assert any(
        "zzz_copy.txt" in line and "000_b59d7a4146e6a0ea.txt" in line for line in corpus.problems
    )


def test_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("没有文章。", "utf-8")
    with pytest.raises(EmptyCorpusError, match=str(tmp_path)):
        load_corpus(tmp_path)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EmptyCorpusError, match="nowhere"):
        load_corpus(tmp_path / "nowhere")


def test_page_without_manifest_entry_takes_the_newest_known_year(corpus_copy: Path) -> None:
    (corpus_copy / "new.txt").write_text(PAGE, "utf-8")
    corpus = load_corpus(corpus_copy)
    (page,) = [p for p in corpus.pages if p.source == "new.txt"]
    assert (page.year, page.year_inferred) == (2022, True)


def test_fingerprint_changes_with_pages_and_manifest_only(corpus_copy: Path) -> None:
    before = fingerprint_folder(corpus_copy)
    assert fingerprint_folder(corpus_copy) == before
    (corpus_copy / "notes.md").write_text("not a page", "utf-8")
    assert fingerprint_folder(corpus_copy) == before
    (corpus_copy / "new.txt").write_text(PAGE, "utf-8")
    with_page = fingerprint_folder(corpus_copy)
    assert with_page != before
    manifest = corpus_copy / "manifest.toml"
    manifest.write_text(manifest.read_text("utf-8") + "\n", "utf-8")
    assert fingerprint_folder(corpus_copy) != with_page
