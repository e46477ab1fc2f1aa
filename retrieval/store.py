"""The index cache: one checksummed file per corpus holding its articles and search tables.

Layout: a magic line, a JSON header line (cache key, payload size, payload sha256), then the
payload (a pickle of ``(Corpus, SearchIndex)``).  The key is the corpus folder's fingerprint
(page bytes + manifest), the word-override file, the packaged word lists and INDEX_VERSION,
so changed pages or code rebuild the cache.  Files are written atomically (temp file, fsync,
os.replace); a file whose size or checksum does not match is logged and rebuilt, never
unpickled.  Unpickling is safe here because only a file whose sha256 matches the header that
this code wrote is loaded, from the user's own cache folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import tempfile
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrieval.bm25 import USERDICT
from retrieval.corpus import fingerprint_folder

if TYPE_CHECKING:
    from retrieval.corpus import Corpus
    from retrieval.index import SearchIndex

logger = logging.getLogger(__name__)

# Bump whenever segmentation, scoring or the pickled classes change shape.
INDEX_VERSION = "index-1"
MAGIC = b"NEWSBOT-INDEX\n"
_MAX_HEADER = 4096


def cache_path(corpus_dir: Path, cache_dir: Path) -> Path:
    """Return the cache file of a corpus folder (one per folder, named by its path)."""
    folder = str(Path(corpus_dir).resolve()).encode("utf-8")
    return Path(cache_dir) / f"index-{hashlib.sha256(folder).hexdigest()[:16]}.bin"


def cache_key(corpus_dir: Path) -> str:
    """Digest everything an index depends on: pages, manifest, overrides, word lists, code."""
    digest = hashlib.sha256(INDEX_VERSION.encode())
    digest.update(fingerprint_folder(Path(corpus_dir)).encode())
    overrides = Path(corpus_dir) / USERDICT
    digest.update(overrides.read_bytes() if overrides.is_file() else b"-")
    data = resources.files("retrieval").joinpath("data")
    for name in sorted(entry.name for entry in data.iterdir() if entry.name.endswith(".txt")):
        digest.update(name.encode() + data.joinpath(name).read_bytes())
    return digest.hexdigest()


def save(corpus: Corpus, index: SearchIndex, cache_dir: Path) -> Path | None:
    """Persist a corpus and its index atomically; log and return None when it cannot."""
    payload = pickle.dumps((corpus, index), protocol=pickle.HIGHEST_PROTOCOL)
    header = {
        "key": cache_key(corpus.directory),
        "size": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    target = cache_path(corpus.directory, cache_dir)
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        _write_atomically(target, MAGIC + json.dumps(header).encode() + b"\n", payload)
    except OSError as error:
        logger.warning("could not write the index cache %s: %s", target, error)
        return None
    logger.info("index cache written to %s (%d bytes)", target, len(payload))
    return target


def _write_atomically(target: Path, header: bytes, payload: bytes) -> None:
    """Write to a temp file beside ``target``, fsync it, then rename it over ``target``."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(header)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load_cached(corpus_dir: Path, cache_dir: Path | None) -> tuple[Corpus, SearchIndex] | None:
    """Return the cached corpus and index when the cache is current and intact, else None."""
    if cache_dir is None:
        return None
    path = cache_path(corpus_dir, cache_dir)
    payload = _read_payload(path, cache_key(corpus_dir))
    if payload is None:
        return None
    try:
        loaded: Any = pickle.loads(payload)  # noqa: S301 - checksum verified, our own file
    except Exception as error:  # any unpickling failure means "rebuild"
        logger.warning("index cache %s unreadable (%s); rebuilding", path, error)
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == 2):
        logger.warning("index cache %s holds something else; rebuilding", path)
        return None
    logger.info("index loaded from cache %s", path)
    return loaded[0], loaded[1]


def _read_payload(path: Path, key: str) -> bytes | None:
    """Return the payload of a cache file whose key, size and checksum all match."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(MAGIC))
            header = _parse_header(handle.readline(_MAX_HEADER))
            payload = handle.read()
    except FileNotFoundError:
        return None
    except OSError as error:
        logger.warning("index cache %s unreadable (%s); rebuilding", path, error)
        return None
    if magic != MAGIC or header is None:
        logger.warning("index cache %s has a damaged header; rebuilding", path)
        return None
    if header.get("key") != key:
        logger.info("index cache %s is for other pages or code; rebuilding", path)
        return None
    if header.get("size") != len(payload) or header.get("sha256") != _sha256(payload):
        logger.warning("index cache %s is truncated or corrupted (checksum); rebuilding", path)
        return None
    return payload


def _parse_header(line: bytes) -> dict[str, Any] | None:
    """Decode the JSON header line, or None when it is not one."""
    try:
        header = json.loads(line)
    except ValueError:
        return None
    return header if isinstance(header, dict) else None


def _sha256(data: bytes) -> str:
    """Hex sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()
