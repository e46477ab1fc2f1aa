"""Normalisation and segmentation: one text form, names kept whole, filler dropped."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from retrieval.pages.corpus import Corpus, load_corpus
from retrieval.search.bm25 import mine_words, read_overrides
from retrieval.text import segment as segment_module
from retrieval.text.normalize import normalize
from retrieval.text.segment import load_user_words, query_groups, query_terms, segment

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
    """The seed pages, with their mined words taught to jieba."""
    corpus = load_corpus(SEEDS)
    people, terms = mine_words(corpus.articles, read_overrides(SEEDS / "userdict.dict"))
    load_user_words(terms)
    load_user_words((p.name for p in people), whole=True)
    return corpus


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


def test_segment_drops_punctuation_and_stop_words() -> None:
    terms = segment("会议强调，要提高政治站位。")
    assert "，" not in terms
    assert "。" not in terms
    assert "要" not in terms
    assert {"会议", "强调", "政治"} <= set(terms)


@pytest.mark.parametrize("text", ["", "   ", "，。！？", "的了和是", "😀😀", "\u200b\u200b"])
def test_nothing_to_index(text: str) -> None:
    assert segment(text) == []
    assert query_terms(text) == []


def test_query_terms_drop_question_filler_but_documents_keep_it() -> None:
    assert query_terms("最近有哪些什么是谁多少怎么样") == []
    assert "最近" in segment("最近，二七区召开会议")
    assert "霹雳" in query_terms("霹雳行动是什么")
    assert "什么" not in query_terms("霹雳行动是什么")


def test_traditional_query_gives_simplified_terms(seeds: Corpus) -> None:
    assert query_terms("陳紅民最近開了哪些會") == query_terms("陈红民最近开了哪些会")
    assert "陈红民" in query_terms("陳紅民最近開了哪些會")


def test_long_words_are_also_indexed_by_their_bigrams(seeds: Corpus) -> None:
    terms = segment("精准开展“三送一强”活动")
    assert "三送一强" in terms
    assert {"三送", "送一", "一强"} <= set(terms)
    assert query_groups("三送一强") == [("三送一强", ["三送", "送一", "一强"])]


def test_names_are_never_split_into_bigrams(seeds: Corpus) -> None:
    terms = segment("区长苏建设主持会议")
    assert "苏建设" in terms
    assert "建设" not in terms


@pytest.mark.parametrize("name", SEED_PEOPLE)
def test_every_seed_person_is_one_token_wherever_named(seeds: Corpus, name: str) -> None:
    paragraphs = [
        paragraph
        for article in seeds.articles
        for paragraph in (article.title, *article.paragraphs, " ".join(article.byline.people))
        if name in paragraph
    ]
    assert paragraphs
    for paragraph in paragraphs:
        assert name in segment(paragraph)


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
def test_issue_examples_keep_names_whole(seeds: Corpus, text: str) -> None:
    terms = segment(text)
    for name in SEED_PEOPLE:
        if name in text:
            assert name in terms


def test_user_words_load_once_and_stay(seeds: Corpus) -> None:
    load_user_words(["三送一强", "三送一强"])
    assert segment_module.user_words()[0].count("三送一强") == 1
    assert "苏建设" in segment_module.user_words()[1]


def test_jieba_dictionary_loads_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    tokenizer = segment_module._jieba()

    def refuse(self: jieba.Tokenizer, dictionary: str | None = None) -> None:
        raise AssertionError("jieba dictionary loaded a second time")

    monkeypatch.setattr(jieba.Tokenizer, "initialize", refuse)
    for question in ("安置房", "陈红民最近开了哪些会", "霹雳"):
        assert query_terms(question)
    assert segment_module._jieba() is tokenizer
