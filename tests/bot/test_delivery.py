"""Replies that survive a hiccup: what is resent, how often, and what the log says (issue 14)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from telegram import Bot
from telegram.error import NetworkError

from bot.delivery import RetryingRequest
from tests.bot.conftest import DROP, TOKEN, FakeBotApi, Updates
from tests.bot.test_intake import free_port


def warnings_from(caplog: pytest.LogCaptureFixture, name: str) -> list[str]:
    """The WARNING-or-worse lines one logger wrote."""
    return [r.getMessage() for r in caplog.records if r.name == name and r.levelno >= 30]


async def test_a_send_that_fails_twice_then_succeeds_is_delivered(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api.faults["sendMessage"] = [502, 500]
    await feed(updates.message("/latest 1"))
    first, second, third = api.sent()
    assert first == second == third  # the same reply, resent until Telegram took it
    assert [line.split(";")[0] for line in warnings_from(caplog, "bot.delivery")] == [
        "sendMessage failed: Bad Gateway (502)",
        "sendMessage failed: Internal Server Error (500)",
    ]
    assert not warnings_from(caplog, "bot.handlers")  # delivered: no failure to report
    assert TOKEN not in caplog.text


async def test_a_send_that_keeps_failing_gives_up_after_the_retries_with_one_line(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, caplog: pytest.LogCaptureFixture
) -> None:
    retries = app.bot.request.retries
    api.faults["sendMessage"] = [502] * (retries + 2)
    await feed(updates.message("/latest 1"))
    assert len(api.sent()) == retries + 1
    (line,) = warnings_from(caplog, "bot.handlers")
    assert "sendMessage failed: Bad Gateway (502)" in line


async def test_client_errors_are_not_resent(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    api.faults["sendMessage"] = [403]
    await feed(updates.message("/latest 1"))
    assert len(api.sent()) == 1


async def test_a_dropped_connection_is_resent_once(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, caplog: pytest.LogCaptureFixture
) -> None:
    api.faults["sendMessage"] = [DROP]
    await feed(updates.message("/latest 1"))
    assert len(api.sent()) == 2  # the drop, then the reply that arrived
    assert "connection closed without an answer" in warnings_from(caplog, "bot.delivery")[0]
    assert not warnings_from(caplog, "bot.handlers")


async def test_maybe_delivered_is_resent_at_most_once(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, caplog: pytest.LogCaptureFixture
) -> None:
    api.faults["sendMessage"] = [DROP, DROP, DROP]
    await feed(updates.message("/latest 1"))
    assert len(api.sent()) == 2  # one resend, then give up: never a string of duplicates
    (line,) = warnings_from(caplog, "bot.handlers")
    assert "sendMessage failed: connection closed without an answer" in line


async def test_a_read_timeout_is_resent_once_and_may_duplicate(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    api.faults["sendMessage"] = [2.0]  # longer than http_timeout=1: Telegram did get it
    await feed(updates.message("/latest 1"))
    late, resent = api.sent()
    assert late == resent  # the documented rule: a duplicate rather than a lost answer


async def test_connection_refused_is_resent_until_telegram_is_back() -> None:
    port = free_port()
    api = FakeBotApi()
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot",
              request=RetryingRequest(retries=5, backoff=0.1))  # fmt: skip
    later = asyncio.get_running_loop().call_later(0.15, api.start, port)
    try:
        async with bot:  # getMe: refused at first, answered once the server is up
            await bot.send_message(1, "你好")
    finally:
        later.cancel()
        if api.server is not None:
            api.server.stop()
    assert api.methods() == ["sendMessage"]
    assert len([c for c in api.calls if c.method == "getMe"]) == 1


async def test_connection_refused_for_good_ends_in_a_plain_error() -> None:
    request = RetryingRequest(retries=2, backoff=0.01)
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{free_port()}/bot", request=request)
    with pytest.raises(NetworkError, match="getMe failed: cannot connect") as raised:
        async with bot:
            pass
    assert TOKEN not in str(raised.value)
