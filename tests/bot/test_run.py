"""Starting the bot: token checks, long polling against the fake API, webhook secret."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from bot.app import WEBHOOK_PATH, run, webhook_options
from bot.settings import Settings
from tests.bot.conftest import TOKEN, FakeBotApi, Updates

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("token", [None, "", "   ", "not-a-token", "123:abc def"])
def test_run_without_a_usable_token_says_what_to_set(
    token: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(token=SecretStr(token) if token is not None else None, _env_file=None)  # type: ignore[call-arg]
    assert run(settings) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert "NEWSBOT_TOKEN" in line
    assert "Traceback" not in line
    assert token is None or not token.strip() or token not in line


async def test_newsbot_run_polls_answers_and_stops_on_sigterm(
    api: FakeBotApi, updates: Updates, session_cache_dir: Path
) -> None:
    api.pending.append(updates.message("/latest 2"))
    env = os.environ | {
        "NEWSBOT_TOKEN": TOKEN,
        "NEWSBOT_API_BASE_URL": api.base_url,
        "NEWSBOT_CACHE_DIR": str(session_cache_dir),
        "PYTHONPATH": str(ROOT),
    }
    code = "from bot.cli import main; raise SystemExit(main(['-v', 'run']))"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, env=env, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(600):
            if api.sent() or process.returncode is not None:
                break
            await asyncio.sleep(0.05)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    (reply,) = api.sent()
    assert reply["text"].startswith("<b>最新 2 篇文章</b>")
    assert next(c["command"] for c in api.sent("setMyCommands")[0]["commands"]) == "ask"
    assert TOKEN not in err.decode()


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_rejects_a_wrong_secret(
    app: Any, api: FakeBotApi, bot_settings: Settings
) -> None:
    settings = bot_settings.model_copy(
        update={"webhook_url": "https://bot.example.org/", "webhook_listen": "127.0.0.1",
                "webhook_port": free_port(), "webhook_secret": SecretStr("s3cret_value")}
    )  # fmt: skip
    options = webhook_options(settings)
    assert options["webhook_url"] == f"https://bot.example.org/{WEBHOOK_PATH}"
    await app.updater.start_webhook(**options)
    try:
        url = f"http://127.0.0.1:{settings.webhook_port}/{WEBHOOK_PATH}"
        body = {"update_id": 1}
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                url, json=body, headers={"X-Telegram-Bot-Api-Secret-Token": "x"}
            )
            missing = await client.post(url, json=body)
            right = await client.post(
                url, json=body, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret_value"}
            )
    finally:
        await app.updater.stop()
    assert (wrong.status_code, missing.status_code, right.status_code) == (403, 403, 200)
    (hook,) = api.sent("setWebhook")
    assert hook["secret_token"] == "s3cret_value"


def test_webhook_gets_a_random_secret_when_none_is_configured() -> None:
    settings = Settings(token=SecretStr(TOKEN), webhook_url="https://x.org", _env_file=None)  # type: ignore[call-arg]
    first, second = webhook_options(settings), webhook_options(settings)
    assert len(first["secret_token"]) >= 32
    assert first["secret_token"] != second["secret_token"]
