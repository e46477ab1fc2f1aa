"""The index cache: one folder of plain data per corpus — .npy arrays and JSON, never pickle.

Layout: ``index-<folder>-<key>/`` under the cache folder (``<folder>`` names the corpus
folder's path, ``<key>`` the content the index was built from), holding ``meta.json`` (format,
full key, mined words, people, page records), ``articles.json`` and one ``.npy`` file per
array (postings, idf, passage tables, vocabulary and segmenter dictionary as WordTables).
Arrays load with ``numpy.load(mmap_mode="r", allow_pickle=False)``: nothing is copied until a
question touches it, and no file can make the loader run code.  Every value is checked
against the shape the code expects (records.py, tables.check_tables, WordTable), so a
damaged, truncated, foreign or tampered cache is logged and rebuilt, never trusted.

Writing is atomic: a temp folder beside the target is filled, each file fsynced, then
renamed to its final name; a reader finds a complete folder or none.  Folders of older keys
are removed after a successful write.

The key (keys.py) digests the pages, the word overrides, the package version and the code
and data files that build an index.  Taking it does not re-read every page: the stamps
sidecar (``index-<folder>.stamps``) remembers each page's stat and sha256.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.atomic import fsync_folder
from retrieval.search import keys
from retrieval.search.keys import cache_key, read_stamps, stamps_path
from retrieval.search.layout import read_index, write_arrays

if TYPE_CHECKING:
    from retrieval.pages.corpus import Corpus
    from retrieval.search.index import SearchIndex

__all__ = ["cache_key", "cache_path", "load_cached", "read_stamps", "save", "stamps_path"]

logger = logging.getLogger(__name__)


def cache_path(corpus_dir: Path, cache_dir: Path, key: str) -> Path:
    """Return the cache folder of a corpus folder's index built from content ``key``."""
    return Path(cache_dir) / f"{keys.folder_name(corpus_dir)}-{key[:32]}"


def save(
    corpus: Corpus,
    index: SearchIndex,
    cache_dir: Path,
    *,
    key: str | None = None,
    flags: Mapping[str, np.ndarray] | None = None,
) -> Path | None:
    """Persist a corpus and its index atomically; log and return None when it cannot.

    ``key`` should be the cache key taken *before* the pages were read: a page that changes
    while the index builds then leaves a cache whose key no longer matches (a rebuild next
    time), never one that passes for the new content.  ``flags``: per-article booleans the
    engine computed (answers it would otherwise read every article for), stored as arrays.
    """
    key = key or cache_key(corpus.directory, cache_dir)
    target = cache_path(corpus.directory, cache_dir, key)
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(dir=cache_dir, prefix=f".{target.name}.", suffix=".tmp"))
    except OSError as error:
        logger.warning("could not write the index cache %s: %s", target, error)
        return None
    try:
        write_arrays(temp, corpus, index, key, flags)
        fsync_folder(temp)
        _publish(temp, target)
    except OSError as error:
        logger.warning("could not write the index cache %s: %s", target, error)
        return None
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    _remove_others(corpus.directory, cache_dir, keep=target)
    logger.info("index cache written to %s", target)
    return target


def _publish(temp: Path, target: Path) -> None:
    """Rename the filled temp folder to its final name, replacing a folder already there.

    A folder of the same key is there only when it failed to load (or another process wrote
    it meanwhile): it is moved aside first, so a reader sees the old folder, none, or the new.
    """
    if target.exists():
        aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
        os.rename(target, aside / "index")
        shutil.rmtree(aside, ignore_errors=True)
    os.rename(temp, target)
    fsync_folder(target.parent)


def _remove_others(corpus_dir: Path, cache_dir: Path, *, keep: Path) -> None:
    """Delete this corpus folder's caches of other keys, and its old single-file cache."""
    prefix = keys.folder_name(corpus_dir)
    for entry in Path(cache_dir).glob(f"{prefix}*"):
        if entry == keep or entry.suffix == ".stamps":
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)  # index-….bin: the pickle format, never read again


def load_cached(corpus_dir: Path, cache_dir: Path | None) -> tuple[Corpus, SearchIndex] | None:
    """Return the cached corpus and index when the cache is current and intact, else None."""
    if cache_dir is None:
        return None
    try:
        key = cache_key(corpus_dir, cache_dir)
    except OSError:
        return None  # an unreadable folder: building says what is wrong with it
    folder = cache_path(corpus_dir, cache_dir, key)
    if not folder.is_dir():
        return None
    try:
        meta = _read_meta(folder, key)
        loaded = read_index(folder, meta, Path(corpus_dir))
    except (OSError, EOFError, ValueError, KeyError, TypeError, IndexError, OverflowError) as error:
        logger.warning("index cache %s unusable (%s); rebuilding", folder, error)
        return None
    logger.info("index loaded from cache %s", folder)
    return loaded


def _read_meta(folder: Path, key: str) -> dict[str, Any]:
    """The folder's metadata, if it is this format and this key (ValueError otherwise)."""
    meta = json.loads((folder / "meta.json").read_bytes())
    if not isinstance(meta, dict) or meta.get("format") != keys.FORMAT:
        raise ValueError("not a newsbot index cache of this format")
    if meta.get("key") != key:
        raise ValueError("built from other pages or code")
    return meta
