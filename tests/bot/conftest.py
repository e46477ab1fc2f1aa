"""A fake Bot API on 127.0.0.1 and builders for the updates Telegram would send."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import tornado.httpserver
import tornado.netutil
import tornado.web
from pydantic import SecretStr
from telegram import Update

from bot import delivery, polling
from bot.app import build_application
from bot.settings import Settings

TOKEN = "123456789:AAH-fake_token_for_tests_0123456789abc"
BOT_ID = 4242
BOT_USERNAME = "newsbot_test_bot"
USER = {"id": 1001, "is_bot": False, "first_name": "读者", "username": "reader"}
JSON_PARAMS = {"reply_markup", "results", "commands", "link_preview_options", "reply_parameters",
               "allowed_updates"}  # fmt: skip
JSON_PARAMS |= {"button"}
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a"}
TELEGRAM_TAGS |= {"blockquote", "tg-spoiler", "span", "tg-emoji"}
ERRORS = {
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after 1",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
DROP = "drop"  # a fault: close the connection without answering
LONG_POLL_CAP = 0.5  # seconds an empty getUpdates waits here, whatever timeout the bot asks
Fault = int | float | str


@dataclass
class Call:
    """One Bot API request the bot made."""

    method: str
    params: dict[str, Any]


@dataclass
class FakeBotApi:
    """Answers Bot API methods with plausible JSON and records every call."""

    calls: list[Call] = field(default_factory=list)
    # per method, one per call: an HTTP status, seconds to stall, or DROP
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    latency: dict[str, float] = field(default_factory=dict)  # seconds every call of a method takes
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    pending: list[dict[str, Any]] = field(default_factory=list)  # queued at "Telegram"
    confirmed: int = 0  # getUpdates offset high-water mark: every update below it is gone
    member_status: str = "creator"  # what getChatMember says of any user ("member": no admin)
    port: int = 0
    server: tornado.httpserver.HTTPServer | None = None

    @property
    def base_url(self) -> str:
        """What the bot is given as NEWSBOT_API_BASE_URL."""
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self, port: int = 0) -> None:
        """Listen on a loopback port (a free one unless given)."""
        app = tornado.web.Application([(r"/bot([^/]+)/(\w+)", _Endpoint, {"api": self})])
        sockets = tornado.netutil.bind_sockets(port, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self.server = tornado.httpserver.HTTPServer(app)
        self.server.add_sockets(sockets)

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """The parameters of every call of one method."""
        return [call.params for call in self.calls if call.method == method]

    def methods(self) -> list[str]:
        """The methods called, in order, except the start-up getMe."""
        return [call.method for call in self.calls if call.method != "getMe"]

    def result(self, method: str, params: dict[str, Any]) -> Any:
        """A plausible successful result for a method."""
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "新闻", "username": BOT_USERNAME,
                    "can_join_groups": True, "can_read_all_group_messages": False,
                    "supports_inline_queries": True}  # fmt: skip
        if method in ("sendMessage", "editMessageText"):
            chat_id = int(params.get("chat_id", 1))
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
            return {"message_id": next(self.ids), "date": int(time.time()), "chat": chat,
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "新闻"},
                    "text": params.get("text", "")}  # fmt: skip
        if method == "getChatMember":
            return {"status": self.member_status, "user": USER, "is_anonymous": False}
        if method == "getUpdates":
            return self.pending[: int(params.get("limit", 100))]
        return True

    def confirm(self, offset: int) -> None:
        """What Telegram does with getUpdates' offset: forget every update below it."""
        self.confirmed = max(self.confirmed, offset)
        self.pending[:] = [u for u in self.pending if u["update_id"] >= self.confirmed]


class _Endpoint(tornado.web.RequestHandler):
    """One Bot API method."""

    def initialize(self, api: FakeBotApi) -> None:
        self.api = api

    async def post(self, token: str, method: str) -> None:
        params = {k: decode(k, v[-1]) for k, v in self.request.body_arguments.items()}
        self.api.calls.append(Call(method, params))
        if method == "getUpdates":
            await self.long_poll(params)
        await asyncio.sleep(self.api.latency.get(method, 0))
        fault = self.api.faults.get(method, [])
        code = fault.pop(0) if fault else None
        if code == DROP:
            self.request.connection.detach().close()  # type: ignore[union-attr]
            return
        if isinstance(code, float):
            await asyncio.sleep(code)
        elif isinstance(code, int):
            self.fail(code)
            return
        self.finish({"ok": True, "result": self.api.result(method, params)})

    async def long_poll(self, params: dict[str, Any]) -> None:
        """Confirm below the offset, then wait (briefly) for an update to serve."""
        if "offset" in params:
            self.api.confirm(int(params["offset"]))
        waited, limit = 0.0, min(float(params.get("timeout", 0)), LONG_POLL_CAP)
        while not self.api.pending and waited < limit:
            await asyncio.sleep(0.02)
            waited += 0.02

    def fail(self, code: int) -> None:
        """Answer like Telegram does with an error."""
        self.set_status(code)
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": ERRORS[code]}
        if code == 429:
            body["parameters"] = {"retry_after": 1}
        self.finish(body)

    get = post


