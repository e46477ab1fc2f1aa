"""The one way newsbot writes a file: all of it or nothing (temp file, fsync, rename)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomically(
    target: Path, chunks: Iterable[bytes | memoryview], *, overwrite: bool = True
) -> None:
    """Write the chunks to a temp file beside ``target``, fsync it, then move it into place.

    A reader sees the old file or the whole new one, never a half-written one. With
    ``overwrite=False`` an existing ``target`` is never replaced: FileExistsError instead.
    """
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp, target)
        else:
            _place_new(Path(temp), target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    fsync_folder(target.parent)


def _place_new(temp: Path, target: Path) -> None:
    """Give the temp file the target's name unless that name exists (atomic with hard links)."""
    try:
        os.link(temp, target)  # fails instead of overwriting
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system: an exclusive create instead
        with temp.open("rb") as source, target.open("xb") as out:
            shutil.copyfileobj(source, out)
            out.flush()
            os.fsync(out.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename durable where the platform allows it."""
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
