"""WordTable: lookups over plain arrays, and what a damaged table does."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.text.wordtable import WordTable

WORDS = {"会议": 5, "会见": 3, "安置房": 9, "安全": 7, "二七": 1, "a": 2}


def test_lookups_match_the_dict() -> None:
    table = WordTable.from_dict(WORDS)
    assert dict(table.items()) == WORDS
    assert table["安置房"] == 9
    assert table.get("安置", -1) == -1
    assert "会见" in table
    assert "会" not in table
    assert "" not in table
    assert len(table) == len(WORDS)


def test_a_group_with_a_missing_word_reads_as_unknown_and_others_still_work() -> None:
    arrays = WordTable.from_dict(WORDS).arrays()
    blob = arrays["blob"].tobytes().replace("会见\n".encode(), "会见_".encode())  # one newline lost
    damaged = WordTable({**arrays, "blob": np.frombuffer(blob, dtype=np.uint8)})
    assert damaged.get("会议") is None  # its group is unreadable
    assert "会见" not in damaged
    assert damaged["安置房"] == 9  # other groups are untouched


@pytest.mark.parametrize(
    "change",
    [
        lambda a: {**a, "heads": a["heads"][::-1].copy()},
        lambda a: {**a, "starts": a["starts"][:-1]},
        lambda a: {**a, "offsets": a["offsets"] + 1},
        lambda a: {**a, "blob": a["blob"][:-1]},
        lambda a: {**a, "values": a["values"].astype(np.int32)},
        lambda a: {k: v for k, v in a.items() if k != "blob"},
    ],
)
def test_a_table_whose_structure_is_broken_is_refused(change) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="word table"):
        WordTable(change(WordTable.from_dict(WORDS).arrays()))
