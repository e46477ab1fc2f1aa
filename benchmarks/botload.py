"""Measure the bot itself: updates per second through the real handlers against a fake Bot API.

The fake Bot API and the update builders are the ones the bot's tests use
(`tests/bot/conftest.py`); the Application is the real one from `bot.app`, over a real engine.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CONCURRENCY = 16  # updates in flight at once in the concurrent run, like a busy group


def update_mix(updates: Any, questions: Sequence[str], count: int) -> list[dict[str, Any]]:
    """Private questions, group mentions-free inline queries and /latest, in a fixed mix."""
    mix = []
    for i in range(count):
        question = questions[i % len(questions)]
        if i % 10 == 9:
            mix.append(updates.message("/latest 5"))
        elif i % 5 == 4:
            mix.append(updates.inline(question[:6]))
        else:
            mix.append(updates.message(question))
    return mix


async def measure(
    corpus_dir: Path, cache_dir: Path, questions: Sequence[str], count: int
) -> dict[str, Any]:
    """Feed ``count`` updates sequentially, then with CONCURRENCY in flight; report updates/s."""
    from pydantic import SecretStr

    from bot.app import build_application
    from bot.settings import Settings
    from retrieval.engine import Engine
    from tests.bot.conftest import TOKEN, FakeBotApi, Updates

    api = FakeBotApi()
    api.start()
    settings = Settings(  # type: ignore[call-arg]
        token=SecretStr(TOKEN),
        api_base_url=api.base_url,
        http_timeout=10.0,
        user_rate_limit=0,
        _env_file=None,
    )
    app = build_application(settings, Engine.open(corpus_dir, cache_dir), flood_limit=False)
    await app.initialize()
    try:
        updates = Updates()
        await feed(app, update_mix(updates, questions, 20), 1)  # warm-up
        sequential = await feed(app, update_mix(updates, questions, count), 1)
        concurrent = await feed(app, update_mix(updates, questions, count), CONCURRENCY)
    finally:
        await app.shutdown()
        if api.server is not None:
            api.server.stop()
    calls = len(api.calls)
    return {
        "updates": count,
        "sequential_per_s": sequential,
        "concurrent_per_s": concurrent,
        "api_calls": calls,
    }


async def feed(app: Any, payloads: list[dict[str, Any]], in_flight: int) -> float:
    """Process updates as polling would, ``in_flight`` at a time; return updates per second."""
    from telegram import Update  # noqa: TID251 - the bot benchmark drives the real bot

    gate = asyncio.Semaphore(in_flight)

    async def one(payload: dict[str, Any]) -> None:
        async with gate:
            await app.process_update(Update.de_json(payload, app.bot))

    start = time.perf_counter()
    await asyncio.gather(*(one(payload) for payload in payloads))
    return len(payloads) / (time.perf_counter() - start)


def bot_throughput(
    corpus_dir: Path, cache_dir: Path, questions: Sequence[str], count: int
) -> dict[str, Any]:
    """Run the measurement in a fresh event loop."""
    return asyncio.run(measure(corpus_dir, cache_dir, questions, count))
