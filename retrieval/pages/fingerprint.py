"""A corpus folder's content digest, re-hashing only the page files whose stat changed.

The digest covers the parser version, every page file's name and sha256, and the manifest's
bytes — never parsed, so it is cheap to take.  Hashing 4,000 pages (45 MB) still costs about
0.15 s, so ``scan_folder`` takes *stamps* (name → size, mtime, ctime, inode, sha256) from an
earlier scan and reuses a file's sha256 when its stat is unchanged.

When a stamp is trusted: same size, mtime_ns, ctime_ns and inode.  Any write to a file sets
its ctime to the current time (no user call can set ctime back), and replacing a file gives a
new inode, so a content change goes unnoticed only if the clock steps backwards onto the old
ctime.  One residual case is handled explicitly: a write within the same timestamp tick as
the scan (timestamps are coarse: ~4 ms on ext4, 2 s on FAT) would leave the stat unchanged,
so a file changed less than ``RACY_NS`` before its scan gets a stamp that is never trusted —
it is hashed again next time (the way git treats "racily clean" index entries).  Callers that
must not rely on stat at all pass no stamps.

The stamps file's first line can also record a digest its caller derived from a scan, with
the stats it was derived under (``stats_key``: every page's name and stat, the manifest's
bytes and the parser version, plus whatever else the caller adds), when every stamp of that
scan was trusted.  A start whose stats are the same reuses that digest outright: the stamps
themselves are not even read (``load_quick``).  retrieval/search/keys.py records the cache
key this way.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import os
import re
import time
from pathlib import Path

from retrieval.atomic import write_atomically
from retrieval.pages.manifest import MANIFEST

__all__ = [
    "PAGE_GLOB",
    "PARSER_VERSION",
    "Stamps",
    "fingerprint_folder",
    "load_quick",
    "load_stamps",
    "page_files",
    "page_stats",
    "save_stamps",
    "scan_folder",
    "stat_identity",
    "stats_key",
]

logger = logging.getLogger(__name__)

# Bump when parsing changes what a page yields, so caches keyed by the fingerprint go stale.
PARSER_VERSION = b"pages-2"
PAGE_GLOB = "*.txt"
# A file changed this recently before a scan is hashed again at the next scan.
RACY_NS = 3_000_000_000

STAMPS_VERSION = 2  # 2: a first line with the stats key and the digest it stands for
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")
_IS_PAGE = re.compile(fnmatch.translate(PAGE_GLOB)).match  # fnmatchcase, compiled once
# name → (size, mtime_ns, ctime_ns, inode, sha256 hex); size -1 marks a never-trusted stamp.
Stamps = dict[str, tuple[int, int, int, int, str]]


def page_files(directory: Path) -> list[Path]:
    """The page files of a folder, by name."""
    return sorted(path for path in directory.glob(PAGE_GLOB) if path.is_file())


def fingerprint_folder(directory: Path) -> str:
    """Digest the folder's page names and bytes and its manifest, hashing every page."""
    return scan_folder(directory, {})[0]


def scan_folder(
    directory: Path, known: Stamps, stats: list[tuple[str, os.stat_result]] | None = None
) -> tuple[str, Stamps]:
    """Return the folder digest and fresh stamps, trusting ``known`` for unchanged files.

    The digest equals ``fingerprint_folder``'s whatever ``known`` holds: a stamp is only a
    memo of a file's sha256 for one exact stat.  ``stats``: ``page_stats(directory)``, when
    the caller has just taken it.
    """
    now = time.time_ns()
    stamps: Stamps = {}
    # One sha256 over the joined parts equals updating it part by part; at every start this
    # loop runs once per page, so it is kept to the stat comparison and two tuples.
    parts = [PARSER_VERSION]
    for name, stat in page_stats(Path(directory)) if stats is None else stats:
        seen = stat_identity(stat)
        stamp = known.get(name)
        if stamp is not None and stamp[0] >= 0 and stamp[:4] == seen:
            sha: str | None = stamp[4]
        else:
            sha = _hash_file(Path(directory) / name)
        if sha is not None:
            stamps[name] = _stamp(seen, sha, now)
        content = bytes.fromhex(sha) if sha is not None else b"unreadable"
        # surrogateescape: a file name that is not UTF-8 still has its own bytes to digest.
        parts += (name.encode("utf-8", "surrogateescape"), b"\0", content)
    manifest = Path(directory) / MANIFEST
    if manifest.is_file():
        parts.append(b"manifest\0" + manifest.read_bytes())
    return hashlib.sha256(b"".join(parts)).hexdigest(), stamps


