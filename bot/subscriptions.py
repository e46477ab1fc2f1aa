"""Alert subscriptions on disk: stdlib sqlite3, WAL, a versioned schema; no Telegram here.

Sending is at most once per (chat, article): ``claim`` records the pair before anything is
sent, so a crash between the two loses that one alert but never repeats it.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

logger = logging.getLogger(__name__)

DATABASE = "alerts.sqlite3"
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    keyword TEXT NOT NULL,
    created REAL NOT NULL,
    UNIQUE (chat_id, keyword)
);
CREATE TABLE IF NOT EXISTS sent (
    chat_id INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    sent_at REAL NOT NULL,
    PRIMARY KEY (chat_id, article_id)
);
CREATE TABLE IF NOT EXISTS known (article_id TEXT PRIMARY KEY);
"""


class StoreError(Exception):
    """The alerts database cannot be opened or is of a newer schema."""


class Added(Enum):
    """What became of a /subscribe."""

    ADDED = "added"
    EXISTS = "exists"
    FULL = "full"


@dataclass(frozen=True, slots=True)
class Subscription:
    """One chat's alert for a keyword."""

    id: int
    chat_id: int
    keyword: str


class AlertStore:
    """Subscriptions, the articles already seen, and what was sent to whom."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    @classmethod
    def open(cls, data_dir: Path) -> AlertStore:
        """Open (creating) the database in data_dir; StoreError says what is wrong."""
        path = Path(data_dir) / DATABASE
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=5000")
            migrate(db, path)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"{path}: {error}") from error
        return cls(db)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def add(self, chat_id: int, keyword: str, most: int) -> Added:
        """Subscribe a chat to a keyword, unless it already is or has `most` subscriptions."""
        current = self.of_chat(chat_id)  # one thread asks at a time: no race with the insert
        if any(s.keyword == keyword for s in current):
            return Added.EXISTS
        if len(current) >= most:
            return Added.FULL
        self.db.execute(
            "INSERT INTO subscriptions (chat_id, keyword, created) VALUES (?, ?, ?)",
            (chat_id, keyword, time.time()),
        )
        return Added.ADDED

    def remove(self, chat_id: int, keyword: str) -> bool:
        """Cancel a chat's subscription to a keyword; whether there was one."""
        sql = "DELETE FROM subscriptions WHERE chat_id = ? AND keyword = ?"
        return self.db.execute(sql, (chat_id, keyword)).rowcount > 0

    def remove_id(self, chat_id: int, subscription_id: int) -> bool:
        """Cancel a subscription by id, only if it belongs to that chat."""
        sql = "DELETE FROM subscriptions WHERE chat_id = ? AND id = ?"
        return self.db.execute(sql, (chat_id, subscription_id)).rowcount > 0

    def of_chat(self, chat_id: int) -> list[Subscription]:
        """A chat's subscriptions, oldest first."""
        sql = "SELECT id, chat_id, keyword FROM subscriptions WHERE chat_id = ? ORDER BY id"
        return [Subscription(*row) for row in self.db.execute(sql, (chat_id,))]

    def every(self) -> list[Subscription]:
        """Every subscription of every chat."""
        sql = "SELECT id, chat_id, keyword FROM subscriptions ORDER BY id"
        return [Subscription(*row) for row in self.db.execute(sql)]

    def drop_chat(self, chat_id: int) -> None:
        """Forget a chat that blocked the bot or removed it."""
        self.db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
        logger.info("removed the subscriptions of chat %s", chat_id)

    def claim(self, chat_id: int, article_id: str) -> bool:
        """Record that an article goes to a chat; False when it was recorded before."""
        sql = "INSERT OR IGNORE INTO sent (chat_id, article_id, sent_at) VALUES (?, ?, ?)"
        return self.db.execute(sql, (chat_id, article_id, time.time())).rowcount == 1

    def has_seen(self) -> bool:
        """Whether any article was recorded as seen (False on a fresh database)."""
        return self.db.execute("SELECT 1 FROM known LIMIT 1").fetchone() is not None

    def unseen(self, article_ids: Iterable[str]) -> list[str]:
        """The ids not seen before, in the order given."""
        seen = {row[0] for row in self.db.execute("SELECT article_id FROM known")}
        return [i for i in article_ids if i not in seen]

    def see(self, article_ids: Iterable[str]) -> None:
        """Record articles as seen, so they are never matched as new again (one transaction)."""
        self.db.execute("BEGIN")
        try:
            sql = "INSERT OR IGNORE INTO known (article_id) VALUES (?)"
            self.db.executemany(sql, ((i,) for i in article_ids))
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to SCHEMA_VERSION; refuse a database written by a newer newsbot."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: schema version {version} is newer than {SCHEMA_VERSION}")
    if version < 1:
        db.executescript(f"BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
