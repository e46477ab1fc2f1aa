"""Keyword alerts end to end (issue 13): subscribe, `newsbot ingest`, one push, restarts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import AIORateLimiter

from bot import alerts, pushes
from bot.app import build_application, post_init
from bot.cli import main as newsbot
from bot.reload import reload_if_changed
from bot.settings import Settings
from bot.state import application_state
from bot.subscriptions import AlertStore
from retrieval.engine import Engine
from retrieval.refresh import Refresher
from tests.bot.conftest import TOKEN, USER, FakeBotApi, Updates

NEW_PAGE = (
    "二七区冰雪运动嘉年华开幕\n\n本报讯 12月3日,二七区首届冰雪运动嘉年华在樱桃沟景区开幕,"
    "区委书记陈红民出席开幕式,三千名市民参加滑雪体验。记者 景静\n"
)
HEADLINE = "二七区冰雪运动嘉年华开幕"
GROUP = {"id": -100123, "type": "supergroup", "title": "二七"}


@pytest.fixture
def engine(corpus_copy: Path, tmp_path: Path) -> Engine:
    """Override: an engine over a writable copy of the seeds, so pages can be added."""
    return Engine.open(corpus_copy, tmp_path / "cache")


@pytest.fixture
def bot_settings(api: FakeBotApi, corpus_copy: Path, tmp_path: Path) -> Settings:
    """Override: the copy's folder, a private data folder, a watcher polling all the time."""
    return Settings(
        token=SecretStr(TOKEN),
        api_base_url=api.base_url,
        http_timeout=1.0,
        user_rate_limit=0,
        corpus_dir=corpus_copy,
        cache_dir=tmp_path / "cache",
        data_dir=tmp_path / "data",
        reload_interval=0.01,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
async def started(bot_settings: Settings, engine: Engine) -> AsyncIterator[Callable[..., Any]]:
    """Start bots as `newsbot run` would (post_init: menu, catch-up, watcher); stop them all."""
    running: list[Any] = []

    async def start(settings: Settings = bot_settings, opened: Engine = engine) -> Any:
        application = build_application(settings, opened)
        await application.initialize()
        await post_init(application)
        running.append(application)
        return application

    yield start
    for application in running:
        await stop(application)


async def stop(application: Any) -> None:
    """Stop the watcher and the Application (a restart, or the end of the test)."""
    await application.post_shutdown(application)
    await application.shutdown()


async def send(application: Any, update: dict[str, Any]) -> None:
    """Process one update as polling would."""
    await application.process_update(Update.de_json(update, application.bot))


def ingest(corpus: Path, outside: Path) -> None:
    """Add the new page with the CLI, as an editor would."""
    outside.mkdir(exist_ok=True)
    page = outside / "005_ice.txt"
    page.write_text(NEW_PAGE, encoding="utf-8")
    assert newsbot(["--corpus", str(corpus), "ingest", str(page)]) == 0


async def ingest_and_reload(application: Any, corpus: Path, tmp_path: Path) -> None:
    """Ingest the new page and reload once, as the watcher would (no watcher running)."""
    state = application_state(application)
    state.refresher = Refresher(corpus, tmp_path / "cache")
    ingest(corpus, tmp_path / "incoming")
    assert await reload_if_changed(state)


def alerts_sent(api: FakeBotApi) -> list[dict[str, Any]]:
    """The alerts the bot pushed."""
    return [p for p in api.sent() if p["text"].startswith("🔔")]


async def until(condition: Callable[[], bool], what: str) -> None:
    """Wait (bounded) for the background watcher; fail saying what never happened."""
    for _ in range(3000):
        if condition():
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"never happened: {what}")


