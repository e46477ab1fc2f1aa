"""The settings a one-shot command reads, with their defaults, without importing pydantic.

`newsbot ask` must start fast, and pydantic-settings alone costs a good share of a cold
start.  When nothing configures newsbot — no NEWSBOT_* variable in the environment and no
`.env` file in the current folder — every setting is its default, so there is nothing to
validate: the command line's own options (already checked by argparse) are applied to the
defaults here.  Anything configured goes through `bot.settings.Settings`, which takes its
defaults from this module, so both paths give the same values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from retrieval.query.question import MAX_QUESTION_CHARS

if TYPE_CHECKING:
    from retrieval.search.solr_client import SolrTarget

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
ENV_PREFIX = "NEWSBOT_"
ENV_FILE = ".env"
SOLR_URL = "http://127.0.0.1:8983/solr"
SOLR_COLLECTION = "newsbot"
Backend = Literal["local", "solr"]


def default_cache_dir() -> Path:
    """Where the index cache lives unless NEWSBOT_CACHE_DIR says otherwise."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsbot"


def default_data_dir() -> Path:
    """Where alert subscriptions live unless NEWSBOT_DATA_DIR says otherwise."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsbot"


def configured(environ: Mapping[str, str] | None = None, folder: Path | None = None) -> bool:
    """Whether any setting is given: a NEWSBOT_* variable (any case) or a `.env` file."""
    environ = os.environ if environ is None else environ
    if any(name.upper().startswith(ENV_PREFIX) for name in environ):
        return True
    return ((folder or Path.cwd()) / ENV_FILE).is_file()


@dataclass(frozen=True, slots=True)
class CommandSettings:
    """What the CLI's one-shot commands (ask, chat, latest, index, ingest…) need to know."""

    corpus_dir: Path = SEEDS_DIR
    cache_dir: Path = field(default_factory=default_cache_dir)
    search_backend: Backend = "local"
    solr_url: str = SOLR_URL
    solr_collection: str = SOLR_COLLECTION
    max_question_chars: int = MAX_QUESTION_CHARS

    def solr_target(self) -> SolrTarget | None:
        """Where to rank, when the Solr backend is chosen."""
        if self.search_backend != "solr":
            return None
        from retrieval.search.solr_client import SolrTarget  # noqa: PLC0415 - Solr mode only

        return SolrTarget(self.solr_url, self.solr_collection)
