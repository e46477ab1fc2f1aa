"""Live reload (issue 7): pages ingested while the bot runs are answered without a restart."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bot.app import post_init
from bot.settings import Settings
from bot.state import application_state
from retrieval.engine import Engine
from retrieval.pages import parse
from retrieval.pages.corpus import ingest_pages
from tests.bot.conftest import TOKEN, FakeBotApi, Updates

NEW_PAGE = (
    "二七区冰雪运动嘉年华开幕\n\n本报讯 12月3日,二七区首届冰雪运动嘉年华在樱桃沟景区开幕,"
    "三千名市民参加滑雪体验。记者 景静\n"
)
NEW_QUESTION = "冰雪运动嘉年华在哪里开幕"
NEW_FACT = "樱桃沟"  # only in the new page's text, never in the question
OLD_QUESTION = "陈红民最近开了哪些会"


@pytest.fixture
def engine(corpus_copy: Path, tmp_path: Path) -> Engine:
    """Override: an engine over a writable copy of the seeds, so pages can be added."""
    return Engine.open(corpus_copy, tmp_path / "cache")


@pytest.fixture
def bot_settings(api: FakeBotApi, corpus_copy: Path, tmp_path: Path) -> Settings:
    """Override: the copy's folder and cache, and a watcher that polls almost continuously."""
    return Settings(
        token=SecretStr(TOKEN),
        api_base_url=api.base_url,
        http_timeout=1.0,
        user_rate_limit=0,
        corpus_dir=corpus_copy,
        cache_dir=tmp_path / "cache",
        reload_interval=0.01,
        _env_file=None,  # type: ignore[call-arg]
    )


def ingest_new_page(corpus: Path, outside: Path) -> None:
    """Add the page about a topic the seeds never mention, as `newsbot ingest` would."""
    outside.mkdir(exist_ok=True)
    page = outside / "005_ice.txt"
    page.write_text(NEW_PAGE, encoding="utf-8")
    ingest_pages([page], corpus)


def replace_file(path: Path, data: bytes) -> None:
    """Replace a file in one step, so the watcher never reads it half-written."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait (bounded) for the background watcher to reach a state; fail saying which."""
    for _ in range(6000):  # 30 s at most; a rebuild of the seeds takes well under 1 s
        if condition():
            return
        await asyncio.sleep(0.005)
    pytest.fail(f"the watcher never got there: {what}")


async def reply_to(question: str, feed: Any, api: FakeBotApi, updates: Updates, html: Any) -> str:
    """Ask one question and return the visible text of the bot's reply."""
    before = len(api.sent())
    await feed(updates.message(question))
    return "\n".join(html(params["text"]) for params in api.sent()[before:])


async def test_ingested_page_is_answered_without_a_restart(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, corpus_copy: Path,
    tmp_path: Path,
) -> None:  # fmt: skip
    await post_init(app)
    old = application_state(app).engine
    try:
        assert NEW_FACT not in await reply_to(NEW_QUESTION, feed, api, updates, html_ok)
        ingest_new_page(corpus_copy, tmp_path / "incoming")
        await until(lambda: application_state(app).engine is not old, "new engine served")
        reply = await reply_to(NEW_QUESTION, feed, api, updates, html_ok)
    finally:
        await app.post_shutdown(app)
    assert NEW_FACT in reply
    assert "二七区冰雪运动嘉年华开幕" in reply
    assert "陈红民" in await reply_to(OLD_QUESTION, feed, api, updates, html_ok)


