"""Bounded intake: the updates taken from Telegram and not answered yet, never more than fit.

Polling and the webhook both hand updates to one ``Intake``. It runs each as its own task and
refuses more than ``capacity`` at once, so whatever the bot has taken it can answer within the
stop timeout; what it refuses stays with Telegram (polling: the offset does not pass it;
webhook: an error status makes Telegram send it again later).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import Update

logger = logging.getLogger(__name__)

# The update kinds the registered handlers read (bot/app.py's register); Telegram sends no
# others, so reactions, business messages and the like cost neither a fetch nor a slot.
ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "inline_query")

Process = Callable[[Update], Awaitable[None]]
WORKERS = 16  # updates answered at once; more only make httpx's connection pool thrash


class Intake:
    """Holds at most ``capacity`` taken updates; answers up to ``workers`` of them at once."""

    def __init__(self, process: Process, capacity: int, workers: int = WORKERS) -> None:
        self.process = process
        self.capacity = capacity
        self._workers = asyncio.Semaphore(workers)
        self.tasks: dict[int, asyncio.Task[None]] = {}
        self.closed = False
        self.taken = 0
        self._room = asyncio.Event()

    @property
    def free(self) -> int:
        """How many more updates may be taken now (0 once closed)."""
        return 0 if self.closed else self.capacity - len(self.tasks)

    def admit(self, update: Update) -> bool:
        """Start answering update if there is room; False means leave it with Telegram."""
        if update.update_id in self.tasks:  # sent again while still being answered
            return True
        if self.free <= 0:
            return False
        self.taken += 1
        task = asyncio.create_task(self._answer(update), name=f"update-{update.update_id}")
        self.tasks[update.update_id] = task
        return True

    async def _answer(self, update: Update) -> None:
        try:
            async with self._workers:
                await self.process(update)
        except Exception:  # process_update routes handler errors itself; this is a last resort
            logger.exception("update %d could not be processed", update.update_id)
        finally:
            del self.tasks[update.update_id]
            self._room.set()

    async def room(self, at_least: int = 1) -> None:
        """Wait until at least this many more updates (or all capacity) may be taken."""
        while self.free < min(at_least, self.capacity) or self.free <= 0:
            self._room.clear()
            await self._room.wait()

    def close(self) -> None:
        """Take nothing more."""
        self.closed = True

    async def drain(self, timeout: float) -> list[int]:
        """Close, let taken updates finish for up to timeout s; cancel and return the rest's ids."""
        self.close()
        if self.tasks:
            await asyncio.wait(list(self.tasks.values()), timeout=max(timeout, 0))
        left = sorted(self.tasks)
        tasks = list(self.tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return left
