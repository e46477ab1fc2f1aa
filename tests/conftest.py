"""Shared fixtures: the real seed pages and a real engine built over them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from retrieval.pages import fingerprint

if TYPE_CHECKING:
    from retrieval.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The bundled seed pages (read-only: copy before changing anything)."""
    return SEEDS


@pytest.fixture(scope="session")
def session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index cache folder shared by the session's engines, never the user's."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def engine(session_cache_dir: Path) -> Engine:
    """A real engine over the real seeds, built once per test session."""
    from retrieval.engine import Engine

    return Engine.open(SEEDS, session_cache_dir)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the seeds folder."""
    target = tmp_path / "corpus"
    target.mkdir()
    for page in SEEDS.iterdir():
        (target / page.name).write_bytes(page.read_bytes())
    return target


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the page files hashed; stamps of just-written files are trusted (no racy gap)."""
    monkeypatch.setattr(fingerprint, "RACY_NS", 0)
    names: list[str] = []
    real = fingerprint._hash_file

    def counting(path: Path) -> str | None:
        names.append(path.name)
        return real(path)

    monkeypatch.setattr(fingerprint, "_hash_file", counting)
    return names
