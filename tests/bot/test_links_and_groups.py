"""Deep links to articles, 原文 in groups, and silence at group chatter (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest

from bot import deeplink
from tests.bot.conftest import BOT_USERNAME, FakeBotApi, Updates

GROUP = {"id": -100123, "type": "supergroup", "title": "二七"}


def url_buttons(params: dict[str, Any]) -> list[str]:
    """The URLs of a message's inline buttons."""
    markup = params.get("reply_markup") or {"inline_keyboard": []}
    return [b["url"] for row in markup["inline_keyboard"] for b in row if "url" in b]


async def test_start_with_an_article_payload_opens_that_article(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, engine: Any
) -> None:
    article = engine.latest(3)[2]
    payload = deeplink.article_payload(article.article_id)
    assert payload is not None
    assert len(payload) <= 64
    await feed(updates.message(f"/start {payload}"))
    visible = "\n".join(html_ok(p["text"]) for p in api.sent())
    assert visible.startswith(article.title)
    assert article.paragraphs[-1][:20] in visible.replace("\n", "")


@pytest.mark.parametrize("payload", ["a-nope", "zz", "a-", "help"])
async def test_start_with_another_payload_greets(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, payload: str
) -> None:
    await feed(updates.message(f"/start {payload}"))
    text = api.sent()[-1]["text"]
    assert "新闻问答机器人" in text or "没有找到这篇文章" in text


async def test_inline_results_link_back_to_the_full_article(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, engine: Any
) -> None:
    await feed(updates.inline("安置房"))
    results = api.sent("answerInlineQuery")[0]["results"]
    assert results
    for result in results:
        (url,) = url_buttons(result)
        payload = url.removeprefix(f"https://t.me/{BOT_USERNAME}?start=")
        article_id = deeplink.article_of(payload)
        assert article_id is not None
        assert engine.article(article_id).title[:10] in result["title"]


async def test_article_button_in_a_group_posts_a_preview_with_a_deep_link(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, engine: Any
) -> None:
    article = max(engine.latest(29), key=lambda a: len(a.text))
    press = updates.callback(f"a:{article.article_id}")
    press["callback_query"]["message"]["chat"] = GROUP
    await feed(press)
    (preview,) = api.sent()
    visible = html_ok(preview["text"])
    assert preview["chat_id"] == str(GROUP["id"])
    assert article.title in visible
    assert len(visible) < 400 < len(article.text), "a preview, not the whole article"
    assert url_buttons(preview) == [deeplink.link(BOT_USERNAME, f"a-{article.article_id}")]


@pytest.mark.parametrize(
    "text", ["谢谢", "哈哈哈 👍", "好的，谢谢！", "666", "嗯嗯", "👍👍", "收到~"]
)
async def test_thanks_and_laughter_in_reply_to_the_bot_get_no_reply(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, text: str
) -> None:
    await feed(updates.reply_to_bot(text))
    await feed(updates.group(f"@{BOT_USERNAME} {text}"))
    assert api.methods() == []


async def test_a_question_in_reply_to_the_bot_is_still_answered(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.reply_to_bot("谢谢，那霹雳行动呢"))
    assert "霹雳" in api.sent()[0]["text"]


async def test_answers_in_groups_link_each_article_to_a_private_chat(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, engine: Any
) -> None:
    await feed(updates.group(f"/ask@{BOT_USERNAME} 二七区"))
    (answer,) = api.sent()
    expected = [f"a-{c.article_id}" for c in engine.ask("二七区").citations]
    links = [u.removeprefix(f"https://t.me/{BOT_USERNAME}?start=") for u in url_buttons(answer)]
    assert links == expected
    rows = answer["reply_markup"]["inline_keyboard"]
    (turn,) = [b for row in rows for b in row if b["text"] == "下一页 »"]
    press = updates.callback(turn["callback_data"], answer["text"])
    press["callback_query"]["message"]["chat"] = GROUP
    await feed(press)
    assert len(url_buttons(api.sent("editMessageText")[0])) == 5  # page 2 links too
    await feed(updates.message("二七区"))  # in a private chat 原文 opens the article in place
    assert url_buttons(api.sent()[-1]) == []
