"""The cache key follows the code that builds an index, not the code that only queries it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import retrieval
from retrieval.search import keys


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the retrieval package that code_digest reads instead of the installed one."""
    copy = tmp_path / "retrieval"
    shutil.copytree(Path(retrieval.__file__).parent, copy)
    monkeypatch.setattr(keys, "_package_root", lambda: copy)
    return copy


def digest() -> str:
    """The code digest taken afresh (the module caches it per process)."""
    return keys.code_digest.__wrapped__()  # type: ignore[no-any-return, attr-defined]


def stats() -> str:
    """What stands in for the code digest in the recorded key, taken afresh."""
    return keys._code_stats.__wrapped__()  # type: ignore[no-any-return, attr-defined]


# The code digest, and what stands in for it in the key recorded with the stamps: both
# follow the code that builds an index, and neither the code that only queries it.
TAKES = {"digest": digest, "recorded": stats}


def edit(path: Path) -> None:
    """Append a comment to a file of the copied package."""
    with path.open("a", encoding="utf-8") as file:
        file.write("\n# an edit\n")


@pytest.mark.parametrize("take", sorted(TAKES))
@pytest.mark.parametrize("module", sorted(keys.QUERY_ONLY))
def test_editing_a_query_only_module_keeps_the_key(package: Path, module: str, take: str) -> None:
    before = TAKES[take]()
    edit(package / module)
    assert TAKES[take]() == before


@pytest.mark.parametrize("take", sorted(TAKES))
@pytest.mark.parametrize(
    "module", ["search/bm25.py", "search/index.py", "text/segment.py", "data/synonyms.txt"]
)
def test_editing_a_builder_changes_the_key(package: Path, module: str, take: str) -> None:
    before = TAKES[take]()
    edit(package / module)
    assert TAKES[take]() != before


def test_query_only_modules_exist_and_no_builder_imports_them() -> None:
    root = Path(retrieval.__file__).parent
    for module in keys.QUERY_ONLY:
        assert (root / module).is_file()
        name = module.removesuffix(".py").replace("/", ".")
        for builder in ("search/bm25.py", "search/tables.py", "search/layout.py"):
            assert f"retrieval.{name}" not in (root / builder).read_text(encoding="utf-8")
