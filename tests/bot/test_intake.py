"""Bounded intake: the bot takes from Telegram only what it can answer (issue 14)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from telegram import Update

from bot.app import WEBHOOK_PATH, webhook_options
from bot.intake import ALLOWED_UPDATES, Intake
from bot.polling import Poller
from bot.serve import serve
from bot.settings import Settings
from bot.webhook import SECRET_HEADER, WebhookServer
from tests.bot.conftest import TOKEN, FakeBotApi, Updates


async def until(condition: Any, seconds: float = 10) -> None:
    """Wait until condition() holds; fail after seconds."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not reached in time")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the intake itself ------------------------------------------------------------------


async def test_intake_takes_up_to_capacity_and_drain_returns_what_did_not_finish(
    updates: Updates,
) -> None:
    release = asyncio.Event()
    answered: list[int] = []

    async def process(update: Update) -> None:
        await release.wait()
        answered.append(update.update_id)

    intake = Intake(process, capacity=2)
    first, second, third = (Update.de_json(updates.message("问"), None) for _ in range(3))
    assert intake.admit(first)
    assert intake.admit(second)
    assert not intake.admit(third)  # full: third stays with Telegram
    assert intake.admit(first)  # sent again while in progress: taken once, not twice
    assert intake.taken == 2
    release.set()
    await asyncio.wait_for(intake.room(), 1)
    assert sorted(answered) == [first.update_id, second.update_id]
    release.clear()
    assert intake.admit(third)
    assert await intake.drain(0.05) == [third.update_id]  # cancelled, handed back
    assert not intake.admit(first)  # closed
    assert intake.free == 0


# --- polling ----------------------------------------------------------------------------


async def test_polling_takes_no_more_than_the_backlog_and_confirms_only_what_was_taken(
    app: Any, api: FakeBotApi, updates: Updates
) -> None:
    payloads = [updates.message("/latest 1") for _ in range(10)]
    api.pending.extend(payloads)
    api.latency["sendMessage"] = 0.5
    intake = Intake(app.process_update, capacity=4)
    poller = Poller(app.bot, intake, poll_timeout=0.1)
    task = asyncio.create_task(poller.run())
    await until(lambda: intake.taken == 4)
    polls = len(api.sent("getUpdates"))
    await asyncio.sleep(0.2)
    assert len(api.sent("getUpdates")) == polls  # full: no getUpdates at all
    task.cancel()
    assert await intake.drain(5) == []
    await poller.confirm([])
    first = api.sent("getUpdates")[0]
    assert int(first["limit"]) == 4
    assert first["allowed_updates"] == list(ALLOWED_UPDATES)
    taken = [p["update_id"] for p in payloads[:4]]
    assert api.confirmed == taken[-1] + 1  # the four answered are confirmed ...
    assert [u["update_id"] for u in api.pending] == [p["update_id"] for p in payloads[4:]]
    assert len(api.sent()) == 4  # ... and answered; the other six wait at "Telegram"


async def test_updates_unanswered_at_stop_are_handed_back_to_telegram(
    app: Any, api: FakeBotApi, updates: Updates
) -> None:
    api.pending.extend(updates.message("/latest 1") for _ in range(6))
    api.latency["sendMessage"] = 5.0  # Telegram hangs: nothing can be answered in time
    intake = Intake(app.process_update, capacity=3)
    poller = Poller(app.bot, intake, poll_timeout=0.1)
    task = asyncio.create_task(poller.run())
    await until(lambda: intake.taken == 3)
    task.cancel()
    unanswered = await intake.drain(0.1)
    await poller.confirm(unanswered)
    assert len(unanswered) == 3
    assert len(api.pending) == 6  # all redelivered after a restart, none lost
    assert api.confirmed == min(unanswered)


