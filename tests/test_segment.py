"""Normalisation and segmentation: one text form, names kept whole, filler dropped."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from retrieval.pages.corpus import Corpus, load_corpus
from retrieval.search.bm25 import mine_words, read_overrides
from retrieval.text import segment as segment_module
from retrieval.text.normalize import normalize
from retrieval.text.segment import Segmenter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Every person the seed pages name, read off the pages by hand.
SEED_PEOPLE = [
    "陈红民", "苏建设", "吕安民", "李雅", "王炅", "常淼", "魏锋", "孙维宁", "王传胜", "汤晓义",
    "袁斌", "高岩", "李卓瑜", "时博", "王波", "姚志伟", "崔世英", "王升建", "唐莉军", "雍明轩",
    "董治会", "胡新生", "蒋明伦", "许广佑", "景静", "左学彬", "周祎", "胡伟", "徐克镜", "刘晓静",
    "李慧", "张改华", "郭佳星", "马鹏迪",
]  # fmt: skip


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    """The seed pages."""
    return load_corpus(SEEDS)


@pytest.fixture(scope="module")
def seg(seeds: Corpus) -> Segmenter:
    """A segmenter knowing the seed pages' mined words."""
    people, terms = mine_words(seeds.articles, read_overrides(SEEDS / "userdict.dict"))
    return Segmenter.build(terms, (p.name for p in people))


@pytest.fixture(scope="module")
def plain() -> Segmenter:
    """A segmenter with jieba's dictionary only."""
    return Segmenter.build()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＰＭ２．５", "pm2.5"),
        ("陳紅民開會", "陈红民开会"),
        ("區人大常委會", "区人大常委会"),
        ("ABC Def", "abc def"),
        ("陈\u200b红\u200d民", "陈红民"),
        ("安置房\x00建设", "安置房 建设"),
        ("", ""),
    ],
)
def test_normalize_folds_width_script_case_and_invisibles(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_segment_drops_punctuation_and_stop_words(plain: Segmenter) -> None:
    terms = plain.segment("会议强调，要提高政治站位。")
    assert "，" not in terms
    assert "。" not in terms
    assert "要" not in terms
    assert {"会议", "强调", "政治"} <= set(terms)


@pytest.mark.parametrize("text", ["", "   ", "，。！？", "的了和是", "😀😀", "\u200b\u200b"])
def test_nothing_to_index(plain: Segmenter, text: str) -> None:
    assert plain.segment(text) == []
    assert plain.query_terms(text) == []


def test_query_terms_drop_question_filler_but_documents_keep_it(plain: Segmenter) -> None:
    assert plain.query_terms("最近有哪些什么是谁多少怎么样") == []
    assert "最近" in plain.segment("最近，二七区召开会议")
    assert "霹雳" in plain.query_terms("霹雳行动是什么")
    assert "什么" not in plain.query_terms("霹雳行动是什么")


def test_traditional_query_gives_simplified_terms(seg: Segmenter) -> None:
    assert seg.query_terms("陳紅民最近開了哪些會") == seg.query_terms("陈红民最近开了哪些会")
    assert "陈红民" in seg.query_terms("陳紅民最近開了哪些會")


def test_long_words_are_also_indexed_by_their_bigrams(seg: Segmenter) -> None:
    terms = seg.segment("精准开展“三送一强”活动")
    assert "三送一强" in terms
    assert {"三送", "送一", "一强"} <= set(terms)
    assert seg.query_groups("三送一强") == [("三送一强", ["三送", "送一", "一强"])]


def test_names_are_never_split_into_bigrams(seg: Segmenter) -> None:
    terms = seg.segment("区长苏建设主持会议")
    assert "苏建设" in terms
    assert "建设" not in terms


@pytest.mark.parametrize("name", SEED_PEOPLE)
def test_every_seed_person_is_one_token_wherever_named(
    seeds: Corpus, seg: Segmenter, name: str
) -> None:
    paragraphs = [
        paragraph
        for article in seeds.articles
        for paragraph in (article.title, *article.paragraphs, " ".join(article.byline.people))
        if name in paragraph
    ]
    assert paragraphs
    for paragraph in paragraphs:
        assert name in seg.segment(paragraph)


@pytest.mark.parametrize(
    "text",
    [
        "区委书记陈红民",
        "区长苏建设",
        "区人大常委会主任吕安民",
        "区领导苏建设、时博、王波",
        "区领导陈红民、姚志伟、崔世英、王升建、唐莉军、雍明轩、董治会、胡新生等出席",
        "记者 景静 通讯员 左学彬 周祎",
    ],
)
def test_issue_examples_keep_names_whole(seg: Segmenter, text: str) -> None:
    terms = seg.segment(text)
    for name in SEED_PEOPLE:
        if name in text:
            assert name in terms


def test_a_word_is_taught_once_whatever_the_repeats() -> None:
    once = Segmenter.build(["三送一强"], ["苏建设"])
    twice = Segmenter.build(["三送一强", "三送一强"], ["苏建设", "苏建设"])
    assert twice.freeze()[1] == once.freeze()[1]  # the total grew by one word each
    assert twice.whole == once.whole == {"苏建设"}


def test_segmenters_do_not_share_words() -> None:
    taught = Segmenter.build(["三送一强"], ["苏建设"])
    untaught = Segmenter.build()
    assert "三送一强" in taught.segment("精准开展三送一强活动")
    assert "三送一强" not in untaught.segment("精准开展三送一强活动")
    assert "建设" in untaught.segment("区长苏建设主持会议")
    assert "三送一强" not in jieba.dt.FREQ  # jieba's process-wide tokenizer is never taught


def test_jieba_dictionary_loads_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    Segmenter.build()

    def refuse(self: jieba.Tokenizer, dictionary: str | None = None) -> None:
        raise AssertionError("jieba dictionary loaded a second time")

    monkeypatch.setattr(jieba.Tokenizer, "initialize", refuse)
    for words in ((), ("安置房",), ("霹雳行动",)):
        assert Segmenter.build(words).query_terms("陈红民最近开了哪些会")
    assert segment_module._jieba_dictionary.cache_info().misses == 1
