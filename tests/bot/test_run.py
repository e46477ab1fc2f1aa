"""Starting the bot: token checks, long polling against the fake API, webhook secret."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.app import run, webhook_options
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


def test_webhook_gets_a_random_secret_when_none_is_configured() -> None:
    settings = Settings(token=SecretStr(TOKEN), webhook_url="https://x.org", _env_file=None)  # type: ignore[call-arg]
    first, second = webhook_options(settings), webhook_options(settings)
    assert len(first["secret_token"]) >= 32
    assert first["secret_token"] != second["secret_token"]
