"""Budgets that spare browsing, other languages, captions, edited questions (issue 13)."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.access import INLINE_THROTTLED, REFUSALS, Verdict
from tests.bot.conftest import FakeBotApi, Updates

PHOTO = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
DOCUMENT = {"file_id": "d1", "file_unique_id": "u2", "file_name": "scan.pdf"}


async def limited(make_app: Any, bot_settings: Any, questions: int, browsing: int) -> Any:
    """A started Application with the given per-user budgets."""
    settings = bot_settings.model_copy(
        update={"user_rate_limit": questions, "browse_rate_limit": browsing}
    )
    application = make_app(settings)
    await application.initialize()
    return application


async def test_a_burst_gets_one_throttle_notice_and_buttons_keep_working(
    api: FakeBotApi, updates: Updates, make_app: Any, bot_settings: Any, engine: Any
) -> None:
    application = await limited(make_app, bot_settings, questions=3, browsing=20)
    try:
        for _ in range(10):
            update = updates.message("霹雳行动是什么")
            await application.process_update(Update.de_json(update, application.bot))
        article = engine.latest(1)[0]
        press = updates.callback(f"a:{article.article_id}")
        await application.process_update(Update.de_json(press, application.bot))
    finally:
        await application.shutdown()
    texts = [p["text"] for p in api.sent()]
    assert sum("霹雳" in t for t in texts) == 3
    assert texts.count(REFUSALS[Verdict.THROTTLED]) == 1  # not one per refused message
    assert article.title in texts[-1], "the 原文 press is served from its own budget"


async def test_a_throttled_inline_query_says_so_visibly(
    api: FakeBotApi, updates: Updates, make_app: Any, bot_settings: Any
) -> None:
    application = await limited(make_app, bot_settings, questions=50, browsing=2)
    try:
        for _ in range(3):
            update = updates.inline("安置房")
            await application.process_update(Update.de_json(update, application.bot))
    finally:
        await application.shutdown()
    served, served_too, refused = api.sent("answerInlineQuery")
    assert served["results"]
    assert served_too["results"]
    assert refused["button"]["text"] == INLINE_THROTTLED
    assert "稍后再试" in refused["button"]["text"]


async def test_an_english_question_gets_a_bilingual_hint(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    await feed(updates.message("Who is the district mayor?"))
    visible = html_ok(api.sent()[0]["text"])
    assert "请用中文提问" in visible
    assert "Please ask in Chinese" in visible
    assert "陈红民最近开了哪些会" in visible


async def test_captions_of_photos_and_documents_are_questions(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.message(None, photo=PHOTO, caption="霹雳行动是什么"))
    await feed(updates.message(None, document=DOCUMENT, caption="安置房建设"))
    photo, document = api.sent()
    assert "霹雳" in photo["text"]
    assert "安置房" in document["text"]
    await feed(updates.message(None, photo=PHOTO))  # no caption: still only text is understood
    assert "文字" in api.sent()[-1]["text"]


async def test_an_edited_question_edits_the_earlier_answer(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    asked = updates.message("霹雳行动是什么")
    await feed(asked)
    (answer,) = api.sent()
    body = asked["message"] | {"text": "安置房建设", "edit_date": 2}
    await feed({"update_id": 9000, "edited_message": body})
    (edit,) = api.sent("editMessageText")
    assert len(api.sent()) == 1, "no second reply"
    assert edit["text"].startswith("🔎 安置房建设")
    assert edit["message_id"] == "1"  # the id the fake API gave the bot's first reply
    assert answer["text"].startswith("🔎 霹雳行动是什么")


async def test_an_edit_of_an_unanswered_message_gets_a_fresh_reply(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    body = updates.message("安置房建设")["message"] | {"edit_date": 2}
    await feed({"update_id": 9001, "edited_message": body})
    assert api.sent()[0]["text"].startswith("🔎 安置房建设")
    assert api.sent("editMessageText") == []


async def test_in_a_group_an_edit_is_answered_only_when_addressed_and_not_chatter(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    chatter = updates.group("今天中午吃什么")["message"] | {"edit_date": 2}
    await feed({"update_id": 9002, "edited_message": chatter})
    thanks = updates.reply_to_bot("谢谢")["message"] | {"edit_date": 2}
    await feed({"update_id": 9003, "edited_message": thanks})
    assert api.methods() == []
    asked = updates.reply_to_bot("安置房建设")["message"] | {"edit_date": 2}
    await feed({"update_id": 9004, "edited_message": asked})
    assert api.sent()[0]["text"].startswith("🔎 安置房建设")
