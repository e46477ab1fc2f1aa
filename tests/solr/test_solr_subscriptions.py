"""Alert subscriptions kept in the Solr collection, shared by two replicas' stores."""

from __future__ import annotations

import pytest

from bot.subscriptions import Added, StoreError
from bot.subscriptions_solr import SolrAlertStore
from retrieval.search.solr_client import SolrClient, SolrTarget

pytestmark = pytest.mark.solr


def test_two_replicas_share_subscriptions(scratch: SolrClient) -> None:
    one = SolrAlertStore.open_solr(scratch)
    two = SolrAlertStore.open_solr(SolrClient(scratch.target))  # another replica, same collection
    assert one.add(7, "安置房", most=2) is Added.ADDED
    assert two.add(7, "安置房", most=2) is Added.EXISTS
    assert two.add(7, "防汛", most=2) is Added.ADDED
    assert one.add(7, "植树", most=2) is Added.FULL
    assert [s.keyword for s in one.of_chat(7)] == ["安置房", "防汛"]  # oldest first
    assert one.of_chat(8) == []
    assert {(s.chat_id, s.keyword) for s in two.every()} == {(7, "安置房"), (7, "防汛")}
    first = one.of_chat(7)[0]
    assert not two.remove_id(8, first.id)  # another chat's subscription stays
    assert two.remove_id(7, first.id)
    assert not one.remove(7, "安置房")
    assert one.remove(7, "防汛")
    assert one.every() == []


def test_an_alert_is_claimed_by_one_replica_only(scratch: SolrClient) -> None:
    one = SolrAlertStore.open_solr(scratch)
    two = SolrAlertStore.open_solr(SolrClient(scratch.target))
    assert one.claim(7, "a1")
    assert not two.claim(7, "a1")
    assert not one.claim(7, "a1")
    assert two.claim(8, "a1")


def test_seen_articles_and_dropped_chats(scratch: SolrClient) -> None:
    store = SolrAlertStore.open_solr(scratch)
    assert not store.has_seen()
    store.see(["a1", "a2"])
    assert store.has_seen()
    assert store.unseen(["a3", "a1", "a4", "a2"]) == ["a3", "a4"]
    store.add(9, "霹雳", most=5)
    store.add(9, "河长", most=5)
    store.drop_chat(9)
    assert store.of_chat(9) == []


def test_unreachable_solr_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot reach Solr"):
        SolrAlertStore.open_solr(SolrClient(SolrTarget("http://127.0.0.1:9/solr", "x"), timeout=2))
