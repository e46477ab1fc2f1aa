"""A frozen word → integer table held in plain arrays, so it saves as .npy and loads by mmap.

Words are grouped by their first character.  A group is decoded into a dict the first time a
lookup needs it, so a process that looks up the words of one question reads a few kilobytes
of the table, not all of it.  Used for jieba's word frequencies (the query segmenter of a
cached index) and for an index's vocabulary (term → row).

Arrays (all one-dimensional):
``heads``   int32, the first characters' code points, strictly increasing;
``starts``  int64, len(heads)+1, where each group's words start in ``values``;
``offsets`` int64, len(heads)+1, where each group's bytes start in ``blob``;
``blob``    uint8, the words in UTF-8, each followed by a newline, grouped by head;
``values``  int64, one per word.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

__all__ = ["ARRAYS", "WordTable"]

ARRAYS = ("heads", "starts", "offsets", "blob", "values")
_DTYPES = {
    "heads": np.int32,
    "starts": np.int64,
    "offsets": np.int64,
    "blob": np.uint8,
    "values": np.int64,
}
_NEWLINE = 10


class WordTable(Mapping[str, int]):
    """A read-only mapping from words to integers over arrays (possibly memory-mapped)."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Wrap arrays laid out as the module docstring says; ValueError when they are not."""
        _check(arrays)
        self._heads = arrays["heads"]
        self._starts = arrays["starts"]
        self._offsets = arrays["offsets"]
        self._blob = arrays["blob"]
        self._values = arrays["values"]
        self._groups: dict[str, dict[str, int]] = {}

    @classmethod
    def from_dict(cls, words: Mapping[str, int]) -> WordTable:
        """Freeze a mapping (words holding a newline are left out: no lookup can ask for one)."""
        items = sorted(item for item in words.items() if item[0] and "\n" not in item[0])
        kept = [word for word, _ in items]
        codes = np.array([word[0] for word in kept], dtype="U1").view(np.int32)
        starts = np.flatnonzero(np.diff(codes, prepend=-1))  # sorted: a group is contiguous
        ends = np.append(starts, len(kept)).astype(np.int64)
        blob = np.frombuffer("".join(w + "\n" for w in kept).encode("utf-8"), dtype=np.uint8)
        word_at = np.concatenate([[0], np.flatnonzero(blob == _NEWLINE) + 1])  # byte starts
        return cls(
            {
                "heads": codes[starts].astype(np.int32),
                "starts": ends,
                "offsets": word_at[ends].astype(np.int64),
                "blob": blob,
                "values": np.array([value for _, value in items], dtype=np.int64),
            }
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays to persist, by name."""
        return {
            "heads": self._heads,
            "starts": self._starts,
            "offsets": self._offsets,
            "blob": self._blob,
            "values": self._values,
        }

    def __getitem__(self, word: str) -> int:
        if not isinstance(word, str) or not word:
            raise KeyError(word)
        return self._group(word[0])[word]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(word) and word in self._group(word[0])

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        """The word's value, or ``default``."""
        if not isinstance(word, str) or not word:
            return default
        return self._group(word[0]).get(word, default)

    def __len__(self) -> int:
        return int(self._values.shape[0])

    def __iter__(self) -> Iterator[str]:
        for head in self._heads.tolist():
            yield from self._group(chr(head))

    def _group(self, head: str) -> dict[str, int]:
        """The words starting with ``head`` (decoded once, then kept)."""
        group = self._groups.get(head)
        if group is None:
            group = self._groups[head] = self._decode(ord(head))
        return group

    def _decode(self, code: int) -> dict[str, int]:
        """Read one group out of the arrays."""
        i = int(np.searchsorted(self._heads, code))
        if i == self._heads.shape[0] or int(self._heads[i]) != code:
            return {}
        raw = self._blob[int(self._offsets[i]) : int(self._offsets[i + 1])].tobytes()
        words = raw.decode("utf-8", "replace").split("\n")[:-1]
        values = self._values[int(self._starts[i]) : int(self._starts[i + 1])].tolist()
        if len(words) != len(values):  # a damaged table: these words are unknown, no failure
            return {}
        return dict(zip(words, values, strict=True))


def _check(arrays: Mapping[str, np.ndarray]) -> None:
    """Raise ValueError unless the arrays are consistent, so no lookup can fail later."""
    for name, dtype in _DTYPES.items():
        array = arrays.get(name)
        if not isinstance(array, np.ndarray) or array.dtype != dtype or array.ndim != 1:
            raise ValueError(f"word table array {name!r} is missing or of the wrong type")
    heads, starts, offsets = arrays["heads"], arrays["starts"], arrays["offsets"]
    blob, values = arrays["blob"], arrays["values"]
    groups = heads.shape[0]
    if starts.shape[0] != groups + 1 or offsets.shape[0] != groups + 1:
        raise ValueError("word table group arrays disagree in length")
    if np.any(np.diff(heads) <= 0) or (groups and heads[0] < 0):
        raise ValueError("word table heads are not increasing")
    if starts[0] != 0 or starts[-1] != values.shape[0] or np.any(np.diff(starts) <= 0):
        raise ValueError("word table groups do not cover the values")
    if offsets[0] != 0 or offsets[-1] != blob.shape[0] or np.any(np.diff(offsets) <= 0):
        raise ValueError("word table groups do not cover the words")
    # Every group ends in a newline and the next starts right after it, so a group splits
    # into whole words; that a group holds as many words as values is checked when it is
    # decoded (counting every newline here read the whole blob, megabytes, at every start).
    if blob.shape[0] and blob[-1] != _NEWLINE:
        raise ValueError("word table words do not end in a newline")
    if np.any(blob[offsets[1:-1] - 1] != _NEWLINE):
        raise ValueError("word table groups do not start at a word")
