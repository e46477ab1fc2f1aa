"""Soak: thousands of mixed updates through the real Application; 0 errors, flat memory.

CI runs a short soak (SOAK_UPDATES, default 1000). The long one, for the closing figures:

    SOAK_UPDATES=10000 SOAK_TRACEMALLOC=1 .venv/bin/pytest tests/bot/test_soak.py -s

It prints updates/s, p50/p99 latency per update, errors, and growth after the first round of
live Python objects (always) and of traced bytes (with SOAK_TRACEMALLOC=1, ~4x slower).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import random
import statistics
import time
import tracemalloc
from typing import Any

from telegram import Update

from bot.settings import Settings
from tests.bot.conftest import BOT_USERNAME, USER, FakeBotApi, Updates

IN_FLIGHT = 16  # updates processed at once, like a busy deployment
USERS = 40  # distinct users: PTB keeps a (small) dict per user, so this bounds its growth
QUESTIONS = ("安置房建设", "陈红民开了哪些会", "二七区人才工作", "防汛", "疫情防控", "企业复工复产")
JUNK = ("", "   ", "😀😀", "<b>&*_", "\u200b", "安置房" * 1700, "/latest -3", "/latest abc")


def mixed_update(updates: Updates, rng: random.Random, article_ids: list[str]) -> dict[str, Any]:
    """One update drawn from the mix a public bot sees."""
    roll, question = rng.random(), rng.choice(QUESTIONS)
    user = USER | {"id": 1000 + rng.randrange(USERS)}
    if roll < 0.30:
        update = updates.message(question)
    elif roll < 0.40:
        update = updates.message(f"/latest {rng.randint(-5, 30)}")
    elif roll < 0.50:
        update = updates.group(f"/ask@{BOT_USERNAME} {question}")
    elif roll < 0.58:
        update = updates.group("大家中午好")  # chatter: ignored
    elif roll < 0.72:
        return updates.inline(question if rng.random() < 0.8 else "", rng.choice(["", "10"]))
    elif roll < 0.82:
        data = f"a:{rng.choice(article_ids)}" if rng.random() < 0.7 else "m:5:forgedforged"
        return updates.callback(data, f"🔎 {question}")
    else:
        update = updates.message(rng.choice(JUNK))
    update["message"]["from"] = user
    return update


class ErrorCounter(logging.Handler):
    """Counts ERROR records from the bot and from PTB."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def soak(app: Any, api: FakeBotApi, total: int, article_ids: list[str]) -> dict[str, float]:
    """Feed `total` updates in 5 rounds; return throughput, latency, errors, memory growth."""
    rng, updates, gate = random.Random(7), Updates(), asyncio.Semaphore(IN_FLIGHT)
    latencies: list[float] = []
    memory: list[int] = []
    objects: list[int] = []

    async def one(payload: dict[str, Any]) -> None:
        async with gate:
            start = time.perf_counter()
            await app.process_update(Update.de_json(payload, app.bot))
            latencies.append(time.perf_counter() - start)

    started = time.perf_counter()
    for _ in range(5):
        batch = [mixed_update(updates, rng, article_ids) for _ in range(total // 5)]
        await asyncio.gather(*(one(payload) for payload in batch))
        api.calls.clear()  # the fake's own record, not the bot's memory
        gc.collect()
        objects.append(len(gc.get_objects()))
        memory.append(tracemalloc.get_traced_memory()[0])
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "updates_per_s": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "object_growth": objects[-1] - objects[1],  # after round 1: caches are warm
        "traced_growth_kib": (memory[-1] - memory[1]) / 1024,
    }


async def test_soak_mixed_updates_no_errors_flat_memory(
    api: FakeBotApi, bot_settings: Settings, make_app: Any, engine: Any
) -> None:
    total = int(os.environ.get("SOAK_UPDATES", "1000"))
    app = make_app(bot_settings, flood_limit=False)  # Telegram's flood limits are not under test
    counter = ErrorCounter()
    logging.getLogger().addHandler(counter)
    await app.initialize()
    if os.environ.get("SOAK_TRACEMALLOC") == "1":
        tracemalloc.start()
    try:
        ids = [a.article_id for a in engine.latest(50)]
        figures = await soak(app, api, total, ids)
    finally:
        tracemalloc.stop()
        logging.getLogger().removeHandler(counter)
        await app.shutdown()
    print(f"\nsoak: {total} updates, errors {counter.count}, " + ", ".join(
        f"{k} {v:.1f}" for k, v in figures.items()))  # fmt: skip
    assert counter.count == 0
    state = app.bot_data["newsbot"]
    assert len(state.questions) <= state.questions.capacity
    assert figures["object_growth"] < 2000, figures  # flat: bounded caches, nothing retained
    assert figures["traced_growth_kib"] < 2048, figures