def stats_key(directory: Path, stats: list[tuple[str, os.stat_result]]) -> str:
    """Digest the page files' names and stat (``page_stats``), the manifest's bytes and the
    parser version: a folder whose stats key is unchanged has an unchanged digest, as long
    as the scan that recorded it trusted every stamp."""
    lines = [PARSER_VERSION]
    for name, stat in stats:
        size, mtime, ctime, inode = stat_identity(stat)
        line = f"{name}\0{size}\0{mtime}\0{ctime}\0{inode}\n"
        lines.append(line.encode("utf-8", "surrogateescape"))
    manifest = Path(directory) / MANIFEST
    try:
        lines.append(b"manifest\0" + manifest.read_bytes())
    except OSError:  # absent (or unreadable, which scan_folder treats as absent too)
        lines.append(b"no manifest")
    return hashlib.sha256(b"".join(lines)).hexdigest()


def stat_identity(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What a stamp trusts of a file's stat: size, mtime, ctime and inode (module docstring)."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def page_stats(directory: Path) -> list[tuple[str, os.stat_result]]:
    """The page files of a folder with their stat, by name (same files as page_files)."""
    found = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if _IS_PAGE(entry.name):
                try:
                    if entry.is_file():
                        found.append((entry.name, entry.stat()))
                except OSError:  # vanished or unreadable meanwhile: not a page now
                    continue
    return sorted(found, key=lambda item: item[0])


def trusted(stamps: Stamps, stats: list[tuple[str, os.stat_result]]) -> bool:
    """Whether a scan's stamps vouch for its whole folder: every page was read and none
    changed too close to the scan to trust its stat."""
    return len(stamps) == len(stats) and all(stamp[0] >= 0 for stamp in stamps.values())


def _stamp(seen: tuple[int, int, int, int], sha: str, now: int) -> tuple[int, int, int, int, str]:
    """A stamp for one file; one changed too close to ``now`` is marked never to be trusted."""
    size, mtime, ctime, inode = seen
    racy = max(mtime, ctime) > now - RACY_NS
    return (-1 if racy else size, mtime, ctime, inode, sha)


def _hash_file(path: Path) -> str | None:
    """The sha256 of a file's bytes, or None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def load_quick(path: Path) -> tuple[str, str] | None:
    """The (stats, digest) pair save_stamps recorded, reading only the file's first line;
    None when there is none or the file is missing or damaged."""
    try:
        with open(path, "rb") as file:
            header = json.loads(file.readline())
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("version") != STAMPS_VERSION:
        return None
    seen, digest = header.get("seen"), header.get("digest")
    if type(seen) is str and type(digest) is str and _SHA256.match(seen) and _SHA256.match(digest):
        return seen, digest
    return None


def load_stamps(path: Path) -> Stamps:
    """Read stamps saved by save_stamps; {} when the file is missing or damaged."""
    try:
        header, _, body = Path(path).read_bytes().partition(b"\n")
        version = json.loads(header).get("version")
        loaded = json.loads(body)
    except (OSError, ValueError, AttributeError):
        return {}
    if version != STAMPS_VERSION or not isinstance(loaded, dict):
        return {}
    entries = loaded.get("pages")
    if not isinstance(entries, dict):
        return {}
    return {name: tuple(entry) for name, entry in entries.items() if _is_stamp(entry)}


def _is_stamp(entry: object) -> bool:
    """Whether a decoded JSON value has a stamp's shape: four ints and a sha256 in hex."""
    # Spelled out rather than all(...): it runs once per page at every start.
    return (
        type(entry) is list
        and len(entry) == 5
        and type(entry[0]) is int
        and type(entry[1]) is int
        and type(entry[2]) is int
        and type(entry[3]) is int
        and type(entry[4]) is str
        and _SHA256.match(entry[4]) is not None
    )


def save_stamps(path: Path, stamps: Stamps, quick: tuple[str, str] | None = None) -> None:
    """Write stamps atomically (temp file, rename); a failure only costs re-hashing later.

    ``quick``: a digest taken from the scan that made these stamps, with the stats it was
    taken under, as (stats, digest); only when that scan trusted every stamp (``trusted``).
    """
    seen, digest = quick if quick is not None else (None, None)
    header = json.dumps({"version": STAMPS_VERSION, "seen": seen, "digest": digest})
    # ASCII escapes keep non-UTF-8 file names (surrogates) intact through JSON.
    data = header + "\n" + json.dumps({"pages": stamps})
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, [data.encode("ascii")])
    except OSError as error:
        logger.info("could not record page stamps in %s: %s", target, error)