async def test_questions_during_the_rebuild_are_answered_from_the_old_index(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, corpus_copy: Path,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    entered, release = threading.Event(), threading.Event()
    real_open = Engine.open

    def held_open(cls: type[Engine], *args: Any, **kwargs: Any) -> Engine:
        entered.set()
        release.wait(30)  # bounded, so a failing test never leaves a thread behind for good
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Engine, "open", classmethod(held_open))
    await post_init(app)
    old = application_state(app).engine
    try:
        ingest_new_page(corpus_copy, tmp_path / "incoming")
        await until(entered.is_set, "rebuild started")
        during_new = await reply_to(NEW_QUESTION, feed, api, updates, html_ok)
        during_old = await reply_to(OLD_QUESTION, feed, api, updates, html_ok)
        assert application_state(app).engine is old
        release.set()
        await until(lambda: application_state(app).engine is not old, "new engine served")
    finally:
        release.set()
        await app.post_shutdown(app)
    assert NEW_FACT not in during_new
    assert "没有在报道中找到" in during_new
    assert "陈红民" in during_old
    assert NEW_FACT in await reply_to(NEW_QUESTION, feed, api, updates, html_ok)


async def test_broken_manifest_keeps_the_old_index_and_names_the_file(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, corpus_copy: Path,
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    manifest = corpus_copy / "manifest.toml"
    good = manifest.read_bytes()
    caplog.set_level(logging.ERROR, logger="bot.reload")
    await post_init(app)
    old = application_state(app).engine
    failures = lambda: [r for r in caplog.records if r.name == "bot.reload"]  # noqa: E731
    try:
        replace_file(manifest, b'[pages."000_b59d7a4146e6a0ea.txt"\nyear = ')
        await until(lambda: bool(failures()), "failure logged")
        assert application_state(app).engine is old
        during = await reply_to(OLD_QUESTION, feed, api, updates, html_ok)
        replace_file(manifest, good)  # fixed: the next poll tries again and succeeds
        ingest_new_page(corpus_copy, tmp_path / "incoming")
        await until(lambda: application_state(app).engine.summary().pages == 6, "page served")
    finally:
        await app.post_shutdown(app)
    (failure,) = failures()  # logged once, not at every poll
    assert str(manifest) in failure.getMessage()
    assert "陈红民" in during
    assert NEW_FACT in await reply_to(NEW_QUESTION, feed, api, updates, html_ok)


async def test_watcher_starts_once_and_is_cancelled_at_shutdown(app: Any) -> None:
    await post_init(app)
    task = application_state(app).watcher
    await post_init(app)  # a second start keeps the one watcher
    assert task is not None
    assert application_state(app).watcher is task
    await app.post_stop(app)
    assert task.cancelled()
    assert application_state(app).watcher is None
    await app.post_shutdown(app)  # stopping twice is harmless


async def test_interval_zero_turns_live_reload_off(
    make_app: Callable[..., Any], bot_settings: Settings
) -> None:
    application = make_app(bot_settings.model_copy(update={"reload_interval": 0.0}))
    await application.initialize()
    try:
        await post_init(application)
        assert application_state(application).watcher is None
    finally:
        await application.shutdown()


def test_reload_interval_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_RELOAD_INTERVAL", "2.5")
    assert Settings(_env_file=None).reload_interval == 2.5  # type: ignore[call-arg]
    monkeypatch.setenv("NEWSBOT_RELOAD_INTERVAL", "-1")
    with pytest.raises(ValueError, match="reload_interval"):
        Settings(_env_file=None)  # type: ignore[call-arg]


async def test_a_page_the_parser_fails_on_never_stops_a_reload(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any, corpus_copy: Path,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    real = parse.parse_page

    def parse_or_crash(text: str, *args: Any, **kwargs: Any) -> Any:
        if "爆炸" in text:  # a stand-in for any parser bug on one odd page
            raise IndexError("list index out of range")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(parse, "parse_page", parse_or_crash)
    await post_init(app)
    old = application_state(app).engine
    try:
        (corpus_copy / "bad.txt").write_text(NEW_PAGE.replace("冰雪", "爆炸"), "utf-8")
        ingest_new_page(corpus_copy, tmp_path / "incoming")
        await until(lambda: application_state(app).engine is not old, "new engine served")
        reply = await reply_to(NEW_QUESTION, feed, api, updates, html_ok)
    finally:
        await app.post_shutdown(app)
    assert NEW_FACT in reply
    assert application_state(app).engine.summary().pages == 6
    assert "bad.txt: cannot be parsed (IndexError: list index out of range)" in caplog.text
