"""Places the pages never name veto an answer, like unknown people (上海浦东新区最近开了什么会)."""

from __future__ import annotations

import pytest

from retrieval.engine import Engine
from retrieval.query.places import is_place_name, place_words


@pytest.mark.parametrize(
    "word",
    ["北京", "上海", "洛阳", "河北省", "南山区", "浦东新区", "上海浦东新区", "杭州市", "郑州"],
)
def test_cities_provinces_and_districts_are_places(word: str) -> None:
    assert is_place_name(word)


@pytest.mark.parametrize(
    "word",
    ["东西", "城市", "上门", "英雄", "山区", "开发区", "工业区", "安置房", "二七", "区里", "abc"],
)
def test_everyday_words_jieba_tags_as_places_are_not(word: str) -> None:
    assert not is_place_name(word)


def test_place_words_keep_order_and_drop_repeats() -> None:
    assert place_words(["北京", "到", "郑州", "北京", "的"]) == ["北京", "郑州"]


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("上海浦东新区最近开了什么会", ["上海浦东新区"]),
        ("北京朝阳区的安置房什么时候回迁", ["北京", "朝阳区"]),
        ("洛阳老城区的道路改造什么时候完工", ["洛阳"]),
        ("北京到郑州的高铁票多少钱", ["北京"]),
    ],
)
def test_a_place_the_pages_never_name_gets_no_answer(
    engine: Engine, question: str, missing: list[str]
) -> None:
    answer = engine.ask(question)
    assert answer.no_answer
    assert not answer.hits
    texts = [block.text for block in answer.blocks]
    assert texts[: len(missing)] == [f"报道中没有提到{p}。" for p in missing]
    assert answer.notes == tuple(texts[: len(missing)])
    assert "目前收录二七区新闻报道 29 篇" in texts[len(missing)]  # what the pages cover instead


@pytest.mark.parametrize(
    "question", ["郑州市创建国家生态园林城市", "河南省先进尼龙材料重点实验室", "老城区有机更新"]
)
def test_places_the_pages_name_are_answered(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.no_answer
    assert answer.hits


def test_an_unnamed_place_still_says_what_the_pages_cover(engine: Engine) -> None:
    answer = engine.ask("今天北京天气怎么样")
    texts = [block.text for block in answer.blocks]
    assert texts[0] == "报道中没有提到北京。"
    assert any(text.startswith("可以这样问") for text in texts)