async def test_poll_failures_are_logged_once_each_in_plain_words(
    app: Any, api: FakeBotApi, updates: Updates, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api.faults["getUpdates"] = [502, 500]
    api.pending.append(updates.message("/latest 1"))
    intake = Intake(app.process_update, capacity=4)
    task = asyncio.create_task(Poller(app.bot, intake, poll_timeout=0.1).run())
    await until(lambda: len(api.sent()) == 1)
    task.cancel()
    await intake.drain(1)
    failed = [r.getMessage() for r in caplog.records if "getUpdates failed" in r.getMessage()]
    assert [line.split(";")[0] for line in failed] == [
        "getUpdates failed: Bad Gateway",
        "getUpdates failed: Internal Server Error",
    ]
    assert "NoneType" not in caplog.text
    assert TOKEN not in caplog.text


# --- the update kinds asked for ---------------------------------------------------------


def test_allowed_updates_are_exactly_the_kinds_some_handler_takes(
    app: Any, updates: Updates
) -> None:
    handlers = [h for group in app.handlers.values() for h in group]
    message = updates.message("安置房")
    samples = {
        "message": message,
        "edited_message": {**message, "edited_message": message["message"]},
        "channel_post": {**message, "channel_post": message["message"]},
        "callback_query": updates.callback("a:x"),
        "inline_query": updates.inline("安置房"),
    }
    for kind, sample in samples.items():
        body = {key: value for key, value in sample.items() if key in ("update_id", kind)}
        taken = any(h.check_update(Update.de_json(body, app.bot)) for h in handlers)
        assert taken == (kind in ALLOWED_UPDATES), kind


# --- the webhook ------------------------------------------------------------------------


async def test_webhook_answers_503_when_the_backlog_is_full(app: Any, updates: Updates) -> None:
    release = asyncio.Event()

    async def process(update: Update) -> None:
        await release.wait()

    intake, port = Intake(process, capacity=1), free_port()
    server = WebhookServer(app.bot, intake, "s3cret", WEBHOOK_PATH)
    server.start("127.0.0.1", port)
    url = f"http://127.0.0.1:{port}/{WEBHOOK_PATH}"
    ok = {SECRET_HEADER: "s3cret"}
    try:
        async with httpx.AsyncClient() as client:
            taken = await client.post(url, json=updates.message("一"), headers=ok)
            full = await client.post(url, json=updates.message("二"), headers=ok)
            wrong = {SECRET_HEADER: "x"}
            forged = await client.post(url, json=updates.message("三"), headers=wrong)
            bare = await client.post(url, json=updates.message("四"))
            junk = await client.post(url, content=b"{not json", headers=ok)
            release.set()
            await until(lambda: intake.free == 1)
            later = await client.post(url, json=updates.message("二"), headers=ok)
    finally:
        await server.stop()
    statuses = [r.status_code for r in (taken, full, forged, bare, junk, later)]
    assert statuses == [200, 503, 403, 403, 400, 200]
    assert full.headers["Retry-After"] == "1"


async def test_webhook_mode_serves_and_stops_on_sigterm(
    make_app: Any, api: FakeBotApi, bot_settings: Settings, updates: Updates
) -> None:
    port = free_port()
    settings = bot_settings.model_copy(
        update={"webhook_url": "https://bot.example.org/", "webhook_listen": "127.0.0.1",
                "webhook_port": port, "webhook_secret": SecretStr("s3cret"), "stop_timeout": 3}
    )  # fmt: skip
    running = asyncio.create_task(serve(make_app(settings), settings, webhook_options(settings)))
    await until(lambda: api.sent("setWebhook"))
    (hook,) = api.sent("setWebhook")
    assert hook["allowed_updates"] == list(ALLOWED_UPDATES)
    assert hook["url"] == f"https://bot.example.org/{WEBHOOK_PATH}"
    url = f"http://127.0.0.1:{port}/{WEBHOOK_PATH}"
    async with httpx.AsyncClient() as client:
        reply = await client.post(url, json=updates.message("/latest 1"),
                                  headers={SECRET_HEADER: "s3cret"})  # fmt: skip
    assert reply.status_code == 200
    await until(api.sent)
    os.kill(os.getpid(), signal.SIGTERM)  # serve's handler catches it, not pytest
    await asyncio.wait_for(running, settings.stop_timeout)
    with pytest.raises(httpx.ConnectError):  # the port is closed: Telegram keeps the rest
        async with httpx.AsyncClient() as client:
            await client.post(url, json=updates.message("/latest 1"))
