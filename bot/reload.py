"""Live reload: poll the corpus folder, rebuild in a worker thread, swap the engine in one step.

Handlers read ``state.engine`` once per request, so a question asked while a rebuild runs is
answered from the old engine, and the next one from the new.  A rebuild that fails (bad
manifest, no article left, unreadable files) is logged with the file at fault and the old
engine keeps serving; a single page that cannot be read or parsed is skipped (named in the
log) and the rest is served.  PTB's JobQueue is not installed, so the watcher is a plain
asyncio task started in post_init and cancelled in post_stop/post_shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import Application

from bot import pushes
from bot.state import BotState, application_state
from retrieval.errors import NewsbotError
from retrieval.refresh import Refresher

logger = logging.getLogger(__name__)


async def reload_if_changed(state: BotState) -> bool:
    """Rebuild the engine when the corpus folder changed; return whether a new one is served."""
    if state.refresher is None:
        return False
    try:
        fresh = await asyncio.to_thread(state.refresher.refresh)
    except (NewsbotError, OSError) as error:
        logger.error("corpus reload failed, still serving the previous index: %s", error)
        return False
    if fresh is None:
        return False
    state.engine = fresh  # one assignment: every request sees the old engine or the new one
    summary = fresh.summary()
    skipped = len(fresh.corpus.problems)  # each one was logged, naming its page, as it was read
    logger.info(
        "reloaded the corpus: %d articles from %d pages; %d page problems skipped",
        *(summary.articles, summary.pages, skipped),
    )
    return True


async def watch(
    state: BotState, interval: float, on_reload: Callable[[], Awaitable[Any]] | None = None
) -> None:
    """Check the corpus folder every interval seconds until cancelled; call on_reload after."""
    while True:
        await asyncio.sleep(interval)
        try:
            if await reload_if_changed(state) and on_reload is not None:
                await on_reload()
        except Exception:  # a bug in one rebuild must not end live reload for good
            logger.exception("unexpected error while reloading the corpus; will retry")


async def start_watcher(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Start watching the corpus folder unless NEWSBOT_RELOAD_INTERVAL is 0 (idempotent)."""
    state = application_state(application)
    interval = state.settings.reload_interval
    if interval <= 0 or (state.watcher is not None and not state.watcher.done()):
        return
    if state.refresher is None:  # built without one: take the folder as it is now
        folder, cache = state.engine.corpus.directory, state.settings.cache_dir
        state.refresher = await asyncio.to_thread(Refresher, folder, cache)
    on_reload = functools.partial(pushes.push_new, application)  # new pages → alerts
    state.watcher = asyncio.create_task(watch(state, interval, on_reload), name="newsbot-reload")
    logger.info("watching %s for new pages every %gs", state.refresher.corpus_dir, interval)


async def stop_watcher(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Cancel the watcher and wait for it; a rebuild still running in its thread is dropped."""
    state = application_state(application)
    task, state.watcher = state.watcher, None
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
