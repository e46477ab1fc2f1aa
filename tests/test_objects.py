"""What was reported, visited or required: the answer names the object phrase itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.printer import answer_text
from retrieval.answers.objects import Slot, asked_slot, object_quote, objects_in

if TYPE_CHECKING:
    from retrieval.engine import Engine

REPORTS = (
    "会议审议通过了区政府关于民生实事办理情况的报告、区人民法院关于优化营商环境工作专项报告、"
    "区人民检察院关于服务“六稳六保”工作专项报告。"
)
VISIT = "会议现场观摩了路华大厦党建引领安全生产主体责任落实情况,传达了安全生产会议精神。"
DUTIES = "重点抓好完善指挥体系，筑牢基层防线，强化冷链监管3个方面工作。"
SPEAKERS = "会上，福华街街道、淮河路街道、区教育局3家单位做了交流发言。"


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("区检察院做了什么专项报告", Slot("院做", "专项报告", several=False)),
        ("现场观摩的是哪里", Slot("观摩", "", several=False)),
        ("会上提出要重点抓好哪几方面", Slot("抓好", "方面", several=True)),
        ("宣读了哪些方案", Slot("宣读", "方案", several=True)),
    ],
)
def test_the_verb_and_head_are_read_around_the_which_word(question: str, slot: Slot) -> None:
    assert asked_slot(question) == slot


@pytest.mark.parametrize(
    "question", ["霹雳行动是什么", "霹雳行动是干什么的", "防汛工作", "李卓瑜去哪家企业走访调研了"]
)
def test_a_question_with_no_verb_asks_no_object(question: str) -> None:
    assert asked_slot(question) is None


def test_the_item_the_head_ends_is_the_one_naming_the_asked_body() -> None:
    slot = Slot("院做", "专项报告", several=False)
    found, sureness = objects_in(REPORTS, slot, ["检察院"])
    assert found == ["区人民检察院关于服务“六稳六保”工作专项报告"]
    assert sureness == 1
    found, _ = objects_in(REPORTS, slot, ["法院"])
    assert found == ["区人民法院关于优化营商环境工作专项报告"]


def test_a_list_a_count_sums_up_runs_from_the_verb() -> None:
    found, sureness = objects_in(DUTIES, Slot("抓好", "方面", several=True), [])
    assert found == ["完善指挥体系，筑牢基层防线，强化冷链监管"]
    assert sureness == 2
    found, _ = objects_in(SPEAKERS, Slot("上是", "单位发言", several=True), [])
    assert found == ["福华街街道、淮河路街道、区教育局"]


def test_without_a_head_the_object_follows_the_verb() -> None:
    found, sureness = objects_in(VISIT, Slot("观摩", "", several=False), [])
    assert found == ["路华大厦党建引领安全生产主体责任落实情况"]
    assert sureness == 0
    assert objects_in(VISIT, Slot("签约", "", several=False), []) == ([], 0)


def test_the_quote_starts_where_the_object_does() -> None:
    quote = object_quote(REPORTS, "区人民检察院关于服务“六稳六保”工作专项报告")
    assert quote.startswith("……区人民检察院")


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("区检察院向区人大常委会做了什么专项报告", "六稳六保"),
        ("安委会全体会议现场观摩的是哪里", "路华大厦"),
        ("交流会上是哪几家单位做了交流发言", "火车站地区管委会"),
        ("一环十纵十横道路改造涉及哪些道路", "京广路"),
        ("党员干部观看了什么廉政教育片", "兴衰之鉴"),
    ],
)
def test_the_answer_leads_with_the_object(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.ask(question)
    assert answer.items[0].kind == "fact"
    assert wanted in answer.items[0].fact  # type: ignore[union-attr]
    assert wanted in answer_text(answer)
