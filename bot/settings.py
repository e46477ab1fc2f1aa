"""Settings read once at the entry point: environment (NEWSBOT_*), then a .env file."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.defaults import (
    ENV_FILE,
    ENV_PREFIX,
    SEEDS_DIR,
    SOLR_COLLECTION,
    SOLR_URL,
    Backend,
    CommandSettings,
    default_cache_dir,
    default_data_dir,
)
from retrieval.query.question import MAX_QUESTION_CHARS
from retrieval.search.solr_client import SolrTarget

IdList = Annotated[frozenset[int], NoDecode]


class Settings(BaseSettings):
    """Everything newsbot can be told, with the environment variable for each field."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=ENV_FILE, env_file_encoding="utf-8", extra="ignore"
    )

    corpus_dir: Path = Field(default=SEEDS_DIR, description="Folder of page files + manifest.toml")
    cache_dir: Path = Field(default_factory=default_cache_dir, description="Index cache folder")
    token: SecretStr | None = Field(default=None, description="Bot token from @BotFather")
    api_base_url: str = Field(
        default="https://api.telegram.org/bot", description="Telegram Bot API base URL"
    )
    answer_limit: int = Field(default=5, ge=1, le=10, description="Articles cited per answer")
    latest_default: int = Field(default=5, ge=1, le=20, description="/latest without a number")
    latest_max: int = Field(default=20, ge=1, le=50, description="Largest N /latest accepts")
    inline_page_size: int = Field(default=10, ge=1, le=50, description="Inline results per page")
    max_question_chars: int = Field(
        default=MAX_QUESTION_CHARS,
        ge=1,
        description="Longest question answered, characters (an abuse cap; longer ones are refused)",
    )
    allowed_chats: IdList = Field(
        default=frozenset(), description="Comma-separated chat ids allowed; empty = everyone"
    )
    allowed_users: IdList = Field(
        default=frozenset(), description="Comma-separated user ids allowed; empty = everyone"
    )
    user_rate_limit: int = Field(
        default=20, ge=0, description="Requests per user per window; 0 turns the limit off"
    )
    user_rate_window: float = Field(default=60.0, gt=0, description="Rate-limit window, seconds")
    http_timeout: float = Field(default=10.0, gt=0, description="Bot API read timeout, seconds")
    reload_interval: float = Field(
        default=30.0,
        ge=0,
        description="Seconds between checks of the corpus folder for new pages; 0 = no reload",
    )
    webhook_url: str | None = Field(
        default=None, description="Public HTTPS base URL; set it to use a webhook, not polling"
    )
    webhook_listen: str = Field(default="0.0.0.0", description="Address the webhook server binds")  # noqa: S104
    webhook_port: int = Field(default=8443, ge=1, le=65535, description="Webhook server port")
    webhook_secret: SecretStr | None = Field(
        default=None, description="Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token"
    )
    # Intake and stopping (bot/intake.py, bot/serve.py): keep STOP_TIMEOUT below the deploy
    # files' grace period, and BACKLOG small enough to answer within STOP_TIMEOUT.
    stop_timeout: float = Field(
        default=10.0, gt=0, le=600, description="Seconds from SIGTERM to exit, answering first"
    )
    backlog: int = Field(
        default=100, ge=1, le=1000, description="Updates taken from Telegram but not answered yet"
    )
    send_rate: float = Field(
        default=30.0, gt=0, description="Messages per second across all chats (flood limit)"
    )
    send_retries: int = Field(
        default=3, ge=0, le=10, description="Resends of a reply Telegram did not receive"
    )

    @model_validator(mode="after")
    def backlog_fits_the_stop(self) -> Settings:
        """Refuse a backlog the bot could not answer within the stop timeout."""
        budget = self.send_rate * self.stop_timeout / 2  # half: long answers, retries, exit
        if self.backlog > budget:
            raise ValueError(
                f"NEWSBOT_BACKLOG={self.backlog} cannot be answered within "
                f"NEWSBOT_STOP_TIMEOUT={self.stop_timeout:g} s at NEWSBOT_SEND_RATE="
                f"{self.send_rate:g}/s; keep it at most {int(budget)}"
            )
        return self

    # --- issue 13: browsing budget, alerts ---
    browse_rate_limit: int = Field(
        default=60,
        ge=0,
        description="Button presses and inline queries per user per window; 0 = no limit",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir, description="Folder of the alerts database"
    )
    alert_limit: int = Field(default=10, ge=1, le=100, description="Subscriptions per chat")

    search_backend: Backend = Field(
        default="local", description="Where questions are ranked: in-process, or a SolrCloud"
    )
    solr_url: str = Field(default=SOLR_URL, description="A Solr node's base URL (solr backend)")
    solr_collection: str = Field(
        default=SOLR_COLLECTION, pattern=r"^[A-Za-z0-9_.-]+$", description="Solr collection name"
    )

    def command_settings(self) -> CommandSettings:
        """The part of these settings the CLI's one-shot commands read."""
        return CommandSettings(**{f.name: getattr(self, f.name) for f in fields(CommandSettings)})

    def solr_target(self) -> SolrTarget | None:
        """Where to rank, when the Solr backend is chosen."""
        return self.command_settings().solr_target()

    @field_validator("allowed_chats", "allowed_users", mode="before")
    @classmethod
    def split_ids(cls, value: object) -> object:
        """Accept "1, -100200" from the environment as well as a list."""
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(",", " ").split())
        return value
