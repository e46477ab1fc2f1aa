"""Notice that a corpus folder changed since its engine was opened, and open a fresh engine.

The check is cheap, so a long-running caller can poll it: nothing is parsed, the manifest and
word overrides are read, and a page is hashed only when its stat (size, mtime, ctime, inode)
differs from the last poll's — see retrieval/pages/fingerprint.py for why that is safe.  As a
fallback against anything stat cannot see, every ``REHASH_EVERY``-th check hashes every page.
Building runs wherever the caller calls ``refresh`` (the bot uses a worker thread); the engine
being served is never touched, so the caller swaps engines with one assignment and questions
asked meanwhile are answered from the old one.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from retrieval.engine import Engine
from retrieval.pages.fingerprint import fingerprint_folder, scan_folder
from retrieval.replica import ReplicaEngine
from retrieval.search import cache as store
from retrieval.search.keys import USERDICT
from retrieval.search.solr_client import SolrClient, SolrTarget
from retrieval.search.solr_meta import read_fingerprint

logger = logging.getLogger(__name__)

# Every this many checks, pages are hashed whatever their stat says (every 10 min at 30 s).
REHASH_EVERY = 20


def corpus_fingerprint(corpus_dir: Path) -> str:
    """Digest what an engine is built from: page files, manifest and the word-override file."""
    return _with_overrides(fingerprint_folder(Path(corpus_dir)), Path(corpus_dir))


def _with_overrides(folder: str, corpus_dir: Path) -> str:
    """Add the word-override file to a folder digest."""
    digest = hashlib.sha256(folder.encode())
    overrides = corpus_dir / USERDICT
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

    def __init__(
        self,
        corpus_dir: Path,
        cache_dir: Path | None,
        seen: str | None = None,
        *,
        rehash_every: int = REHASH_EVERY,
        solr: SolrTarget | None = None,
    ) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.solr = solr
        self.cache_dir = cache_dir
        self.rehash_every = max(1, rehash_every)
        self.checks = 0
        # Start from the stamps the index cache recorded, so even the first check is cheap.
        self._stamps = store.read_stamps(self.corpus_dir, cache_dir)
        self.seen = seen if seen is not None else self.fingerprint()

    def fingerprint(self) -> str:
        """Digest the folder as corpus_fingerprint does, hashing only pages whose stat changed."""
        self.checks += 1
        known = {} if self.checks % self.rehash_every == 0 else self._stamps
        folder, self._stamps = scan_folder(self.corpus_dir, known)
        return _with_overrides(folder, self.corpus_dir)

    def is_stale(self) -> bool:
        """Whether the folder differs from the version last opened (or last tried)."""
        return self.fingerprint() != self.seen

    def refresh(self, *, progress: bool = False) -> Engine | None:
        """Open a new engine when the folder changed since the last try, else return None.

        A failed open raises (NewsbotError naming the file at fault) and still counts as
        tried, so a broken folder is reported once, not at every poll; the next change to the
        folder (say, the manifest fixed) is tried again.
        """
        fingerprint = self.fingerprint()
        if fingerprint == self.seen:
            return None
        self.seen = fingerprint
        logger.info("corpus folder %s changed; rebuilding the index", self.corpus_dir)
        engine = Engine.open(self.corpus_dir, self.cache_dir, progress=progress, solr=self.solr)
        if self.solr is not None:
            engine.push()  # the new pages (only those) join the collection
        return engine


class ReplicaRefresher(Refresher):
    """Live reload for a stateless replica: reopen when the collection's meta document changes.

    The indexer (``newsbot index --backend solr`` or ``newsbot ingest`` where the page files
    are) pushes new pages and rewrites the meta document last; polling its fingerprint is one
    tiny request, and nothing of the page folder is read.
    """

    def __init__(self, engine: ReplicaEngine, cache_dir: Path | None) -> None:
        # Refresher.__init__ scans the page folder: a replica has none.
        self.target = engine.index.client.target
        self.solr = self.target
        self.cache_dir = cache_dir
        self.corpus_dir = Path(f"solr:{self.target.collection}")  # for log lines only
        self.checks = 0
        self.seen = engine.fingerprint

    def fingerprint(self) -> str:
        """The collection's meta document fingerprint ("" before the first push)."""
        self.checks += 1
        return read_fingerprint(SolrClient(self.target)) or ""

    def refresh(self, *, progress: bool = False) -> Engine | None:
        """Open a fresh replica when the collection changed since the last try, else None."""
        if self.fingerprint() == self.seen:
            return None
        engine = ReplicaEngine.open_replica(self.target, self.cache_dir)
        self.seen = engine.fingerprint
        logger.info("Solr collection %s changed; serving %s", self.target.collection, self.seen)
        return engine
