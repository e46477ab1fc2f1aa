"""The deployment samples stay in step with the settings and hold no secret."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
