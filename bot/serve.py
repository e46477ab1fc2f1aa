"""Run the Application: take updates into a bounded intake; on SIGTERM/SIGINT stop in time.

The stop, all within ``settings.stop_timeout``: stop taking updates at once (cancel the long
poll, or close the webhook port), let the taken ones finish, confirm to Telegram what was
answered, stop the Application and exit 0. PTB's run_polling/run_webhook would instead take
updates without bound and wait for all of them however long that takes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, NoReturn

from bot.intake import ALLOWED_UPDATES, Intake
from bot.polling import Poller
from bot.webhook import WebhookServer

if TYPE_CHECKING:
    from bot.settings import Settings

logger = logging.getLogger(__name__)

DRAIN = 0.7  # of stop_timeout, for answering the updates taken
EXIT_MARGIN = 0.1  # of stop_timeout, for leaving the process; confirming and PTB get the rest
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Source:
    """Where updates come from: long polling, or a webhook when options are given."""

    def __init__(self, application: Any, intake: Intake, webhook: dict[str, Any] | None) -> None:
        self.bot, self.intake, self.webhook = application.bot, intake, webhook
        self.poller = Poller(self.bot, intake)
        self.task: asyncio.Task[None] | None = None
        self.server: WebhookServer | None = None

    async def open(self) -> None:
        """Start taking updates."""
        if self.webhook is None:
            await self.bot.delete_webhook()  # getUpdates is refused while a webhook is set
            self.task = asyncio.create_task(self.poller.run(), name="newsbot-poller")
            return
        options = self.webhook
        self.server = WebhookServer(self.bot, self.intake, options["secret_token"],
                                    options["url_path"])  # fmt: skip
        self.server.start(options["listen"], options["port"])
        await self.bot.set_webhook(
            url=options["webhook_url"],
            secret_token=options["secret_token"],
            allowed_updates=ALLOWED_UPDATES,
            max_connections=min(100, self.intake.capacity),
        )

    async def close(self) -> None:
        """Take nothing more, at once."""
        self.intake.close()
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        if self.server is not None:
            await self.server.stop()

    async def finish(self, unanswered: list[int]) -> None:
        """Confirm to Telegram what was answered (polling; a webhook confirmed with 200)."""
        if self.webhook is None:
            await self.poller.confirm(unanswered)
        elif unanswered:
            logger.error("%d taken updates were left unanswered at stop", len(unanswered))


def run_until_stopped(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run the bot on a fresh loop; at the end, never wait for worker threads (a rebuild)."""
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(coroutine)
    finally:
        loop.close()  # shuts the thread pool down without waiting, unlike asyncio.run


def leave(code: int) -> NoReturn:
    """Exit now: flush logs and streams, but skip freeing the index and joining threads.

    Tearing down the interpreter frees millions of small objects (a second or more on a busy
    machine) and waits for a running index rebuild; both would eat into the grace period. The
    rebuild's cache file is written atomically, so dropping it leaves nothing half-written.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


async def serve(application: Any, settings: Settings, webhook: dict[str, Any] | None) -> None:
    """Answer updates until SIGTERM or SIGINT, then stop within settings.stop_timeout."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    try:
        async with application:  # initialize() now, shutdown() at the end
            if application.post_init:
                await application.post_init(application)
            await _run(application, settings, webhook, stop)
        if application.post_shutdown:
            await application.post_shutdown(application)
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)


async def _run(
    application: Any, settings: Settings, webhook: dict[str, Any] | None, stop: asyncio.Event
) -> None:
    intake = Intake(application.process_update, settings.backlog)
    source = Source(application, intake, webhook)
    await application.start()
    try:
        await source.open()
        await _until(stop, source.task)
    finally:
        started = time.monotonic()
        logger.info("stopping: answering the %d updates taken", len(intake.tasks))
        await source.close()
        unanswered = await intake.drain(started + settings.stop_timeout * DRAIN - time.monotonic())
        end = started + settings.stop_timeout * (1 - EXIT_MARGIN)
        try:
            await asyncio.wait_for(source.finish(unanswered), end - time.monotonic())
        except TimeoutError:
            logger.warning("no time left to confirm the answered updates; Telegram resends them")
        await _stop_application(application, end)
    if source.task is not None and not source.task.cancelled() and source.task.exception():
        raise source.task.exception()  # type: ignore[misc]  # e.g. the token was revoked


async def _until(stop: asyncio.Event, task: asyncio.Task[None] | None) -> None:
    """Return on a stop signal or when the poller ends (it only ends by failing)."""
    waiter = asyncio.create_task(stop.wait())
    await asyncio.wait([waiter, *([task] if task else [])], return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    logger.info("stop requested" if stop.is_set() else "polling ended")


async def _stop_application(application: Any, end: float) -> None:
    """Stop PTB (jobs, tasks it created) and run post_stop, giving up at monotonic time end."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(application.stop(), max(0.0, end - time.monotonic()))
    if application.post_stop:
        with contextlib.suppress(TimeoutError):
            left = max(0.0, end - time.monotonic())
            await asyncio.wait_for(application.post_stop(application), left)
