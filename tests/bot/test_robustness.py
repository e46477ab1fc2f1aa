"""Bad input, forged buttons and a failing Bot API never crash the bot (issue 7, bot side)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from telegram import Update

from bot.handlers import APOLOGY, NOT_A_QUESTION, NOT_FOUND, STALE_BUTTON, TOO_LONG
from bot.state import question_key
from tests.bot.conftest import TOKEN, USER, FakeBotApi, Updates


async def test_empty_and_whitespace_text_get_a_hint(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    for text in ("   ", "\u200b\u200b", "\t\n"):
        await feed(updates.message(text))
    assert [p["text"] for p in api.sent()] == [NOT_A_QUESTION] * 3


@pytest.mark.parametrize("text", ["😀🎉👍", "？？？！！！", "……", "*_~`"])
async def test_emoji_or_punctuation_only_gets_a_hint(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, text: str
) -> None:
    await feed(updates.message(text))
    assert [p["text"] for p in api.sent()] == [NOT_A_QUESTION]


async def test_a_5000_character_message_is_refused_politely(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.message("安置房" * 1667))
    assert [p["text"] for p in api.sent()] == [TOO_LONG.format(limit=2000)]


async def test_a_long_question_under_the_cap_is_answered(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    # 600 characters: refused by the old 300-character limit, answered under the default.
    question = "我想了解一下安置房建设的情况，" * 40
    await feed(updates.message(question))
    assert TOO_LONG.format(limit=2000) not in [p["text"] for p in api.sent()]
    assert "安置房" in api.sent()[0]["text"]


async def test_the_cap_comes_from_settings(
    api: FakeBotApi, updates: Updates, bot_settings: Any, make_app: Any
) -> None:
    application = make_app(bot_settings.model_copy(update={"max_question_chars": 20}))
    async with application:
        update = Update.de_json(updates.message("安置房" * 7), application.bot)
        await application.process_update(update)
    assert [p["text"] for p in api.sent()] == ["问题太长了，请控制在 20 字以内。"]


async def test_html_in_the_question_is_echoed_escaped(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    await feed(updates.message("<b>安置房</b> & *_ <script>"))
    first = api.sent()[0]["text"]
    assert "&lt;b&gt;安置房&lt;/b&gt; &amp; *_ &lt;script&gt;" in first
    assert "<script>" not in first
    html_ok(first)


async def test_zero_width_and_control_characters_are_dropped(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    await feed(updates.message("安\u200b置\u200d房\x07建设\ufeff"))
    first = api.sent()[0]["text"]
    assert first.startswith("🔎 安置房建设")
    assert not any(ch in first for ch in "\u200b\u200d\x07\ufeff")


async def test_traditional_question_is_answered(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    await feed(updates.message("安置房建設工作專題會"))
    assert api.sent()
    assert all(html_ok(p["text"]) for p in api.sent())


@pytest.mark.parametrize("article_id", ["../../etc/passwd", "nope", "a" * 300, "%s%s{0}"])
async def test_unknown_or_malicious_article_id_is_not_found(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, article_id: str
) -> None:
    await feed(updates.message(f"/article {article_id}"))
    assert [p["text"] for p in api.sent()] == [NOT_FOUND]


async def test_article_command_sends_full_text_in_chunks(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, engine: Any
) -> None:
    longest = max(engine.latest(10_000), key=lambda a: len(a.text))
    await feed(updates.message(f"/article {longest.article_id}"))
    visible = "".join(html_ok(p["text"]) for p in api.sent()).replace("\n", "")
    assert longest.paragraphs[-1] in visible


@pytest.mark.parametrize(
    "data",
    ["a:../../etc/passwd", "a:nope", "m:5:0123456789ab", "m:x:y", "zz", "", "a:" + "x" * 200],
)
async def test_forged_stale_or_overlong_callbacks_get_a_polite_answer(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, data: str
) -> None:
    await feed(updates.callback(data, "🔎 别的问题"))
    (answer,) = api.sent("answerCallbackQuery")
    assert answer["text"] in (STALE_BUTTON, NOT_FOUND)
    assert api.sent() == []


async def test_more_button_with_a_digest_not_matching_the_message_is_refused(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.callback("m:5:0123456789ab", "🔎 安置房"))
    assert api.sent("answerCallbackQuery")[0]["text"] == STALE_BUTTON


async def test_more_button_with_a_non_decimal_digit_offset_is_stale(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.callback(f"m:²:{question_key('安置房')}", "🔎 安置房"))
    assert [a["text"] for a in api.sent("answerCallbackQuery")] == [STALE_BUTTON]


@pytest.mark.parametrize(
    "kind",
    [
        {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "u",
                "type": "regular",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
            }
        },
        {"photo": [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]},
    ],
)
async def test_stickers_and_photos_in_private_get_a_polite_reply(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, kind: dict[str, Any]
) -> None:
    await feed(updates.message(None, **kind))
    (reply,) = api.sent()
    assert "文字" in reply["text"]


async def test_stickers_in_groups_are_ignored(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    photo = [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]
    update = updates.group("x", photo=photo)
    del update["message"]["text"]
    await feed(update)
    assert api.methods() == []


async def test_channel_posts_are_ignored(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    channel = updates.message("安置房", {"id": -100999, "type": "channel", "title": "频道"})
    channel["channel_post"] = channel.pop("message")
    del channel["channel_post"]["from"]
    await feed(channel)
    edited = updates.message("安置房", {"id": -100999, "type": "channel", "title": "频道"})
    edited["edited_channel_post"] = edited.pop("message") | {"edit_date": 1}
    del edited["edited_channel_post"]["from"]
    await feed(edited)
    assert api.methods() == []


async def test_unknown_private_command_points_at_help(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.message("/frobnicate"))
    assert "/help" in api.sent()[0]["text"]


async def test_a_256_character_inline_query_is_answered(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    await feed(updates.inline(("安置房建设" * 52)[:256]))
    (answer,) = api.sent("answerInlineQuery")
    assert len(answer["results"]) <= 50


@pytest.mark.parametrize("offset", ["abc", "-5", "99999999999", "1e9", "²"])
async def test_forged_inline_offsets_are_harmless(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, offset: str
) -> None:
    await feed(updates.inline("安置房", offset))
    (answer,) = api.sent("answerInlineQuery")
    assert len(answer["results"]) <= 50


# --- network faults -----------------------------------------------------------------------


def app_retries(app: Any) -> int:
    """How many times the app resends a request Telegram did not receive."""
    return int(app.bot.request.retries)


@pytest.mark.parametrize("code", [500, 502, 403])
async def test_api_errors_are_logged_not_raised(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, code: int,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    attempts = 1 if code < 500 else 1 + app_retries(app)  # 5xx: every resend fails too
    api.faults["sendMessage"] = [code] * attempts
    await feed(updates.message("/latest"))
    ours = [r for r in caplog.records if r.name == "bot.handlers"]
    assert [r.levelno for r in ours] == [logging.WARNING]
    assert "update" in ours[0].getMessage()
    await feed(updates.message("/latest"))  # the bot keeps working afterwards
    assert len(api.sent()) == attempts + 1
    assert not api.faults["sendMessage"]


async def test_retry_after_is_waited_out_and_retried(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    api.faults["sendMessage"] = [429]
    await feed(updates.message("/latest"))
    first, second = api.sent()
    assert first == second  # the same message, sent again after the wait


async def test_timeouts_are_logged_and_the_bot_goes_on(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, caplog: pytest.LogCaptureFixture
) -> None:
    api.faults["sendMessage"] = [2.0, 2.0]  # longer than http_timeout=1; resent once only
    await feed(updates.message("/latest"))
    assert any("unreachable" in r.getMessage() for r in caplog.records)
    await feed(updates.message("/latest"))
    assert len(api.sent()) == 3


async def test_a_handler_bug_gets_an_apology_and_a_log_line(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    state = app.bot_data["newsbot"]

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("index exploded")

    monkeypatch.setattr(state.engine, "ask", broken)
    await feed(updates.message("安置房"))
    assert api.sent()[-1]["text"] == APOLOGY
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.exc_info
    assert "chat 1001" in record.getMessage()


async def test_the_token_never_reaches_the_logs(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api.faults["sendMessage"] = [500]
    await feed(updates.message("/latest"))
    await feed(updates.message("安置房"))
    await app.bot.get_me()
    assert caplog.records, "debug logging produced nothing to check"
    assert any("<redacted>" in r.getMessage() for r in caplog.records)
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text


# --- access ---------------------------------------------------------------------------------


async def test_allow_list_refuses_strangers_politely(
    api: FakeBotApi, updates: Updates, bot_settings: Any, make_app: Any
) -> None:
    settings = bot_settings.model_copy(update={"allowed_users": frozenset({USER["id"]})})
    application = make_app(settings)
    await application.initialize()
    try:
        stranger = updates.message("/latest")
        stranger["message"]["from"] = USER | {"id": 666}
        stranger["message"]["chat"]["id"] = 666
        for update in (updates.message("/latest"), stranger):
            await application.process_update(_update(update, application))
    finally:
        await application.shutdown()
    allowed, refused = api.sent()
    assert "最新" in allowed["text"]
    assert "授权" in refused["text"]


async def test_per_user_rate_limit_answers_with_a_friendly_message(
    api: FakeBotApi, updates: Updates, bot_settings: Any, make_app: Any
) -> None:
    settings = bot_settings.model_copy(update={"user_rate_limit": 2})
    application = make_app(settings)
    await application.initialize()
    try:
        for _ in range(3):
            await application.process_update(_update(updates.message("/latest"), application))
    finally:
        await application.shutdown()
    texts = [p["text"] for p in api.sent()]
    assert len(texts) == 3
    assert "频繁" in texts[2]
    assert "频繁" not in texts[0]


def _update(data: dict[str, Any], application: Any) -> Any:
    from telegram import Update

    return Update.de_json(data, application.bot)