async def test_a_new_page_is_pushed_once_and_never_again_after_a_restart(
    api: FakeBotApi, updates: Updates, started: Any, corpus_copy: Path, tmp_path: Path,
    html_ok: Any, bot_settings: Settings,
) -> None:  # fmt: skip
    first = await started()
    for keyword in ("冰雪运动", "陈书记"):  # a topic, and a person read as a question would
        await send(first, updates.message(f"/subscribe {keyword}"))
    replies = [p["text"] for p in api.sent()]
    assert replies == [
        "已订阅“冰雪运动”。有新文章提到它时，我会在这里提醒。",
        "已订阅“陈红民”。有新文章提到它时，我会在这里提醒。",
    ]
    old = application_state(first).engine
    ingest(corpus_copy, tmp_path / "incoming")
    await until(lambda: bool(alerts_sent(api)), "the alert was pushed")
    await until(lambda: application_state(first).engine is not old, "new engine")
    assert await pushes.push_new(first) == 0
    (alert,) = alerts_sent(api)  # two subscriptions match, one push per (chat, article)
    visible = html_ok(alert["text"])
    assert alert["chat_id"] == str(USER["id"])
    assert HEADLINE in visible
    assert "2022年12月3日" in visible
    assert "樱桃沟" in visible  # the matching passage
    (button,) = alert["reply_markup"]["inline_keyboard"][0]
    assert button["text"] == "原文"

    await stop(first)  # restart: a new process over the same data folder and corpus
    second = await started(bot_settings, Engine.open(corpus_copy, tmp_path / "cache"))
    await send(second, updates.message("/subscriptions"))
    assert "冰雪运动" in api.sent()[-1]["text"]
    assert await pushes.push_new(second) == 0
    assert len(alerts_sent(api)) == 1


async def test_pages_added_while_the_bot_was_down_are_pushed_at_start(
    api: FakeBotApi, updates: Updates, started: Any, corpus_copy: Path, tmp_path: Path,
    bot_settings: Settings,
) -> None:  # fmt: skip
    first = await started()
    await send(first, updates.message("/subscribe 冰雪运动"))
    await stop(first)
    ingest(corpus_copy, tmp_path / "incoming")
    await started(bot_settings, Engine.open(corpus_copy, tmp_path / "cache"))
    assert [HEADLINE in p["text"] for p in alerts_sent(api)] == [True]


