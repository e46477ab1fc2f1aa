"""/start and /help name the paper and list every command; the menu matches (issue 13)."""

from __future__ import annotations

import re
from typing import Any

from bot import render
from bot.app import COMMANDS, post_init
from bot.commands import COMMANDS as LISTED
from retrieval.models import Paper
from tests.bot.conftest import FakeBotApi, Updates


async def test_help_names_the_paper_and_section(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, engine: Any
) -> None:
    await feed(updates.message("/start"))
    visible = html_ok(api.sent()[0]["text"])
    assert engine.paper == Paper("郑州日报", "二七区")
    assert visible.startswith("我是《郑州日报》二七区新闻问答机器人")


async def test_help_lists_exactly_the_commands_of_the_menu(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    await feed(updates.message("/help"))
    await post_init(app)
    visible = html_ok(api.sent()[0]["text"])
    listed = set(re.findall(r"^/([a-z]+)", visible, re.MULTILINE))
    (menu,) = api.sent("setMyCommands")
    assert listed == {c["command"] for c in menu["commands"]} == {c.command for c in COMMANDS}
    assert {"subscribe", "subscriptions", "unsubscribe", "ask", "latest"} <= listed
    assert [c["description"] for c in menu["commands"]] == [c.summary for c in LISTED]


def test_help_without_a_paper_name_leaves_the_brackets_out(engine: Any) -> None:
    text = render.render_help(engine.summary(), 20, Paper(None, "婺城区"))
    assert text.startswith("我是婺城区新闻问答机器人")
    assert "《" not in text.split("\n", 1)[0]
    assert "二七" not in text.split("可以这样问", 1)[0]
