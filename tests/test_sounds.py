"""Words typed by their sound (安至房, 防迅) are read as the corpus words they sound like."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.engine import Engine
from retrieval.search.sounds import Sounds, file_by_sound, sound

CORPUS_WORDS = (
    "安置房",
    "安置",
    "防汛",
    "重建",
    "生态建设",
    "年轻干部",
    "二七区",
    "会议室",
    "内部",
    "防治",
)


# General-language frequencies (jieba's): 防止 is common, 年青 rare beside 年轻.
GENERAL = {"防止": 3364, "防治": 1521, "年青": 115, "年轻干部": 2000, "重见": 46, "重建": 3491}
GENERAL |= {"会议": 9000, "工作": 9000, "什么": 9000, "时候": 9000, "开工": 900, "天气": 2657}


def words_used(word: str) -> bool:
    return word in CORPUS_WORDS or word in ("会议", "工作", "开工", "什么", "时候")


def cut(text: str) -> list[str]:
    """A stand-in segmenter: known words whole, anything else a character at a time."""
    known = sorted((*CORPUS_WORDS, "会议", "工作", "开工", "什么", "时候", "有多少"), key=len)
    out, i = [], 0
    while i < len(text):
        word = next((w for w in reversed(known) if text.startswith(w, i)), text[i])
        out.append(word)
        i += len(word)
    return out


@pytest.fixture(scope="module")
def sounds() -> Sounds:
    return Sounds(file_by_sound(CORPUS_WORDS, dict.fromkeys(CORPUS_WORDS, 1)))


def test_a_word_is_filed_under_its_toneless_pinyin() -> None:
    assert sound("安置房") == "an zhi fang"
    filed = file_by_sound(["防汛", "汛", "置房", "pm2"], {"防汛": 1, "汛": 1})
    # single characters, bigrams the dictionary lacks and non-Chinese are not filed as words
    assert [pair for pair in filed if " " in pair[0]] == [("fang xun", "防汛")]
    # the characters of each syllable filed: what a typed character is checked against
    readings = {key: chars for key, chars in filed if " " not in key}
    assert set(readings) == {"fang", "xun"}
    assert {"防", "房", "方"} <= set(readings["fang"])
    assert "汛" in readings["xun"]
    assert {"迅", "训", "讯"} <= set(readings["xun"])
    assert "防" not in readings["xun"]


def test_typed_characters_are_read_from_the_table_not_pypinyin() -> None:
    """A table with its characters decides alone: a character it does not list is no typo."""
    table = Sounds((("fang xun", "防汛"), ("fang", "防房"), ("xun", "汛")))  # 迅 left out
    assert table.respell("防迅工作", words_used, cut, GENERAL) == ("防迅工作", ())
    table = Sounds((("fang xun", "防汛"), ("fang", "防房"), ("xun", "汛迅")))
    assert table.respell("防迅工作", words_used, cut, GENERAL) == ("防汛工作", (("防迅", "防汛"),))


@pytest.mark.parametrize(
    ("typed", "read", "pairs"),
    [
        ("安至房什么时候开工", "安置房什么时候开工", (("安至房", "安置房"),)),
        ("防迅工作", "防汛工作", (("防迅", "防汛"),)),
        ("灾后重见工作", "灾后重建工作", (("重见", "重建"),)),  # 重 read chong
        ("生态见设推进会", "生态建设推进会", (("生态见设", "生态建设"),)),
        ("年青干部", "年轻干部", (("年青干部", "年轻干部"),)),
    ],
)
def test_sound_alike_typos_are_read_as_corpus_words(
    sounds: Sounds, typed: str, read: str, pairs: tuple[tuple[str, str], ...]
) -> None:
    assert sounds.respell(typed, words_used, cut, GENERAL) == (read, pairs)


@pytest.mark.parametrize(
    "text",
    [
        "安置房什么时候开工",  # correct already
        "会议是哪天开的",  # 会议是 sounds like 会议室, but 是 is a stop word
        "哪部片子",  # 哪 may be read nei (内部): a stop word is never replaced
        "二七区有多少家企业",  # 区有 cuts into 二七区
        "今天天气",  # nothing sounds like a corpus word
        "防止污染",  # 防止 sounds like 防治 but is a common word in its own right
        "",
    ],
)
def test_correct_and_everyday_text_is_left_alone(sounds: Sounds, text: str) -> None:
    assert sounds.respell(text, words_used, cut, GENERAL) == (text, ())


def test_no_table_changes_nothing() -> None:
    assert Sounds(()).respell("安至房", words_used, cut, GENERAL) == ("安至房", ())


def test_the_answer_says_how_it_read_the_typo(engine: Engine) -> None:
    typo = engine.ask("安至房什么时候开工")
    right = engine.ask("安置房什么时候开工")
    assert not typo.no_answer
    assert typo.blocks[0].text == "报道中没有“安至”，按“安置”回答。"
    assert [h.article.article_id for h in typo.hits] == [h.article.article_id for h in right.hits]


def test_the_table_is_saved_with_the_index(tmp_path: Path, seeds_dir: Path) -> None:
    built = Engine.open(seeds_dir, tmp_path)
    loaded = Engine.open(seeds_dir, tmp_path)
    assert loaded.index is not built.index
    assert loaded.index.tables.sounds == built.index.tables.sounds
    assert ("fang xun", "防汛") in loaded.index.tables.sounds
    assert loaded.index.respell("防迅工作")[1] == (("防迅", "防汛"),)


def test_dictionary_words_guess_no_words_in_unknown_runs(tmp_path: Path, seeds_dir: Path) -> None:
    built = Engine.open(seeds_dir, tmp_path)  # cut by jieba itself
    loaded = Engine.open(seeds_dir, tmp_path)  # cut by retrieval/text/cut.py
    for engine in (built, loaded):
        words = engine.segmenter.dictionary_words("安至房什么时候开工")
        assert words == ["安", "至", "房", "什么", "时候", "开工"]


def test_words_to_keep_are_never_respelled(sounds: Sounds) -> None:
    assert sounds.respell("防迅工作", words_used, cut, GENERAL, keep=["防迅"]) == ("防迅工作", ())


def test_a_name_the_pages_never_give_is_no_typo(engine: Engine) -> None:
    answer = engine.ask("市委书记安伟来二七区调研了吗")  # 安伟 sounds like 安委 (安委会)
    assert answer.no_answer
    assert answer.blocks[0].text == "报道中没有提到安伟。"
