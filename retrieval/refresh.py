"""Notice that a corpus folder changed since its engine was opened, and open a fresh engine.

The check is cheap (page bytes, manifest and word overrides are hashed, nothing is parsed), so a
long-running caller can poll it.  Building runs wherever the caller calls ``refresh`` (the bot
uses a worker thread); the engine being served is never touched, so the caller swaps engines
with one assignment and questions asked meanwhile are answered from the old one.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from retrieval.bm25 import USERDICT
from retrieval.corpus import fingerprint_folder
from retrieval.engine import Engine

logger = logging.getLogger(__name__)


def corpus_fingerprint(corpus_dir: Path) -> str:
    """Digest what an engine is built from: page files, manifest and the word-override file."""
    digest = hashlib.sha256(fingerprint_folder(Path(corpus_dir)).encode())
    overrides = Path(corpus_dir) / USERDICT
    try:
        digest.update(overrides.read_bytes())
    except OSError:  # absent (the usual case) or unreadable: either way not a word list
        digest.update(b"-")
    return digest.hexdigest()


class Refresher:
    """Remembers which version of a corpus folder was last opened, and reopens on change.

    Take the fingerprint *before* reading the folder (construct the Refresher before
    ``Engine.open``): a page ingested while the engine loads is then seen as a change.
    """

    def __init__(self, corpus_dir: Path, cache_dir: Path | None, seen: str | None = None) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.cache_dir = cache_dir
        self.seen = seen if seen is not None else corpus_fingerprint(self.corpus_dir)

    def is_stale(self) -> bool:
        """Whether the folder differs from the version last opened (or last tried)."""
        return corpus_fingerprint(self.corpus_dir) != self.seen

    def refresh(self, *, progress: bool = False) -> Engine | None:
        """Open a new engine when the folder changed since the last try, else return None.

        A failed open raises (NewsbotError naming the file at fault) and still counts as
        tried, so a broken folder is reported once, not at every poll; the next change to the
        folder (say, the manifest fixed) is tried again.
        """
        fingerprint = corpus_fingerprint(self.corpus_dir)
        if fingerprint == self.seen:
            return None
        self.seen = fingerprint
        logger.info("corpus folder %s changed; rebuilding the index", self.corpus_dir)
        return Engine.open(self.corpus_dir, self.cache_dir, progress=progress)
