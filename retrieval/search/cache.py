"""The index cache: one checksummed file per corpus holding its articles and search tables.

Layout: a magic line, a JSON header line (cache key, section sizes, payload sha256), then the
payload: a pickle of ``(Corpus, SearchIndex)`` followed by the raw bytes of its numpy arrays
(pickle protocol 5 out-of-band buffers), which load as views of the file's bytes, without a
copy.  The key is the corpus folder's fingerprint (page bytes + manifest), the word-override
file, the packaged word lists and INDEX_VERSION, so changed pages or code rebuild the cache.
Files are written atomically (temp file, fsync, os.replace); a file whose size or checksum
does not match is logged and rebuilt, never unpickled.  Unpickling is safe here because only
a file whose sha256 matches the header that this code wrote is loaded, from the user's own
cache folder.

The key is a digest of content, but taking it does not re-read every page: a small sidecar
(``index-….stamps``) remembers each page's stat and sha256 (see retrieval/pages/fingerprint.py),
so only pages whose size, mtime, ctime or inode changed are hashed again.  The sidecar is a
hint only: missing or damaged, every page is hashed, and a wrong entry can only change the
derived key, which then fails to match (a rebuild, never a stale load).
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import json
import logging
import os
import pickle
import tempfile
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrieval.models import Article, Byline
from retrieval.pages.corpus import PageInfo
from retrieval.pages.fingerprint import Stamps, load_stamps, save_stamps, scan_folder
from retrieval.search.bm25 import USERDICT

if TYPE_CHECKING:
    from retrieval.pages.corpus import Corpus
    from retrieval.search.index import SearchIndex

logger = logging.getLogger(__name__)

# Bump whenever segmentation, scoring or the pickled classes change shape.
INDEX_VERSION = "index-5"  # 5: mined abbreviations (二七经开区 ↔ 二七经济技术开发区)
MAGIC = b"NEWSBOT-INDEX\n"
_MAX_HEADER = 4096


def cache_path(corpus_dir: Path, cache_dir: Path) -> Path:
    """Return the cache file of a corpus folder (one per folder, named by its path)."""
    folder = str(Path(corpus_dir).resolve()).encode("utf-8")
    return Path(cache_dir) / f"index-{hashlib.sha256(folder).hexdigest()[:16]}.bin"


def stamps_path(corpus_dir: Path, cache_dir: Path) -> Path:
    """Return the stamps sidecar of a corpus folder's cache file."""
    return cache_path(corpus_dir, cache_dir).with_suffix(".stamps")


def cache_key(corpus_dir: Path, cache_dir: Path | None = None) -> str:
    """Digest everything an index depends on: pages, manifest, overrides, word lists, code.

    With ``cache_dir``, pages whose stat matches the stamps sidecar are not re-read (the
    digest is the same either way); the sidecar is updated when a page had to be hashed.
    """
    digest = hashlib.sha256(INDEX_VERSION.encode())
    digest.update(folder_fingerprint(Path(corpus_dir), cache_dir).encode())
    overrides = Path(corpus_dir) / USERDICT
    digest.update(overrides.read_bytes() if overrides.is_file() else b"-")
    data = resources.files("retrieval").joinpath("data")
    for name in sorted(entry.name for entry in data.iterdir() if entry.name.endswith(".txt")):
        digest.update(name.encode() + data.joinpath(name).read_bytes())
    return digest.hexdigest()


def folder_fingerprint(corpus_dir: Path, cache_dir: Path | None) -> str:
    """The corpus folder's content digest, using and refreshing the stamps sidecar."""
    if cache_dir is None:
        return scan_folder(corpus_dir, {})[0]
    known = read_stamps(corpus_dir, cache_dir)
    fingerprint, stamps = scan_folder(corpus_dir, known)
    if stamps != known:
        save_stamps(stamps_path(corpus_dir, cache_dir), stamps)
    return fingerprint


def read_stamps(corpus_dir: Path, cache_dir: Path | None) -> Stamps:
    """Return the page stamps last recorded for a corpus folder ({} if none or damaged)."""
    return {} if cache_dir is None else load_stamps(stamps_path(corpus_dir, cache_dir))


def _reduce_article(article: Article) -> tuple[type[Article], tuple[Any, ...]]:
    """Pickle an article as its constructor's arguments (dataclass setstate is 4× slower)."""
    return Article, tuple(getattr(article, name) for name in Article.__slots__)


def _reduce_page(page: PageInfo) -> tuple[type[PageInfo], tuple[Any, ...]]:
    """Pickle a page record as its constructor's arguments (one per page file)."""
    return PageInfo, tuple(getattr(page, name) for name in PageInfo.__slots__)


