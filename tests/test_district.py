"""Nothing is 二七-specific: a corpus about another district gets the same behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.printer import answer_text
from bot.render import render_help
from retrieval.engine import Engine

PAGE = """婺城区委常委会召开会议

本报讯 3月2日，婺城区委常委会召开会议，研究部署防汛工作。婺城区委书记张明远主持会议并讲话，\
区委副书记、婺城区长李建国出席会议。
会议强调，要压紧压实防汛责任，金华市气象部门要及时发布预警。记者 王晓

婺城区人大常委会召开第十次会议

本报讯 3月1日，婺城区人大常委会召开第十次会议。区人大常委会主任赵德华主持会议。\
会议审议了区政府关于城区内涝治理工作情况的报告。记者 王晓

婺城区召开安全生产工作会议

本报讯 2月20日，婺城区召开安全生产工作会议。婺城区长李建国出席会议并讲话。\
会议要求，全区共有320家企业要开展隐患排查。记者 周青
"""


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder: Path = tmp_path_factory.mktemp("wucheng")
    (folder / "100_a.txt").write_text(PAGE, encoding="utf-8")
    (folder / "manifest.toml").write_text('[pages."100_a.txt"]\nyear = 2023\n', encoding="utf-8")
    return Engine.open(folder, None)


def ask(engine: Engine, question: str) -> str:
    return answer_text(engine.ask(question))


def test_the_section_is_mined_from_the_pages(other: Engine) -> None:
    assert (other.paper.section, other.paper.stem) == ("婺城区", "婺城")


def test_headings_and_notes_name_that_district(other: Engine) -> None:
    assert ask(other, "最近开了哪些会").startswith("婺城区 最近的 3 场会议")
    assert "2023年3月婺城区的报道共 2 篇" in ask(other, "2023年3月的新闻")
    assert "目前收录婺城区新闻报道 3 篇" in ask(other, "量子计算机的原理")
    for question in ("最近开了哪些会", "2023年3月的新闻", "量子计算机的原理", "那去年呢"):
        assert "二七" not in ask(other, question)


def test_a_district_title_before_a_name_is_no_topic(other: Engine) -> None:
    query = other.ask("婺城区委书记张明远同志最近开了哪些会")
    assert answer_text(query).startswith("张明远 最近的 1 场会议")


def test_the_district_prefix_of_a_role_is_dropped(other: Engine) -> None:
    assert "李建国" in {p.name for p in other.index.people if "区长" in p.roles}
    assert ask(other, "婺城区区长是谁").startswith("李建国 · 2023年3月2日")


def test_a_body_of_that_district_keeps_only_its_meetings(other: Engine) -> None:
    text = ask(other, "婺城区委常委会开了几次")
    assert "1 场会议" in text
    assert "人大常委会第十次会议" not in text


def test_weather_of_a_place_the_pages_name_is_live(other: Engine) -> None:
    assert other.ask("金华天气").intent == "live"  # the pages name 金华市
    assert other.ask("婺城区明天天气怎么样").intent == "live"
    assert other.ask("郑州天气").intent != "live"  # these pages never name 郑州


def test_help_names_the_section_and_its_own_examples(other: Engine) -> None:
    text = render_help(other.summary(), 20)
    assert "我是婺城区新闻问答机器人" in text
    assert "李建国最近开了哪些会" in text
    assert "二七" not in text
