"""A replica's segmenter without the corpus: jieba's dictionary plus the corpus's own words.

The words a corpus adds to jieba's dictionary (its people, set phrases and the frequencies
they were taught with) are few; the indexer sends them to Solr in the meta document as the
entries that differ from jieba's packaged dictionary.  The packaged dictionary is the same for
every corpus: a replica freezes it once into ``words-jieba-VERSION.npz`` in its cache folder
(about 10 MB, built in a few seconds the first time, or at image build time) and overlays
the corpus's entries, so queries are cut exactly as the pages were without jieba's start-up.
"""

from __future__ import annotations

import io
import logging
from collections import defaultdict
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path

import numpy as np

from retrieval.atomic import write_atomically
from retrieval.text.segment import Segmenter, _jieba_dictionary
from retrieval.text.wordtable import WordTable

logger = logging.getLogger(__name__)


def word_delta(segmenter: Segmenter) -> dict[str, int]:
    """The entries of a corpus segmenter's dictionary that jieba's own lacks or counts otherwise."""
    base, _ = _jieba_dictionary()
    return {word: freq for word, freq in segmenter.words.items() if base.get(word) != freq}


def replica_segmenter(
    delta: Mapping[str, int], total: int, names: tuple[str, ...], folder: Path | None
) -> Segmenter:
    """A segmenter that cuts as the indexer's did: jieba's words overlaid with ``delta``."""
    return Segmenter(OverlaidWords(base_words(folder), delta), total, names)


def base_words(folder: Path | None) -> WordTable:
    """jieba's packaged dictionary, frozen; read from ``folder`` when saved there before."""
    path = folder / f"words-jieba-{metadata.version('jieba')}.npz" if folder else None
    if path is not None and path.is_file():
        try:
            with np.load(path, allow_pickle=False) as saved:
                return WordTable({name: saved[name] for name in saved.files})
        except (OSError, ValueError, KeyError) as error:
            logger.warning("rebuilding %s, unreadable: %s", path, error)
    table = WordTable.from_dict(_jieba_dictionary()[0])
    if path is not None:
        _save(table, path)
    return table


def _save(table: WordTable, path: Path) -> None:
    """Write the frozen dictionary atomically (a failure only costs the next start-up)."""
    buffer = io.BytesIO()
    np.savez(buffer, **table.arrays())  # type: ignore[arg-type]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, [buffer.getbuffer()])
    except OSError as error:
        logger.warning("cannot keep jieba's frozen dictionary in %s: %s", path.parent, error)


class OverlaidWords(WordTable):
    """A WordTable whose entries ``delta`` adds to or overrides (decoded per first character)."""

    def __init__(self, base: WordTable, delta: Mapping[str, int]) -> None:
        super().__init__(base.arrays())
        self._extra: dict[str, dict[str, int]] = defaultdict(dict)
        for word, freq in delta.items():
            if word:
                self._extra[word[0]][word] = int(freq)
        self._added = sum(1 for word in delta if word and word not in base)

    def __len__(self) -> int:
        return super().__len__() + self._added

    def __iter__(self) -> Iterator[str]:
        yield from super().__iter__()
        heads = set(self._heads.tolist())
        for head, words in self._extra.items():
            if ord(head) not in heads:
                yield from words

    def _decode(self, code: int) -> dict[str, int]:
        group = super()._decode(code)
        group.update(self._extra.get(chr(code), {}))
        return group
