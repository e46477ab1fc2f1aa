"""Chatter vs questions: the rule the bot uses to stay quiet in groups (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest

from retrieval.engine import Engine
from retrieval.query.chatter import content, is_chatter


@pytest.mark.parametrize(
    "text",
    [
        "谢谢",
        "谢谢！！",
        "哈哈哈哈",
        "hhhh",
        "👍",
        "😂😂😂",
        "好的👌",
        "嗯嗯",
        "666",
        "thanks!",
        "晕",
        "笑死我了",
    ],
)
def test_courtesy_laughter_emoji_and_short_reactions_are_chatter(engine: Any, text: str) -> None:
    assert engine.is_chatter(text)


@pytest.mark.parametrize(
    "text",
    ["安置房建设", "陈红民", "区长", "霹雳", "谢谢，那安置房呢", "哈哈，陈书记最近开了哪些会"],
)
def test_anything_with_a_content_word_is_a_question(engine: Any, text: str) -> None:
    assert not engine.is_chatter(text)


def test_laughter_is_any_letter_repeated_not_a_list() -> None:
    assert content("嘿嘿嘿") == ""
    assert content("呜呜呜呜") == ""  # in no word list
    assert content("2022年") == "2022年"  # digits are not laughter


def test_a_short_word_counts_only_when_the_pages_know_it(engine: Engine) -> None:
    terms = engine.segmenter.query_terms
    assert is_chatter("靠谱", lambda term: False, terms)
    assert not is_chatter("靠谱", lambda term: True, terms)
    assert not is_chatter("防汛抗旱", lambda term: False, terms)  # long enough to be a question
