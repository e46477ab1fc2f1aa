"""The one atomic-write helper: the whole file or the old one, never half of it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.atomic import write_atomically


def test_writes_every_chunk(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    write_atomically(target, [b"ab", memoryview(b"cd")])
    assert target.read_bytes() == b"abcd"
    write_atomically(target, [b"new"])
    assert target.read_bytes() == b"new"


def test_a_failure_midway_keeps_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")

    def chunks() -> Iterator[bytes]:
        yield b"half"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, chunks())
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.bin"]


@pytest.mark.parametrize("hard_links", [True, False])
def test_no_overwrite_refuses_an_existing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    if not hard_links:  # a file system without them: the exclusive-create path

        def no_link(*_: object) -> None:
            raise OSError("links not supported")

        monkeypatch.setattr(os, "link", no_link)
    target = tmp_path / "page.txt"
    write_atomically(target, [b"first"], overwrite=False)
    assert target.read_bytes() == b"first"
    with pytest.raises(FileExistsError):
        write_atomically(target, [b"second"], overwrite=False)
    assert target.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["page.txt"]
