"""English words mixed into a Chinese question are read as Chinese cues (data/english.txt)."""

from __future__ import annotations

import pytest

from retrieval.engine import Engine
from retrieval.query.english import english_words, read_table, to_chinese
from retrieval.query.intents import Intent
from retrieval.text.vocab import VocabularyError


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("安置房 meeting 是哪天开的", "安置房 会议 是哪天开的"),
        ("生态建设推进会 When 开的", "生态建设推进会 什么时候 开的"),
        ("who is 常淼", "谁是 常淼"),
        ("陈红民 recently 主持了哪些 meeting", "陈红民 最近 主持了哪些 会议"),
        ("霹雳行动 is what", "霹雳行动 是什么"),
        ("二七经开区 how  many 企业", "二七经开区 多少 企业"),
    ],
)
def test_listed_english_words_become_chinese_cues(typed: str, read: str) -> None:
    assert to_chinese(typed) == read


@pytest.mark.parametrize(
    "text",
    [
        "What meetings did Chen Hongmin attend recently?",  # English: the hint, not a guess
        "PM2.5浓度降低了多少",  # no listed word
        "二七区APP叫什么",  # part of a word is no word
        "陈红民最近开了哪些会",
    ],
)
def test_english_questions_and_other_latin_text_are_left_alone(text: str) -> None:
    assert to_chinese(text) == text


def test_every_entry_is_lower_case_english() -> None:
    assert all(key == key.lower() and key.isascii() for key in english_words())


def test_a_mixed_question_gets_the_same_answer_as_the_chinese_one(engine: Engine) -> None:
    mixed = engine.ask("区人大常委会第三十七次会议 where 开的")
    chinese = engine.ask("区人大常委会第三十七次会议在哪里开的")
    assert not mixed.no_answer
    assert [h.article.article_id for h in mixed.hits] == [
        h.article.article_id for h in chinese.hits
    ]


def test_who_is_asks_for_a_person(engine: Engine) -> None:
    answer = engine.ask("who is 常淼")
    assert answer.intent is Intent.WHO
    assert "副区长" in answer.blocks[0].text


def test_an_english_question_still_gets_the_hint(engine: Engine) -> None:
    answer = engine.ask("What meetings did Chen Hongmin attend recently?")
    assert answer.no_answer
    assert answer.intent is Intent.FOREIGN


def test_a_malformed_line_is_named() -> None:
    with pytest.raises(VocabularyError, match=r"english.txt:2: expected"):
        read_table("when = 什么时候\nmeeting 会议\n")
