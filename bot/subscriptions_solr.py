"""Alert subscriptions in the Solr collection, so every bot replica shares them.

The same interface as bot/subscriptions.py's sqlite store.  Exactly-once claims across
replicas come from Solr's optimistic concurrency: a claim or a subscription is added with
``_version_`` -1 ("must not exist yet"), and the one replica whose add wins sends the alert;
the others get HTTP 409.  Every document id starts with "alerts!", so they share one shard.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable

from bot.subscriptions import Added, AlertStore, StoreError, Subscription
from retrieval.search.solr_client import SolrClient, SolrConflict, SolrError

logger = logging.getLogger(__name__)

ROWS = 100_000  # subscriptions read at once: chats × NEWSBOT_ALERT_LIMIT stays far below
CHUNK = 500  # article ids per look-up


class SolrAlertStore(AlertStore):
    """Subscriptions, the articles already seen and what was sent to whom, in Solr."""

    def __init__(self, client: SolrClient) -> None:  # no sqlite connection: nothing of super's
        self.client = client

    @classmethod
    def open_solr(cls, client: SolrClient) -> SolrAlertStore:
        """Check that the collection answers; StoreError says what is wrong."""
        try:
            client.select([("q", "type:subscription"), ("rows", "0")])
        except SolrError as error:
            raise StoreError(str(error)) from error
        return cls(client)

    def close(self) -> None:
        """Nothing to close: every request stands alone."""

    def add(self, chat_id: int, keyword: str, most: int) -> Added:
        """Subscribe a chat to a keyword, unless it already is or has `most` subscriptions."""
        current = self.of_chat(chat_id)
        if any(s.keyword == keyword for s in current):
            return Added.EXISTS
        if len(current) >= most:
            return Added.FULL
        number = _number(chat_id, keyword)
        doc = {"id": f"alerts!sub-{number}", "type": "subscription", "chat_id": chat_id,
               "keyword": keyword, "number": number, "ord": time.time_ns()}  # fmt: skip
        return Added.ADDED if self._add_new(doc) else Added.EXISTS

    def remove(self, chat_id: int, keyword: str) -> bool:
        """Cancel a chat's subscription to a keyword; whether there was one."""
        return self.remove_id(chat_id, _number(chat_id, keyword))

    def remove_id(self, chat_id: int, subscription_id: int) -> bool:
        """Cancel a subscription by id, only if it belongs to that chat."""
        if not any(s.id == subscription_id for s in self.of_chat(chat_id)):
            return False
        self.client.delete_query(f"{{!term f=id}}alerts!sub-{subscription_id}")
        self.client.commit()
        return True

    def of_chat(self, chat_id: int) -> list[Subscription]:
        """A chat's subscriptions, oldest first."""
        return self._subscriptions([("fq", f"chat_id:{int(chat_id)}")])

    def every(self) -> list[Subscription]:
        """Every subscription of every chat."""
        return self._subscriptions([])

    def drop_chat(self, chat_id: int) -> None:
        """Forget a chat that blocked the bot or removed it."""
        self.client.delete_query(f"+type:subscription +chat_id:{int(chat_id)}")
        self.client.commit()
        logger.info("removed the subscriptions of chat %s", chat_id)

    def claim(self, chat_id: int, article_id: str) -> bool:
        """Record that an article goes to a chat; False when any replica recorded it before."""
        doc = {"id": f"alerts!sent-{int(chat_id)}-{article_id}", "type": "sent",
               "chat_id": chat_id, "article_id": article_id}  # fmt: skip
        return self._add_new(doc)

    def has_seen(self) -> bool:
        """Whether any article was recorded as seen."""
        found = self.client.select([("q", "type:known"), ("rows", "0")])
        return int(found["response"]["numFound"]) > 0

    def unseen(self, article_ids: Iterable[str]) -> list[str]:
        """The ids not seen before, in the order given."""
        ids = list(article_ids)
        seen: set[str] = set()
        for start in range(0, len(ids), CHUNK):
            chunk = ",".join(f"alerts!known-{i}" for i in ids[start : start + CHUNK])
            found = self.client.select(
                [("q", "{!terms f=id}" + chunk), ("fl", "article_id"), ("rows", str(CHUNK))]
            )
            seen.update(d["article_id"] for d in found["response"]["docs"])
        return [i for i in ids if i not in seen]

    def see(self, article_ids: Iterable[str]) -> None:
        """Record articles as seen (idempotent: one document per article)."""
        docs = [{"id": f"alerts!known-{i}", "type": "known", "article_id": i} for i in article_ids]
        for start in range(0, len(docs), CHUNK):
            self.client.add(docs[start : start + CHUNK])
        self.client.commit()

    def _subscriptions(self, filters: list[tuple[str, str]]) -> list[Subscription]:
        """Subscriptions matching the filters, oldest first."""
        found = self.client.select(
            [("q", "type:subscription"), *filters, ("sort", "ord asc"),
             ("fl", "number,chat_id,keyword"), ("rows", str(ROWS))]
        )  # fmt: skip
        docs = found["response"]["docs"]
        return [Subscription(int(d["number"]), int(d["chat_id"]), d["keyword"]) for d in docs]

    def _add_new(self, doc: dict[str, object]) -> bool:
        """Add a document only if its id is new; False when it exists."""
        try:
            self.client.add([{**doc, "_version_": -1}], commit=True)
        except SolrConflict:
            return False
        return True


def _number(chat_id: int, keyword: str) -> int:
    """A subscription's id: fixed by chat and keyword, so two replicas agree on it."""
    digest = hashlib.sha256(f"{int(chat_id)}\n{keyword}".encode()).digest()
    return int.from_bytes(digest[:6], "big")
