"""The index cache holds data only: a crafted pickle anywhere in it is refused, never run."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import numpy as np
import pytest

from retrieval.engine import Engine
from retrieval.search import cache as store
from retrieval.search.keys import folder_name
from retrieval.search.layout import ARRAY_FILES, JSON_FILES

QUESTION = "安置房建设工作专题会是哪天开的"
RETRIEVAL = Path(__file__).resolve().parent.parent / "retrieval"


class Payload:
    """Creates a file when unpickled: proof that a loader ran code from the cache."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return Path.touch, (self.target,)


def crafted(kind: str, target: Path) -> bytes:
    """A payload as a bare pickle, or as a .npy file of one object holding it."""
    if kind == "pickle":
        return pickle.dumps(Payload(target), protocol=5)
    stream = Path(f"{target}.npy")
    np.save(stream, np.array([Payload(target)], dtype=object), allow_pickle=True)
    data = stream.read_bytes()
    stream.unlink()
    return data


def cache_folder(cache_dir: Path) -> Path:
    """The one index folder in a cache folder."""
    (found,) = (p for p in cache_dir.glob("index-*") if p.is_dir())
    return found


@pytest.mark.parametrize("kind", ["pickle", "npy-object"])
@pytest.mark.parametrize("name", [*JSON_FILES, *ARRAY_FILES, "<old index-….bin>"])
def test_crafted_pickle_is_never_executed(
    corpus_copy: Path, tmp_path: Path, name: str, kind: str
) -> None:
    cache = tmp_path / "cache"
    expected = Engine.open(corpus_copy, cache).ask(QUESTION)
    target = tmp_path / "pwned"
    if name.startswith("<old"):  # where the pickle format's loader looked
        path = cache / f"{folder_name(corpus_copy)}.bin"
    else:
        path = cache_folder(cache) / name
    path.write_bytes(crafted(kind, target))
    engine = Engine.open(corpus_copy, cache)
    assert not target.exists()
    assert engine.ask(QUESTION) == expected
    again = store.load_cached(corpus_copy, cache)  # the rebuilt (or untouched) cache loads
    assert again is not None
    assert not target.exists()


def test_payload_does_run_when_unpickled(tmp_path: Path) -> None:
    """The test's own payload is live: unpickling it creates the file."""
    target = tmp_path / "pwned"
    pickle.loads(crafted("pickle", target))
    assert target.exists()


def test_retrieval_never_unpickles() -> None:
    sources = {p.name: p.read_text(encoding="utf-8") for p in RETRIEVAL.rglob("*.py")}
    imports = re.compile(r"^\s*(?:import|from)\s+(?:pickle|shelve|marshal|dill|joblib)\b", re.M)
    assert [name for name, text in sources.items() if imports.search(text)] == []
    assert [name for name, text in sources.items() if "allow_pickle=True" in text] == []
    loads = [call for text in sources.values() for call in re.findall(r"np\.load\([^)]*\)", text)]
    assert loads
    assert all("allow_pickle=False" in call for call in loads)
