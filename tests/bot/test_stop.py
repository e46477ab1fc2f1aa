"""SIGTERM in a 1,000-question burst: the real `newsbot run` exits in time and loses nothing.

Prints the closing figures of issue 14 (run with -s to see them): exit time after SIGTERM,
questions answered after the restart, duplicates and updates/s.
"""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from tests.bot.conftest import USER, FakeBotApi, Updates

ROOT = Path(__file__).resolve().parent.parent.parent
BURST = 1000
USERS = 50
QUESTION = "安置房建设工作专题会是哪天开的"


class Bot:
    """`newsbot run` in a child process, pointed at the fake Bot API."""

    def __init__(self, api: FakeBotApi, cache_dir: Path, log: Path, **env: str) -> None:
        self.env = os.environ | {
            "NEWSBOT_TOKEN": "123456789:AAH-fake_token_for_tests_0123456789abc",
            "NEWSBOT_API_BASE_URL": api.base_url,
            "NEWSBOT_CACHE_DIR": str(cache_dir),
            "NEWSBOT_USER_RATE_LIMIT": "0",
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Start the bot; its log goes to a file so a full pipe never blocks it."""
        code = "from bot.cli import main; raise SystemExit(main(['run']))"
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-c", code, env=self.env, cwd=ROOT, stdout=log, stderr=log
            )

    async def terminate(self) -> tuple[int, float]:
        """Send SIGTERM; return the exit status and the seconds until exit."""
        assert self.process is not None
        started = time.perf_counter()
        self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), 60)
        return code, time.perf_counter() - started


def burst(updates: Updates) -> list[dict[str, Any]]:
    """One question per chat (so replies count per question) from USERS users."""
    out = []
    for i in range(BURST):
        chat = {"id": 100_000 + i, "type": "private", "first_name": "读者"}
        update = updates.message(QUESTION, chat)
        update["message"]["from"] = USER | {"id": 5000 + i % USERS}
        out.append(update)
    return out


def replies_per_chat(api: FakeBotApi) -> collections.Counter[int]:
    """How many messages each burst chat received."""
    return collections.Counter(int(p["chat_id"]) for p in api.sent() if int(p["chat_id"]) >= 1e5)


async def wait_for(condition: Any, seconds: float) -> None:
    """Poll condition() until true or the time is up."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)


async def test_sigterm_in_a_burst_exits_in_time_and_every_question_is_answered_once(
    api: FakeBotApi, updates: Updates, feed: Any, session_cache_dir: Path, tmp_path: Path
) -> None:
    await feed(updates.message(QUESTION))  # one answer, in process: how many messages it takes
    per_answer = len(api.sent())
    api.calls.clear()
    payloads = burst(updates)
    api.pending.extend(payloads)
    api.latency["sendMessage"] = 0.005
    log = tmp_path / "bot.log"

    # Telegram's flood rate (30/s) and a small backlog: the stop has real work to finish.
    first = Bot(api, session_cache_dir, log, NEWSBOT_STOP_TIMEOUT="4", NEWSBOT_BACKLOG="40")
    await first.start()
    await wait_for(lambda: len(api.sent()) >= 50, 60)
    code, exit_s = await first.terminate()
    assert code == 0, log.read_text()
    assert exit_s < 4.0, f"exit took {exit_s:.1f} s"
    answered_before = replies_per_chat(api)
    acknowledged = [u["message"]["chat"]["id"] for u in payloads if u["update_id"] < api.confirmed]
    assert all(answered_before[chat] == per_answer for chat in acknowledged)
    assert len(api.pending) == BURST - len(acknowledged)  # the rest wait at "Telegram"

    # After a restart (flood limit raised so the test stays short) the rest is answered.
    second = Bot(api, session_cache_dir, log, NEWSBOT_SEND_RATE="2000", NEWSBOT_BACKLOG="100")
    await second.start()
    await wait_for(lambda: len(replies_per_chat(api)) > len(answered_before), 60)
    serving, already = time.perf_counter(), len(replies_per_chat(api))
    await wait_for(lambda: len(replies_per_chat(api)) == BURST, 120)
    rate = (BURST - already) / (time.perf_counter() - serving)
    code, _ = await second.terminate()
    assert code == 0, log.read_text()

    counts = replies_per_chat(api)
    duplicates = sum(n // per_answer - 1 for n in counts.values())
    print(
        f"\nstop: exit {exit_s:.2f} s after SIGTERM; answered before {len(answered_before)}, "
        f"after restart {len(counts)}/{BURST}, duplicates {duplicates}, "
        f"{rate:.0f} updates/s after restart"
    )
    assert len(counts) == BURST
    assert set(counts.values()) == {per_answer}, "a question was answered twice or partly"
    assert "123456789:AAH" not in log.read_text()
