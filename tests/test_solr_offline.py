"""The Solr backend's pieces that need no Solr: article JSON, settings, and a Solr that is down."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.cli import main
from retrieval.engine import Engine
from retrieval.search.solr_client import SolrClient, SolrError, SolrTarget
from retrieval.search.solr_docs import article_docs, decode_article, encode_article


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, session_cache_dir: Path) -> None:
    """Keep the user's cache and settings out."""
    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(session_cache_dir))
    monkeypatch.delenv("NEWSBOT_CORPUS_DIR", raising=False)
    monkeypatch.chdir(session_cache_dir)


@pytest.fixture
def dead_url() -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/solr"


def test_every_seed_article_round_trips_through_its_json(engine: Engine) -> None:
    for article in engine.corpus.articles:
        assert decode_article(encode_article(article)) == article


def test_documents_share_the_article_routing_prefix(engine: Engine) -> None:
    article = engine.corpus.articles[0]
    strings = [f"词{i}" for i in range(len(article.paragraphs))]
    docs = list(article_docs(article, strings, order=3, people=["陈红民"]))
    assert [d["type"] for d in docs] == ["article"] + ["passage"] * len(strings)
    assert all(d["id"].startswith(article.article_id + "!") for d in docs)
    assert [d["tokens"] for d in docs[1:]] == strings
    assert docs[0]["people"] == ["陈红民"]


def test_unreachable_solr_is_one_line_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, dead_url: str
) -> None:
    monkeypatch.setenv("NEWSBOT_SOLR_URL", dead_url)
    assert main(["--backend", "solr", "ask", "安置房"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"cannot reach Solr at {dead_url}" in err


def test_client_names_the_unreachable_node(dead_url: str) -> None:
    with pytest.raises(SolrError, match="cannot reach Solr"):
        SolrClient(SolrTarget(dead_url, "newsbot"), timeout=2).select([("q", "*:*")])


@pytest.mark.parametrize(
    ("variable", "value"),
    [("NEWSBOT_SEARCH_BACKEND", "elastic"), ("NEWSBOT_SOLR_COLLECTION", "a/b")],
)
def test_bad_solr_settings_name_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["latest"]) == 1
    assert variable in capsys.readouterr().err
