"""The deployment samples stay in step with the settings and hold no secret."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings

DEPLOY = Path(__file__).resolve().parent.parent.parent / "deploy"


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_env_example_names_every_setting(field: str) -> None:
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    assert f"NEWSBOT_{field.upper()}=" in example


def test_env_example_holds_no_token() -> None:
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    assert not re.search(r"\d{6,}:[A-Za-z0-9_-]{20,}", example)
    assert re.search(r"^NEWSBOT_TOKEN=$", example, re.MULTILINE)


def test_dockerfile_builds_the_index_as_a_non_root_user() -> None:
    lines = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines()
    user = next(i for i, line in enumerate(lines) if line.startswith("USER "))
    index = next(i for i, line in enumerate(lines) if line.strip() == "RUN newsbot index")
    assert lines[user] != "USER root"
    assert user < index
    assert any(line.startswith("FROM python:3.11-slim") for line in lines)


def test_systemd_unit_and_compose_start_the_bot() -> None:
    unit = (DEPLOY / "newsbot.service").read_text(encoding="utf-8")
    compose = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    assert "ExecStart=/opt/newsbot/.venv/bin/newsbot run" in unit
    assert "User=newsbot" in unit
    assert "env_file: .env" in compose


def test_deployments_point_at_the_seeds_a_non_editable_install_leaves_behind() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    unit = (DEPLOY / "newsbot.service").read_text(encoding="utf-8")
    workdir = re.search(r"^WORKDIR (\S+)$", dockerfile, re.MULTILINE)
    assert workdir
    assert "COPY seeds ./seeds" in dockerfile
    assert f"NEWSBOT_CORPUS_DIR={workdir[1]}/seeds" in dockerfile
    assert "Environment=NEWSBOT_CORPUS_DIR=/opt/newsbot/seeds" in unit


def grace_periods() -> tuple[float, float]:
    """Seconds compose and systemd wait after SIGTERM before they kill the bot."""
    compose = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    unit = (DEPLOY / "newsbot.service").read_text(encoding="utf-8")
    in_compose = re.search(r"^\s*stop_grace_period: (\d+)s$", compose, re.MULTILINE)
    in_unit = re.search(r"^TimeoutStopSec=(\d+)$", unit, re.MULTILINE)
    assert in_compose
    assert in_unit
    return float(in_compose[1]), float(in_unit[1])


def test_the_stop_timeout_fits_the_deploy_files_grace_and_every_document_agrees() -> None:
    compose, unit = grace_periods()
    stop = Settings.model_fields["stop_timeout"].default
    assert compose == unit
    assert stop <= compose / 2  # room for a slow machine and the index load of the next start
    readme = (DEPLOY.parent / "README.md").read_text(encoding="utf-8")
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    assert f"`NEWSBOT_STOP_TIMEOUT` | {stop:g} |" in readme
    assert f"default **{stop:g} s**" in readme
    assert f"give it **{compose:g} s** before SIGKILL" in readme
    assert f"`stop_grace_period: {compose:g}s`" in readme
    assert f"`TimeoutStopSec={unit:g}`" in readme
    assert f"NEWSBOT_STOP_TIMEOUT={stop:g}\n" in example
    assert f"grace period ({compose:g} s)" in example


def test_a_backlog_too_big_for_the_stop_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBOT_BACKLOG", "500")
    assert main(["run"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert "NEWSBOT_BACKLOG=500" in line
    assert "NEWSBOT_STOP_TIMEOUT=10 s" in line
    assert "at most 150" in line
    Settings(backlog=150, _env_file=None)  # type: ignore[call-arg]  # the limit itself is fine
