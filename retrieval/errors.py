"""The exceptions retrieval raises; the CLI and the bot translate them at the edge."""

from __future__ import annotations


class NewsbotError(Exception):
    """Base class: every message is a sentence a user can act on."""


class PageError(NewsbotError):
    """A page file cannot be read or holds no article."""

    def __init__(self, source: str, problem: str, line: int | None = None) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")
        self.source = source
        self.problem = problem
        self.line = line


class ManifestError(NewsbotError):
    """manifest.toml is malformed or names a page that does not exist."""


class EmptyCorpusError(NewsbotError):
    """The corpus folder holds no page file with an article."""


class IngestError(NewsbotError):
    """A page file was refused by ``ingest``; nothing was written."""
