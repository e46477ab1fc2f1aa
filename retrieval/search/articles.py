"""Articles read from the index cache on demand: one is decoded only when a question reads it.

The cache holds every article's record (its fields but the paragraphs, as a JSON list) in one
UTF-8 blob with end offsets, every paragraph in a second blob, which paragraphs each article
has, and a 128-bit BLAKE2b digest per article over its record and paragraph bytes.  Opening
checks only sizes; reading an article checks its offsets, its digest and every field.  An
article that fails a check is never served: the store logs it, deletes the cache folder (the
next start rebuilds it) and serves the pages themselves from then on, parsed anew — the same
articles in the same order, since the cache key matched those pages.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

import numpy as np

from retrieval.models import Article
from retrieval.search.records import Codec

if TYPE_CHECKING:
    from retrieval.pages.corpus import Corpus

__all__ = ["DIGEST_BYTES", "ArticleStore", "LazyList", "Reparse", "article_digest", "decode_json"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
DIGEST_BYTES = 16


def article_digest(record: bytes, paragraphs: bytes) -> bytes:
    """The digest the cache keeps of one article's record and paragraph bytes."""
    digest = hashlib.blake2b(record, digest_size=DIGEST_BYTES)
    digest.update(paragraphs)
    return digest.digest()


class Reparse:
    """The way out of a damaged cache: drop the folder, parse the pages once, serve those."""

    def __init__(self, folder: Path, corpus_dir: Path) -> None:
        self.folder = folder
        self.corpus_dir = corpus_dir

    def corpus(self, reason: str) -> Corpus:
        """The parsed corpus (parsed on the first call, which logs why)."""
        if "parsed" not in self.__dict__:
            logger.warning("index cache %s damaged (%s); reading the pages", self.folder, reason)
            shutil.rmtree(self.folder, ignore_errors=True)
        return self.parsed

    @cached_property
    def parsed(self) -> Corpus:
        """The pages, parsed without the cache."""
        from retrieval.pages.corpus import load_corpus  # noqa: PLC0415 - the rare path

        return load_corpus(self.corpus_dir)


class ArticleStore(Sequence[Article]):
    """The cached articles as a sequence; each decoded and checked on first read, then kept."""

    def __init__(
        self, arrays: dict[str, np.ndarray], codec: Codec[Article], reparse: Reparse
    ) -> None:
        """``arrays``: records, record_ends, paragraphs, paragraph_ends, article_paragraphs,
        article_digests (see layout.py); their sizes must already agree."""
        self._a = arrays
        self._codec = codec
        self._reparse = reparse
        self._count = int(arrays["record_ends"].shape[0])
        self._decoded: dict[int, Article] = {}
        self._fallback: Sequence[Article] | None = None

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, position: int) -> Article: ...
    @overload
    def __getitem__(self, position: slice) -> list[Article]: ...
    def __getitem__(self, position: int | slice) -> Article | list[Article]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(self._count))]
        if position < 0:
            position += self._count
        if not 0 <= position < self._count:
            raise IndexError("article position out of range")
        if self._fallback is not None:
            return self._fallback[position]
        article = self._decoded.get(position)
        if article is None:
            article = self._decoded[position] = self._read(position)
        return article

    def __iter__(self) -> Iterator[Article]:
        return (self[i] for i in range(self._count))

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        """The memory-mapped arrays the articles are read from."""
        return self._a

    @property
    def decoded(self) -> int:
        """How many articles have been decoded so far (what laziness saves is the rest)."""
        return len(self._decoded)

    def _read(self, position: int) -> Article:
        """Decode one article; on any failed check, switch to the parsed pages."""
        try:
            return self._decode(position)
        except (ValueError, TypeError, IndexError, KeyError, OverflowError) as error:
            parsed = self._reparse.corpus(f"article {position}: {error}").articles
            if len(parsed) != self._count:
                raise ValueError("the pages no longer match the cache") from error
            self._fallback = parsed
            return parsed[position]

    def _decode(self, position: int) -> Article:
        """Cut an article's bytes out of the blobs, check its digest, decode its fields."""
        a = self._a
        record = _span(a["records"], a["record_ends"], position)
        first = int(a["article_paragraphs"][position - 1]) if position else 0
        last = int(a["article_paragraphs"][position])
        if not 0 <= first <= last <= a["paragraph_ends"].shape[0]:
            raise ValueError("paragraph numbers out of range")
        ends = [_end(a["paragraph_ends"], i) for i in range(first - 1, last)]
        if any(b < e for e, b in pairwise(ends)):
            raise ValueError("paragraph ends out of order")
        raw = _slice(a["paragraphs"], ends[0], ends[-1])
        if article_digest(record, raw).hex() != bytes(a["article_digests"][position]).hex():
            raise ValueError("digest mismatch")
        base = ends[0]
        paragraphs = [raw[s - base : e - base].decode("utf-8") for s, e in pairwise(ends)]
        row = json.loads(record)
        if type(row) is not list:
            raise ValueError("record is not a list")
        fields = self._codec.fields
        at = fields.index("paragraphs")
        return self._codec.decode([*row[:at], paragraphs, *row[at:]])


def _end(ends: np.ndarray, i: int) -> int:
    """Where item i ends (item -1 ends at 0)."""
    return int(ends[i]) if i >= 0 else 0


def _span(blob: np.ndarray, ends: np.ndarray, position: int) -> bytes:
    """The bytes of item ``position`` of a blob with end offsets."""
    return _slice(blob, _end(ends, position - 1), _end(ends, position))


def _slice(blob: np.ndarray, start: int, end: int) -> bytes:
    if not 0 <= start <= end <= blob.shape[0]:
        raise ValueError("offsets out of range")
    return blob[start:end].tobytes()


class LazyList(Sequence[T]):
    """A sequence of known length whose items are loaded (and checked) on first use."""

    def __init__(
        self, count: int, load: Callable[[], Sequence[T]], fallback: Callable[[], Sequence[T]]
    ) -> None:
        self._count = count
        self._load = load
        self._fallback = fallback

    @cached_property
    def _items(self) -> Sequence[T]:
        try:
            items = self._load()
        except (OSError, ValueError, TypeError, KeyError) as error:
            logger.warning("index cache record unusable (%s); using the pages", error)
            return self._fallback()
        if len(items) != self._count:
            return self._fallback()
        return items

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, position: int) -> T: ...
    @overload
    def __getitem__(self, position: slice) -> Sequence[T]: ...
    def __getitem__(self, position: int | slice) -> T | Sequence[T]:
        return self._items[position]


def decode_json(path: Path, sha256: Any) -> Any:
    """A JSON file of the cache, if its sha256 is the one recorded (ValueError otherwise)."""
    body = path.read_bytes()
    if hashlib.sha256(body).hexdigest() != sha256:
        raise ValueError(f"{path.name} does not match its checksum")
    return json.loads(body)
