"""End to end: the real Application and engine against the fake Bot API (issue 5)."""

from __future__ import annotations

import re
from typing import Any

from telegram import Update

from bot.app import COMMANDS, post_init
from tests.bot.conftest import BOT_USERNAME, FakeBotApi, Updates

DATE = re.compile(r"20\d\d年\d{1,2}月")
PAGE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def buttons(params: dict[str, Any]) -> list[dict[str, str]]:
    """Every inline button under a sent message."""
    markup = params.get("reply_markup") or {"inline_keyboard": []}
    return [button for row in markup["inline_keyboard"] for button in row]


async def test_private_question_gets_dated_sourced_html(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    await feed(updates.message("陈红民最近开了哪些会"))
    sent = api.sent()
    assert sent, "the bot did not answer"
    visible = "\n".join(html_ok(params["text"]) for params in sent)
    assert all(params["parse_mode"] == "HTML" for params in sent)
    assert "陈红民" in visible
    assert DATE.search(visible), visible
    assert not PAGE.search(visible), "no page file names in chat"
    assert "《郑州日报》" in visible
    assert "记者 景静" in visible
    assert any(b["text"].startswith("原文") for b in buttons(sent[-1]))


async def test_start_and_help_describe_the_corpus(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, engine: Any
) -> None:
    await feed(updates.message("/start"))
    await feed(updates.message("/help"))
    start, help_ = (html_ok(p["text"]) for p in api.sent())
    summary = engine.summary()
    assert start == help_
    assert f"{summary.articles} 篇文章" in help_
    assert f"{summary.pages} 个版面" in help_
    assert "陈红民最近开了哪些会" in help_
    assert "/latest" in help_


async def test_help_states_the_configured_latest_maximum(
    api: FakeBotApi, updates: Updates, bot_settings: Any, make_app: Any
) -> None:
    application = make_app(bot_settings.model_copy(update={"latest_max": 8}))
    async with application:
        await application.process_update(Update.de_json(updates.message("/help"), application.bot))
    assert "（1–8）" in api.sent()[0]["text"]


async def test_latest_lists_newest_articles_with_a_button_each(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, engine: Any
) -> None:
    await feed(updates.message("/latest"))
    (params,) = api.sent()
    visible = html_ok(params["text"])
    newest = engine.latest(5)
    for article in newest:
        assert article.title in visible
    assert [b["callback_data"] for b in buttons(params)] == [f"a:{a.article_id}" for a in newest]
    assert len(DATE.findall(visible)) >= 5


async def test_latest_bounds_its_argument(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, engine: Any
) -> None:
    total = engine.summary().articles
    for text, count in (("/latest -3", 1), ("/latest 99999", min(20, total)), ("/latest abc", 5)):
        await feed(updates.message(text))
        params = api.sent()[-1]
        assert len(buttons(params)) == count, text
        visible = html_ok(params["text"])
        assert ("已按" in visible) or ("不是数字" in visible), text


async def test_ask_without_question_gets_usage(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.message("/ask"))
    assert "/ask 陈红民最近开了哪些会" in api.sent()[-1]["text"]


async def test_group_commands_addressed_to_the_bot(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    await feed(updates.group(f"/latest@{BOT_USERNAME} 3"))
    await feed(updates.group(f"/ask@{BOT_USERNAME} 安置房建设"))
    latest, *answer = api.sent()
    assert len(buttons(latest)) == 3
    assert all(p["chat_id"] == "-100123" for p in api.sent())
    assert "安置房" in "".join(html_ok(p["text"]) for p in answer)


async def test_group_chatter_and_other_bots_commands_are_ignored(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.group("今天中午吃什么"))
    await feed(updates.group("安置房什么时候交房"))
    await feed(updates.group("/latest@some_other_bot"))
    await feed(updates.group("@someone_else 安置房"))
    assert api.methods() == []


async def test_group_reply_and_mention_are_answered(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    await feed(updates.reply_to_bot("安置房建设"))
    replies = len(api.sent())
    await feed(updates.group(f"@{BOT_USERNAME} 安置房建设"))
    assert replies >= 1
    assert len(api.sent()) > replies
    for params in api.sent():
        assert "安置房" in html_ok(params["text"])
        assert f"@{BOT_USERNAME}" not in params["text"]


async def test_inline_query_pages_through_results(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, engine: Any
) -> None:
    expected = engine.find("安置房", offset=0, limit=50)
    seen: list[str] = []
    offset = ""
    for _ in range(10):
        await feed(updates.inline("安置房", offset))
        params = api.sent("answerInlineQuery")[-1]
        results = params["results"]
        assert len(results) <= 50
        for result in results:
            assert len(result["id"].encode()) <= 64
            message = result["input_message_content"]
            assert html_ok(message["message_text"])
            assert message["parse_mode"] == "HTML"
            assert DATE.search(result["description"]) or "日期不详" in result["description"]
            assert not PAGE.search(message["message_text"])
            assert "《郑州日报》" in message["message_text"]
        seen += [r["id"] for r in results]
        offset = params.get("next_offset", "")
        if not offset:
            break
    assert len(seen) == len(set(seen)) == len(expected) > 0


async def test_inline_query_paginates_with_next_offset(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, engine: Any
) -> None:
    await feed(updates.inline(""))
    first = api.sent("answerInlineQuery")[-1]
    assert [r["id"] for r in first["results"]] == [a.article_id for a in engine.latest(10)]
    assert first["next_offset"] == "10"
    await feed(updates.inline("", "10"))
    second = api.sent("answerInlineQuery")[-1]
    assert {r["id"] for r in second["results"]}.isdisjoint(r["id"] for r in first["results"])


async def test_article_button_sends_full_text(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, engine: Any
) -> None:
    article = engine.latest(1)[0]
    await feed(updates.callback(f"a:{article.article_id}"))
    assert api.sent("answerCallbackQuery")
    visible = "\n".join(html_ok(p["text"]) for p in api.sent())
    assert article.title in visible
    assert article.paragraphs[-1][:30] in visible.replace("\n", "")


async def test_next_page_button_survives_a_restart(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, make_app: Any,
    bot_settings: Any,
) -> None:  # fmt: skip
    await feed(updates.message("二七区"))
    answer = api.sent()[-1]
    more = [b for b in buttons(answer) if b["text"].startswith("下一页")]
    assert more, "an answer with more hits than one page offers 下一页"
    fresh = make_app(bot_settings)  # a restarted bot: empty question memory
    await fresh.initialize()
    try:
        press = updates.callback(more[0]["callback_data"], answer["text"])
        await fresh.process_update(Update.de_json(press, fresh.bot))
    finally:
        await fresh.shutdown()
    (edit,) = api.sent("editMessageText")
    assert html_ok(edit["text"]).startswith("🔎 二七区")
    assert "第 2/" in edit["text"]
    assert api.sent("answerCallbackQuery")[-1].get("text") is None  # not an error notice


async def test_set_my_commands_at_start_and_failure_is_not_fatal(app: Any, api: FakeBotApi) -> None:
    await post_init(app)
    (params,) = api.sent("setMyCommands")
    assert [c["command"] for c in params["commands"]] == [c.command for c in COMMANDS]
    api.faults["setMyCommands"] = [500] * (1 + app.bot.request.retries)  # every resend fails
    await post_init(app)  # logged, not raised
    assert len(api.sent("setMyCommands")) == 2 + app.bot.request.retries
