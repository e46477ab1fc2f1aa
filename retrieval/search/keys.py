"""The index cache key: a digest of everything an index is built from, cheap to take.

Pages and manifest (through the stamps sidecar, so unchanged pages are not re-read), the
word-override file, the package's version and the versions of the libraries that cut and
normalise text, and the code and data files that build an index: ``retrieval/text``,
``retrieval/pages``, ``retrieval/search``, ``retrieval/models.py``, ``retrieval/data`` and
``retrieval/answers/extract.py`` (whose per-article flags the cache stores).
Editing any of them rebuilds the cache; nothing is bumped by hand.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from retrieval import __version__
from retrieval.pages.fingerprint import (
    Stamps,
    load_quick,
    load_stamps,
    page_stats,
    save_stamps,
    scan_folder,
    stat_identity,
    stats_key,
    trusted,
)

__all__ = ["FORMAT", "USERDICT", "cache_key", "folder_name", "read_stamps", "stamps_path"]

FORMAT = "newsbot-index/3"  # the cache folder's layout (3: articles read on demand)
USERDICT = "userdict.dict"  # not *.txt: the corpus loader reads those as pages
_BUILDERS = ("text", "pages", "search")  # sub-packages whose code shapes an index
# Modules of those packages that only answer queries over a built index: editing them
# changes no cached byte, so it must not throw away (and rebuild) a million-passage index.
QUERY_ONLY = frozenset(
    {"search/kernel.py", "search/maxscore.py", "search/pruning.py", "search/selection.py"}
)
_LIBRARIES = ("jieba", "rjieba", "opencc", "numpy")  # rjieba: a large corpus is cut by it


def folder_name(corpus_dir: Path) -> str:
    """The stem every cache entry of a corpus folder starts with (one per folder path)."""
    folder = str(Path(corpus_dir).resolve()).encode("utf-8")
    return f"index-{hashlib.sha256(folder).hexdigest()[:16]}"


def stamps_path(corpus_dir: Path, cache_dir: Path) -> Path:
    """Return the stamps sidecar of a corpus folder's cache."""
    return Path(cache_dir) / f"{folder_name(corpus_dir)}.stamps"


def cache_key(corpus_dir: Path, cache_dir: Path | None = None) -> str:
    """Digest everything an index depends on: pages, manifest, overrides, versions, code.

    With ``cache_dir``, pages whose stat matches the stamps sidecar are not re-read (the
    digest is the same either way); the sidecar is updated when a page had to be hashed.
    The sidecar also records the key with the *stats key* it was taken under (every page's,
    code file's and library's stat, the manifest's and overrides' bytes): while that is
    unchanged, so is the key, and a start stats those files and hashes nothing.
    """
    corpus_dir = Path(corpus_dir)
    if cache_dir is None:
        return _key(scan_folder(corpus_dir, {})[0], corpus_dir)
    path = stamps_path(corpus_dir, cache_dir)
    stats = page_stats(corpus_dir)
    seen = hashlib.sha256(
        f"{stats_key(corpus_dir, stats)};{_code_stats()};".encode() + _overrides(corpus_dir)
    ).hexdigest()
    quick = load_quick(path)
    if quick is not None and quick[0] == seen:
        return quick[1]
    known = load_stamps(path)
    fingerprint, stamps = scan_folder(corpus_dir, known, stats)
    key = _key(fingerprint, corpus_dir)
    record = (seen, key) if trusted(stamps, stats) else None
    if stamps != known or record != quick:
        save_stamps(path, stamps, record)
    return key


def _key(fingerprint: str, corpus_dir: Path) -> str:
    """The cache key from the folder digest, the code digest and the word overrides."""
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(code_digest().encode())
    digest.update(fingerprint.encode())
    digest.update(_overrides(corpus_dir))
    return digest.hexdigest()


def _overrides(corpus_dir: Path) -> bytes:
    """The word-override file's bytes ("-" when there is none)."""
    overrides = Path(corpus_dir) / USERDICT
    return overrides.read_bytes() if overrides.is_file() else b"-"


@cache
def code_digest() -> str:
    """Digest the library versions and the code and data files that build an index.

    Taken once per process: installed code does not change under a running process.
    """
    digest = hashlib.sha256()
    digest.update(f"newsbot={__version__};".encode())
    for name in _LIBRARIES:
        digest.update(f"{name}={_version(name)};".encode())
    for file in _code_files():
        data = file.read_bytes()
        digest.update(f"{file.name}:{len(data)}:".encode() + data)
    return digest.hexdigest()


def _code_files() -> list[Path]:
    """The code and data files whose bytes shape an index, in digest order."""
    root = _package_root()
    # answers/extract.py decides the per-article flags an engine stores (meeting held).
    files = [root / "models.py", root / "answers" / "extract.py", *_files(root / "data")]
    for package in _BUILDERS:
        files += [
            f
            for f in _files(root / package)
            if f.name.endswith(".py") and f"{package}/{f.name}" not in QUERY_ONLY
        ]
    return files


def _package_root() -> Path:
    """The folder of the retrieval package."""
    return Path(__file__).resolve().parent.parent


@cache
def _code_stats() -> str:
    """What stands in for ``code_digest`` in the stats key: the stat of each code file and
    of each library's entry module (an upgrade rewrites it: a new inode and ctime)."""
    parts = [__version__]
    for name in _LIBRARIES:
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        parts.append(f"{name}:{_stat(Path(origin)) if origin else '-'}")
    parts += (f"{file}:{_stat(file)}" for file in _code_files())
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _stat(path: Path) -> str:
    """A file's size, mtime, ctime and inode, as page stamps trust them ("-": unreadable)."""
    try:
        return ",".join(map(str, stat_identity(path.stat())))
    except OSError:
        return "-"


def _files(folder: Path) -> list[Path]:
    """The files of a package folder, sorted by name (caches and sub-folders aside)."""
    return sorted((f for f in folder.iterdir() if f.is_file()), key=lambda f: f.name)


def _version(distribution: str) -> str:
    """An installed distribution's version ("-" when it is not installed)."""
    from importlib import metadata  # noqa: PLC0415 - ~20 ms to import; only a full key needs it

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def read_stamps(corpus_dir: Path, cache_dir: Path | None) -> Stamps:
    """Return the page stamps last recorded for a corpus folder ({} if none or damaged)."""
    return {} if cache_dir is None else load_stamps(stamps_path(corpus_dir, cache_dir))
