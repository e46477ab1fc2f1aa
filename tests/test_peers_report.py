"""The side-by-side table's lines: every engine, the load it ran under, the 2× target."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks import report


def engine(ms: float, load: float | None = 1.5, **extra: Any) -> dict[str, Any]:
    """One engine's result as a peer worker reports it."""
    result = {
        "search_ms": [ms] * 3,
        "rss_mb": 100.0,
        "agreement": {"same": 30, "questions": 30, "overlap": 1.0},
        **extra,
    }
    if load is not None:
        result["load"] = load
    return result


def row(newsbot_ms: float, articles_ms: float, load: float | None = 1.5) -> dict[str, Any]:
    return {
        "paragraphs": 100_000,
        "peers": {
            "newsbot": engine(newsbot_ms, load, articles_ms=[articles_ms] * 3),
            "rank-bm25": engine(170.0, load, build_s=9.0),
            "bm25s": engine(0.4, load, build_s=20.0),
            "tantivy": engine(0.5, load, build_s=10.0),
        },
    }


def test_every_engine_has_a_line_with_the_load_it_ran_under() -> None:
    lines = report.peer_lines([row(0.6, 1.2, load=3.25)])
    assert lines[0].rstrip().endswith("load")
    body = lines[2:]
    assert len(body) == 5  # newsbot passages and articles, rank-bm25, bm25s, tantivy
    assert all(line.rstrip().endswith("3.2") for line in body)
    assert "100,000" in body[0]


def test_older_results_without_a_load_show_a_dash() -> None:
    assert report.peer_lines([row(0.6, 1.2, load=None)])[2].rstrip().endswith("—")


@pytest.mark.parametrize(
    ("newsbot_ms", "articles_ms", "marks"),
    [(0.6, 0.7, ["✓", "✓"]), (0.6, 0.9, ["✓", "✗"]), (0.81, 0.5, ["✗", "✓"])],
)
def test_target_is_twice_the_fastest_peer(
    newsbot_ms: float, articles_ms: float, marks: list[str]
) -> None:
    lines = report.peer_target_lines([row(newsbot_ms, articles_ms)])
    assert [line.split()[0] for line in lines] == marks
    assert all("bm25s 0.400 ms" in line for line in lines)
