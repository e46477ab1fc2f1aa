"""Long polling that takes from Telegram only what the intake has room for.

getUpdates confirms every update below the ``offset`` it is sent, so an update counts as taken
once a later call passes it. The poller asks for at most the intake's free slots (``limit``)
and does not call again while the intake is full: the rest stays queued at Telegram and comes
back after a restart. On stop, one last call confirms what was answered, and no more.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import TYPE_CHECKING

from telegram.error import InvalidToken, TelegramError

from bot.delivery import describe
from bot.intake import ALLOWED_UPDATES, Intake

if TYPE_CHECKING:
    from telegram import Bot, Update

logger = logging.getLogger(__name__)

MAX_LIMIT = 100  # the most getUpdates returns at once
BATCH_SHARE = 4  # while busy, poll again once a quarter of the backlog is free, not per slot
BACKOFF_S = 0.5  # doubled per failure in a row: 1 s, 2 s, 4 s ... up to MAX_BACKOFF
MAX_BACKOFF = 30.0


class Poller:
    """Feeds an Intake from getUpdates; ``run`` until cancelled, then ``confirm``."""

    def __init__(self, bot: Bot, intake: Intake, *, poll_timeout: float = 10.0) -> None:
        self.bot = bot
        self.intake = intake
        self.poll_timeout = poll_timeout
        self.offset: int | None = None  # the next update to ask for
        self.confirmed: int | None = None  # the highest offset Telegram may have seen
        self.failures = 0

    async def run(self) -> None:
        """Poll until cancelled; a failed poll is logged once and retried with backoff."""
        batch = max(1, self.intake.capacity // BATCH_SHARE)
        while True:
            await self.intake.room(batch)
            try:
                updates = await self._poll(min(MAX_LIMIT, self.intake.free))
            except InvalidToken:
                raise
            except TelegramError as error:
                await self._back_off(error)
                continue
            if self.failures:
                logger.info("getUpdates works again after %d failures", self.failures)
                self.failures = 0
            for update in updates:
                if not self.intake.admit(update):
                    break  # no room after all: never pass an update nobody took
                self.offset = update.update_id + 1

    async def _poll(self, limit: int) -> tuple[Update, ...]:
        self.confirmed = self.offset  # Telegram may act on it even if we stop reading
        return await self.bot.get_updates(
            offset=self.offset,
            limit=limit,
            timeout=dt.timedelta(seconds=self.poll_timeout),
            allowed_updates=ALLOWED_UPDATES,
        )

    async def _back_off(self, error: TelegramError) -> None:
        self.failures += 1
        delay = min(MAX_BACKOFF, BACKOFF_S * 2**self.failures)
        logger.warning("getUpdates failed: %s; retrying in %.1f s", describe(error), delay)
        await asyncio.sleep(delay)

    async def confirm(self, unanswered: list[int]) -> None:
        """Tell Telegram the taken updates are done, except those left unanswered."""
        target = min([*unanswered, self.offset]) if self.offset is not None else None
        lost = [i for i in unanswered if self.confirmed is not None and i < self.confirmed]
        if lost:
            logger.error("%d taken updates were left unanswered at stop: %s", len(lost), lost)
        # Confirm even when the last poll asked for this same offset: it may have been cancelled
        # before its request left, and then Telegram never saw it (and would resend).
        if target is None or (self.confirmed is not None and target < self.confirmed):
            return
        try:
            await self.bot.get_updates(offset=target, limit=1, timeout=dt.timedelta(0))
        except TelegramError as error:
            logger.warning(
                "could not confirm the last updates answered: %s; "
                "Telegram will send them again after a restart",
                describe(error),
            )