def _reduce_byline(byline: Byline) -> tuple[type[Byline], tuple[Any, ...]]:
    """Pickle a byline as its constructor's arguments."""
    return Byline, (byline.reporters, byline.correspondents)


def _dump(obj: object) -> tuple[bytes, list[pickle.PickleBuffer]]:
    """Pickle ``obj``, keeping array contents out of band."""
    buffers: list[pickle.PickleBuffer] = []
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=5, buffer_callback=buffers.append)
    # Fast reductions for the corpus's many small frozen dataclasses.
    pickler.dispatch_table = {
        **copyreg.dispatch_table,
        Article: _reduce_article,
        Byline: _reduce_byline,
        PageInfo: _reduce_page,
    }
    pickler.dump(obj)
    return stream.getvalue(), buffers


def save(
    corpus: Corpus, index: SearchIndex, cache_dir: Path, *, key: str | None = None
) -> Path | None:
    """Persist a corpus and its index atomically; log and return None when it cannot.

    ``key`` should be the cache key taken *before* the pages were read: a page that changes
    while the index builds then leaves a cache whose key no longer matches (a rebuild next
    time), never one that passes for the new content.
    """
    body, buffers = _dump((corpus, index))
    raws = [buffer.raw() for buffer in buffers]
    digest = hashlib.sha256(body)
    for raw in raws:
        digest.update(raw)
    header = {
        "key": key or cache_key(corpus.directory, cache_dir),
        "sections": [len(body), *(raw.nbytes for raw in raws)],
        "sha256": digest.hexdigest(),
    }
    target = cache_path(corpus.directory, cache_dir)
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        _write_atomically(target, MAGIC + json.dumps(header).encode() + b"\n", [body, *raws])
    except OSError as error:
        logger.warning("could not write the index cache %s: %s", target, error)
        return None
    logger.info("index cache written to %s", target)
    return target


def _write_atomically(target: Path, header: bytes, parts: list[Any]) -> None:
    """Write to a temp file beside ``target``, fsync it, then rename it over ``target``."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(header)
            for part in parts:
                handle.write(part)
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
    if not path.is_file():
        return None
    # No jieba warm-up thread here: unpickling the index loads jieba's dictionary anyway (its
    # words are registered), and a thread overlapping the read measured 40-60 ms slower at
    # 100k paragraphs (both hold the GIL for most of their work).
    sections = _read_sections(path, cache_key(corpus_dir, cache_dir))
    if sections is None:
        return None
    try:
        loaded: Any = pickle.loads(sections[0], buffers=sections[1:])  # noqa: S301 - sha256 checked
    except Exception as error:  # any unpickling failure means "rebuild"
        logger.warning("index cache %s unreadable (%s); rebuilding", path, error)
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == 2):
        logger.warning("index cache %s holds something else; rebuilding", path)
        return None
    logger.info("index loaded from cache %s", path)
    corpus, index = loaded
    if Path(corpus.directory) != Path(corpus_dir):  # same folder reached by another path
        corpus = dataclasses.replace(corpus, directory=Path(corpus_dir))
    return corpus, index


def _read_sections(path: Path, key: str) -> list[bytearray] | None:
    """Return the payload sections of a cache file whose key, sizes and checksum all match."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(MAGIC))
            header = _parse_header(handle.readline(_MAX_HEADER))
            if magic != MAGIC or header is None:
                logger.warning("index cache %s has a damaged header; rebuilding", path)
                return None
            if header.get("key") != key:
                logger.info("index cache %s is for other pages or code; rebuilding", path)
                return None
            sections = _read_checked(handle, header)
    except OSError as error:
        logger.warning("index cache %s unreadable (%s); rebuilding", path, error)
        return None
    if sections is None:
        logger.warning("index cache %s is truncated or corrupted (checksum); rebuilding", path)
    return sections


def _read_checked(handle: io.BufferedReader, header: dict[str, Any]) -> list[bytearray] | None:
    """Read the sections the header lists; None unless sizes and sha256 match exactly."""
    sizes = header.get("sections")
    if not isinstance(sizes, list) or not all(isinstance(n, int) and n >= 0 for n in sizes):
        return None
    digest = hashlib.sha256()
    sections = []
    for size in sizes:
        section = bytearray(size)
        if handle.readinto(section) != size:
            return None
        digest.update(section)
        sections.append(section)
    if handle.read(1) or digest.hexdigest() != header.get("sha256") or not sections:
        return None
    return sections


def _parse_header(line: bytes) -> dict[str, Any] | None:
    """Decode the JSON header line, or None when it is not one."""
    try:
        header = json.loads(line)
    except ValueError:
        return None
    return header if isinstance(header, dict) else None
