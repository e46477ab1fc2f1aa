"""Settings read once at the entry point: environment (NEWSBOT_*), then a .env file."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def default_cache_dir() -> Path:
    """Where the index cache lives unless NEWSBOT_CACHE_DIR says otherwise."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsbot"


class Settings(BaseSettings):
    """Everything newsbot can be told, with the environment variable for each field."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    corpus_dir: Path = Field(default=SEEDS_DIR, description="Folder of page files + manifest.toml")
    cache_dir: Path = Field(default_factory=default_cache_dir, description="Index cache folder")
    token: SecretStr | None = Field(default=None, description="Bot token from @BotFather")
    api_base_url: str = Field(
        default="https://api.telegram.org/bot", description="Telegram Bot API base URL"
    )
