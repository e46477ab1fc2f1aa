"""The alerts database: schema version, WAL, once-only claims, limits (issue 13)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.subscriptions import DATABASE, SCHEMA_VERSION, Added, AlertStore, StoreError


def test_a_fresh_database_is_versioned_and_in_wal_mode(tmp_path: Path) -> None:
    store = AlertStore.open(tmp_path / "data")
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_a_database_from_a_newer_newsbot_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / DATABASE
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match=str(path)):
        AlertStore.open(tmp_path)


def test_subscriptions_survive_reopening_and_respect_the_limit(tmp_path: Path) -> None:
    store = AlertStore.open(tmp_path)
    assert [store.add(7, k, 2) for k in ("安置房", "安置房", "陈红民", "霹雳")] == [
        Added.ADDED, Added.EXISTS, Added.ADDED, Added.FULL,
    ]  # fmt: skip
    assert store.add(8, "霹雳", 2) is Added.ADDED  # the limit is per chat
    store.close()
    again = AlertStore.open(tmp_path)
    assert [s.keyword for s in again.of_chat(7)] == ["安置房", "陈红民"]
    assert not again.remove_id(8, again.of_chat(7)[0].id)  # another chat's id removes nothing
    again.drop_chat(7)
    assert again.of_chat(7) == []
    assert [s.chat_id for s in again.every()] == [8]


def test_an_article_is_claimed_once_per_chat(tmp_path: Path) -> None:
    store = AlertStore.open(tmp_path)
    assert store.claim(1, "a-1")
    assert not store.claim(1, "a-1")
    assert store.claim(2, "a-1")
    assert not AlertStore.open(tmp_path).claim(1, "a-1")  # a restart remembers


def test_seen_articles_are_not_new_again(tmp_path: Path) -> None:
    store = AlertStore.open(tmp_path)
    assert not store.has_seen()
    store.see(["x", "y"])
    assert store.has_seen()
    assert store.unseen(["y", "z", "x"]) == ["z"]
