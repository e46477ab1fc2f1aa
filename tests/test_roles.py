"""Who holds a role: scoped to the place asked, the period asked, and never a deputy."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.printer import answer_text
from retrieval.answers.roles import scoped_role
from retrieval.engine import Engine

# Two districts' pages; each writes its officials without the district's name.
PAGES = {
    "301_a.txt": """东城区召开防汛工作会议

本报讯 6月2日，东城区召开防汛工作会议，区委书记周德明出席并讲话，区长钱向东主持会议。\
区委常委、常务副区长孙晓红，区人民检察院检察长韩立新列席会议。
记者 王晓
""",
    "302_b.txt": """西城区召开安全生产工作会议

本报讯 7月8日，西城区召开安全生产工作会议。区委副书记、区长冯建华出席会议并讲话，\
副区长郑海波主持会议。区委常委、宣传部部长吴婷出席。
记者 周青
""",
}


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder: Path = tmp_path_factory.mktemp("towns")
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    years = "".join(f'[pages."{name}"]\nyear = 2023\n' for name in PAGES)
    (folder / "manifest.toml").write_text(years, encoding="utf-8")
    return Engine.open(folder, None)


def ask(engine: Engine, question: str) -> str:
    return answer_text(engine.ask(question))


@pytest.mark.parametrize(
    ("question", "holder", "others"),
    [
        ("东城区区长是谁", "钱向东", ["周德明", "冯建华"]),
        ("西城区的区长叫什么名字", "冯建华", ["钱向东", "郑海波"]),
        ("东城区委书记叫什么", "周德明", ["钱向东"]),
        ("东城区的常务副区长是哪位", "孙晓红", ["韩立新"]),
        ("西城区宣传部部长是谁", "吴婷", ["冯建华"]),
    ],
)
def test_a_role_of_a_named_place_is_its_articles_holder(
    towns: Engine, question: str, holder: str, others: list[str]
) -> None:
    text = ask(towns, question)
    assert holder in text
    assert not [o for o in others if o in text]


def test_the_place_is_split_from_the_role_as_the_pages_write_it() -> None:
    scope = scoped_role("东城区委书记", "二七")
    assert scope is not None
    assert (scope.place, scope.forms) == ("东城区", ("区委书记",))
    scope = scoped_role("西城区的常务副区长", "二七")
    assert scope is not None
    assert (scope.place, scope.forms) == ("西城区", ("区常务副区长", "常务副区长"))
    assert scoped_role("二七区区长", "二七") is None  # the own district: every page is its
    assert scoped_role("区委书记", "二七") is None


def test_a_name_asked_of_a_thing_is_no_role_question(towns: Engine) -> None:
    assert towns.ask("防汛工作会议叫什么").intent != "who"


def test_a_period_keeps_only_that_periods_holders(engine: Engine) -> None:
    text = ask(engine, "2021年12月的区委副书记是谁")
    assert "苏建设" in text
    assert "姚志伟" not in text  # 区委副书记 in 2020's pages only
    both = ask(engine, "区委副书记是谁")
    assert "苏建设" in both
    assert "姚志伟" in both
