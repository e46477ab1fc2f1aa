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
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from retrieval.pages.fingerprint import Stamps, load_stamps, save_stamps, scan_folder

__all__ = ["FORMAT", "USERDICT", "cache_key", "folder_name", "read_stamps", "stamps_path"]

FORMAT = "newsbot-index/3"  # the cache folder's layout (3: articles read on demand)
USERDICT = "userdict.dict"  # not *.txt: the corpus loader reads those as pages
_BUILDERS = ("text", "pages", "search")  # sub-packages whose code shapes an index
# Modules of those packages that only answer queries over a built index: editing them
# changes no cached byte, so it must not throw away (and rebuild) a million-passage index.
QUERY_ONLY = frozenset({"search/kernel.py", "search/maxscore.py", "search/selection.py"})
_LIBRARIES = ("newsbot", "jieba", "opencc", "numpy")


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
    """
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(code_digest().encode())
    digest.update(folder_fingerprint(Path(corpus_dir), cache_dir).encode())
    overrides = Path(corpus_dir) / USERDICT
    digest.update(overrides.read_bytes() if overrides.is_file() else b"-")
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """Digest the library versions and the code and data files that build an index.

    Taken once per process: installed code does not change under a running process.
    """
    digest = hashlib.sha256()
    for name in _LIBRARIES:
        digest.update(f"{name}={_version(name)};".encode())
    root = resources.files("retrieval")
    # answers/extract.py decides the per-article flags an engine stores (meeting held).
    files = [root / "models.py", root / "answers" / "extract.py", *_files(root / "data")]
    for package in _BUILDERS:
        files += [
            f
            for f in _files(root / package)
            if f.name.endswith(".py") and f"{package}/{f.name}" not in QUERY_ONLY
        ]
    for file in files:
        data = file.read_bytes()
        digest.update(f"{file.name}:{len(data)}:".encode() + data)
    return digest.hexdigest()


def _files(folder: Traversable) -> list[Traversable]:
    """The files of a package folder, sorted by name (caches and sub-folders aside)."""
    return sorted((f for f in folder.iterdir() if f.is_file()), key=lambda f: f.name)


def _version(distribution: str) -> str:
    """An installed distribution's version ("-" when it is not installed, e.g. run from src)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


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