async def test_a_crash_between_recording_and_sending_never_repeats_the_alert(
    api: FakeBotApi, updates: Updates, make_app: Any, bot_settings: Settings,
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    application = make_app(bot_settings.model_copy(update={"reload_interval": 0.0}))
    async with application:
        await send(application, updates.message("/subscribe 冰雪运动"))
        await ingest_and_reload(application, corpus_copy, tmp_path)
        real = pushes.render.render_alert

        def crash(*args: Any, **kwargs: Any) -> str:
            raise RuntimeError("the process dies after recording, before sending")

        monkeypatch.setattr(pushes.render, "render_alert", crash)
        with pytest.raises(RuntimeError):
            await pushes.push_new(application)
        monkeypatch.setattr(pushes.render, "render_alert", real)
        store = AlertStore.open(bot_settings.data_dir)
        engine = application_state(application).engine
        (fresh,) = store.unseen(a.article_id for a in engine.corpus.articles)
        assert engine.article(fresh).title == HEADLINE  # still new: the pass never finished
        assert await pushes.push_new(application) == 0  # the retry finds it claimed
        assert store.unseen([fresh]) == []
    assert alerts_sent(api) == [], "at most once: lost, never repeated"


async def test_a_send_that_fails_for_good_is_not_pushed_again(
    api: FakeBotApi, updates: Updates, make_app: Any, bot_settings: Settings,
    corpus_copy: Path, tmp_path: Path,
) -> None:  # fmt: skip
    # Delivery resends what Telegram certainly did not get (bot/delivery.py); once those
    # resends are spent, the alert is lost, never pushed again by a later pass.
    settings = bot_settings.model_copy(update={"reload_interval": 0.0})
    application = make_app(settings)
    async with application:
        await send(application, updates.message("/subscribe 冰雪运动"))
        await ingest_and_reload(application, corpus_copy, tmp_path)
        api.faults["sendMessage"] = [500] * (settings.send_retries + 1)
        assert await pushes.push_new(application) == 0
        assert await pushes.push_new(application) == 0
    assert len(alerts_sent(api)) == settings.send_retries + 1  # one attempt and its resends


async def test_a_chat_that_blocked_the_bot_is_removed(
    api: FakeBotApi, updates: Updates, make_app: Any, bot_settings: Settings,
    corpus_copy: Path, tmp_path: Path,
) -> None:  # fmt: skip
    application = make_app(bot_settings.model_copy(update={"reload_interval": 0.0}))
    async with application:
        await send(application, updates.message("/subscribe 冰雪运动"))
        await ingest_and_reload(application, corpus_copy, tmp_path)
        api.faults["sendMessage"] = [403]
        assert await pushes.push_new(application) == 0
        await send(application, updates.message("/subscriptions"))
    assert "还没有订阅" in api.sent()[-1]["text"]


async def test_pushes_go_through_the_flood_limiter(
    api: FakeBotApi, updates: Updates, make_app: Any, bot_settings: Settings,
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    endpoints: list[str] = []
    real = AIORateLimiter.process_request

    async def counting(self: AIORateLimiter, *args: Any, **kwargs: Any) -> Any:
        endpoints.append(kwargs.get("endpoint") or args[3])
        return await real(self, *args, **kwargs)

    monkeypatch.setattr(AIORateLimiter, "process_request", counting)
    application = make_app(bot_settings.model_copy(update={"reload_interval": 0.0}))
    async with application:
        await send(application, updates.message("/subscribe 冰雪运动"))
        await ingest_and_reload(application, corpus_copy, tmp_path)
        endpoints.clear()
        assert await pushes.push_new(application) == 1
    assert endpoints == ["sendMessage"]


async def test_subscriptions_are_listed_and_cancelled(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any, html_ok: Any
) -> None:
    for keyword in ("安置房", "霹雳行动"):
        await feed(updates.message(f"/subscribe {keyword}"))
    await feed(updates.message("/subscriptions"))
    listing = api.sent()[-1]
    assert "1. 安置房" in html_ok(listing["text"])
    buttons = [b for row in listing["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["取消 1. 安置房", "取消 2. 霹雳行动"]
    await feed(updates.callback(buttons[0]["callback_data"], listing["text"]))
    edited = api.sent("editMessageText")[-1]
    assert "安置房" not in edited["text"]
    assert "霹雳行动" in edited["text"]
    await feed(updates.message("/unsubscribe 霹雳行动"))
    assert api.sent()[-1]["text"] == "已取消订阅“霹雳行动”。"
    await feed(updates.message("/subscriptions"))
    assert "还没有订阅" in api.sent()[-1]["text"]


async def test_subscriptions_per_chat_are_capped_and_must_name_something(
    api: FakeBotApi, updates: Updates, make_app: Any, bot_settings: Settings
) -> None:
    application = make_app(bot_settings.model_copy(update={"alert_limit": 2}))
    async with application:
        for text in ("/subscribe 安置房", "/subscribe 安置房", "/subscribe 霹雳行动",
                     "/subscribe 陈红民", "/subscribe", "/subscribe 的了吗"):  # fmt: skip
            await send(application, updates.message(text))
    replies = [p["text"] for p in api.sent()]
    assert replies[1] == "已经订阅过“安置房”了。"
    assert replies[3].startswith("订阅已满（最多 2 个）")
    assert "/subscribe 安置房" in replies[4]
    assert replies[5].startswith("没看出要订阅的人名或话题")


async def test_in_groups_only_admins_manage_subscriptions(
    app: Any, api: FakeBotApi, updates: Updates, feed: Any
) -> None:
    api.member_status = "member"
    await feed(updates.group("/subscribe 安置房"))
    assert api.sent()[-1]["text"] == alerts.ADMINS_ONLY
    api.member_status = "creator"
    await feed(updates.group("/subscribe 安置房"))
    assert api.sent()[-1]["text"].startswith("已订阅“安置房”")
    (lookup, _) = api.sent("getChatMember")
    assert lookup["chat_id"] == str(GROUP["id"])


async def test_without_a_writable_data_folder_alerts_are_off_and_answers_go_on(
    api: FakeBotApi, updates: Updates, make_app: Any, bot_settings: Settings, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    application = make_app(bot_settings.model_copy(update={"data_dir": blocker / "data"}))
    async with application:
        await send(application, updates.message("/subscribe 安置房"))
        await send(application, updates.message("安置房建设"))
        assert await pushes.push_new(application) == 0
    off, answer = api.sent()
    assert off["text"] == alerts.OFF
    assert "安置房" in answer["text"]
