"""Everything a user can do is documented: CLI commands and settings appear in README."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def subcommands() -> list[str]:
    """The names of the CLI's sub-commands."""
    parser = build_parser()
    (action,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(action.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", subcommands())
def test_every_command_is_in_readme(command: str) -> None:
    assert f"newsbot {command}" in README


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_in_readme(field: str) -> None:
    assert f"NEWSBOT_{field.upper()}" in README


def test_readme_starts_with_the_two_newcomer_commands() -> None:
    head = README[:1500]
    assert 'pip install -e ".[dev]" && newsbot ask' in head
    assert "pytest" in head


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    start = README.index("Run the tests")
    block = README[start:].split("```sh\n", 1)[1].split("\n```", 1)[0].strip()
    assert block in ci
