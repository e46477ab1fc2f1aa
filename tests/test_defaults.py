"""One-shot commands skip pydantic only when nothing configures newsbot, with equal results."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import cli
from bot.defaults import CommandSettings, configured
from bot.settings import Settings


@pytest.fixture
def unconfigured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No NEWSBOT_* variable and no .env file in the current folder."""
    for name in list(os.environ):
        if name.upper().startswith("NEWSBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "问题"],
        ["--corpus", "pages", "ask", "问题"],
        ["--cache-dir", "/tmp/c", "--backend", "solr", "latest"],
        ["index", "--backend", "local"],
    ],
)
def test_defaults_equal_what_pydantic_reads(unconfigured: Path, argv: list[str]) -> None:
    args = cli.build_parser().parse_args(argv)
    fast = cli.load_settings(args)
    assert isinstance(fast, CommandSettings)
    assert fast == Settings(**cli.overrides_of(args)).command_settings()


def test_any_newsbot_variable_or_env_file_configures(unconfigured: Path) -> None:
    assert not configured()
    assert configured({"newsbot_corpus_dir": "x"})  # names are read in any case
    assert not configured({"PATH": "/bin", "NEWSBOTX": "1"})
    (unconfigured / ".env").write_text("NEWSBOT_MAX_QUESTION_CHARS=40\n", encoding="utf-8")
    assert configured()
    settings = cli.load_settings(cli.build_parser().parse_args(["ask", "问题"]))
    assert settings.max_question_chars == 40  # read from .env through pydantic


def test_a_configured_setting_is_validated(
    unconfigured: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSBOT_SOLR_COLLECTION", "bad name!")
    assert cli.main(["--backend", "solr", "latest"]) == 1
    err = capsys.readouterr().err
    assert "NEWSBOT_SOLR_COLLECTION is invalid" in err
    assert "bad name!" not in err  # the value is never echoed


def test_solr_target_only_for_the_solr_backend() -> None:
    assert CommandSettings().solr_target() is None
    target = CommandSettings(search_backend="solr", solr_collection="c").solr_target()
    assert target is not None
    assert target.collection == "c"
