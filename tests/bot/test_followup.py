"""The bot keeps one conversation context per chat, so follow-ups are understood."""

from __future__ import annotations

from typing import Any

from tests.bot.conftest import FakeBotApi, Updates


async def test_a_follow_up_in_the_same_chat_is_read_against_the_last_question(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    await feed(updates.message("陈红民最近开了哪些会"))
    await feed(updates.message("那去年呢"))
    visible = html_ok(api.sent()[-1]["text"])
    assert "按“陈红民去年开了哪些会”回答" in visible
    assert "2021年" in visible