def decode(key: str, raw: bytes) -> Any:
    """Form values arrive as text; structured ones are JSON."""
    text = raw.decode("utf-8")
    return json.loads(text) if key in JSON_PARAMS else text


class TagChecker(HTMLParser):
    """Fail on tags Telegram rejects and on unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in TELEGRAM_TAGS, f"tag <{tag}> is not Telegram HTML"
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(text: str) -> str:
    """Assert text is Telegram HTML within the length limit; return its visible text."""
    checker = TagChecker()
    checker.feed(text)
    checker.close()
    assert not checker.stack, f"unclosed tags {checker.stack}"
    assert "<" not in "".join(checker.text) or "&lt;" in text  # no raw '<' slipped through
    visible = "".join(checker.text)
    assert len(visible.encode("utf-16-le")) // 2 <= 4096
    assert len(text) <= 4096
    return visible


class Updates:
    """Builds the JSON updates Telegram sends, with fresh ids."""

    def __init__(self) -> None:
        self.ids = itertools.count(1)

    def message(
        self, text: str | None, chat: dict[str, Any] | None = None, **extra: Any
    ) -> dict[str, Any]:
        """A new message (text may be None for stickers and photos)."""
        chat = chat or {"id": USER["id"], "type": "private", "first_name": "读者"}
        body: dict[str, Any] = {"message_id": next(self.ids), "date": int(time.time()),
                                "chat": chat, "from": USER, **extra}  # fmt: skip
        if text is not None:
            body["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self.ids), "message": body}

    def group(self, text: str, **extra: Any) -> dict[str, Any]:
        """A message in a supergroup."""
        return self.message(text, {"id": -100123, "type": "supergroup", "title": "二七"}, **extra)

    def reply_to_bot(self, text: str) -> dict[str, Any]:
        """A group message replying to one of the bot's messages."""
        bot_message = {"message_id": 7, "date": int(time.time()), "text": "之前的回答",
                       "chat": {"id": -100123, "type": "supergroup", "title": "二七"},
                       "from": {"id": BOT_ID, "is_bot": True, "first_name": "新闻"}}  # fmt: skip
        return self.group(text, reply_to_message=bot_message)

    def callback(self, data: str, message_text: str = "之前的回答") -> dict[str, Any]:
        """A button press under one of the bot's messages."""
        message = {"message_id": next(self.ids), "date": int(time.time()), "text": message_text,
                   "chat": {"id": USER["id"], "type": "private", "first_name": "读者"},
                   "from": {"id": BOT_ID, "is_bot": True, "first_name": "新闻"}}  # fmt: skip
        query = {"id": str(next(self.ids)), "from": USER, "chat_instance": "ci", "data": data,
                 "message": message}  # fmt: skip
        return {"update_id": next(self.ids), "callback_query": query}

    def inline(self, query: str, offset: str = "") -> dict[str, Any]:
        """An inline query typed after @bot."""
        body = {"id": str(next(self.ids)), "from": USER, "query": query, "offset": offset}
        return {"update_id": next(self.ids), "inline_query": body}


@pytest.fixture(autouse=True)
def quick_resends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Resend failed Bot API calls and polls after milliseconds, not seconds (in process)."""
    monkeypatch.setattr(delivery, "BACKOFF_S", 0.01)
    monkeypatch.setattr(polling, "BACKOFF_S", 0.01)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    """A fake Bot API listening on loopback for this test."""
    server = FakeBotApi()
    server.start()
    yield server
    assert server.server is not None
    server.server.stop()


@pytest.fixture(autouse=True)
def private_data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test's alerts database out of the user's own data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("NEWSBOT_DATA_DIR", raising=False)


@pytest.fixture
def bot_settings(api: FakeBotApi, tmp_path: Path) -> Settings:
    """Settings pointing at the fake API, no .env file, no per-user limit."""
    return Settings(  # type: ignore[call-arg]  # _env_file is pydantic-settings' own
        token=SecretStr(TOKEN),
        api_base_url=api.base_url,
        http_timeout=1.0,
        user_rate_limit=0,
        browse_rate_limit=0,
        data_dir=tmp_path / "data",
        _env_file=None,
    )


@pytest.fixture
def make_app(engine: Any) -> Callable[..., Any]:
    """Build (not start) the real Application over the real engine for given settings."""

    def make(settings: Settings, *, flood_limit: bool = True) -> Any:
        return build_application(settings, engine, flood_limit=flood_limit)

    return make


@pytest.fixture
async def app(bot_settings: Settings, make_app: Callable[..., Any]) -> AsyncIterator[Any]:
    """The real Application, initialised against the fake API (getMe done)."""
    application = make_app(bot_settings)
    await application.initialize()
    yield application
    await application.shutdown()


@pytest.fixture
def updates() -> Updates:
    """Fresh update builders."""
    return Updates()


@pytest.fixture
def feed(app: Any) -> Callable[[dict[str, Any]], Any]:
    """Process one update through the app exactly as polling would."""

    async def process(update: dict[str, Any]) -> None:
        await app.process_update(Update.de_json(update, app.bot))

    return process


@pytest.fixture
def html_ok() -> Callable[[str], str]:
    """A checker: the text is Telegram HTML within limits; returns its visible text."""
    return check_html
