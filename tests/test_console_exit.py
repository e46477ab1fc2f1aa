"""The console script exits without the interpreter's teardown: nothing it printed is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def newsbot(*args: str, cache: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run the console script's entry point (bot.cli:run) in a new process."""
    env = {**os.environ, "NEWSBOT_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("NEWSBOT_CORPUS_DIR", None)
    code = "import sys; from bot.cli import run; sys.argv[1:] = sys.argv[1:]; run()"
    return subprocess.run(
        [sys.executable, "-c", code, "--corpus", str(SEEDS), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cache,
        check=False,
        timeout=300,
        **kwargs,  # type: ignore[arg-type]
    )


def test_the_console_script_is_run() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["newsbot"] == "bot.cli:run"


def test_all_output_arrives_and_the_status_is_kept(tmp_path: Path) -> None:
    # Several times Python's 8 KiB output buffer: the last part is only written by the flush.
    done = newsbot("articles", "--json", cache=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.encode()) > 32768
    articles = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(articles) == 29  # every seed article, the last one whole
    failed = newsbot("article", "no-such-article", cache=tmp_path)
    assert failed.returncode == 1
    assert failed.stderr.startswith("newsbot: ")
    assert "Traceback" not in failed.stderr


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSBOT_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    code = "from bot.cli import run; run()"
    command = f'"{sys.executable}" -c "{code}" --corpus "{SEEDS}" articles --json | head -c 100'
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert len(done.stdout) == 100
    assert done.stderr == b""  # no traceback, no "Broken pipe" error line
    assert done.returncode == 0
