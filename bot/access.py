"""Who may use the bot: an optional allow-list of chats and users, and a per-user budget."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from bot.ratelimit import RateLimiter

logger = logging.getLogger(__name__)


class Verdict(Enum):
    """Whether one request is served, and if not, why."""

    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"
    THROTTLED = "throttled"


REFUSALS = {
    Verdict.FORBIDDEN: "抱歉，这个机器人只对授权的用户和群组开放。",
    Verdict.THROTTLED: "提问太频繁了，请稍等一分钟再试。",
}


@dataclass
class Gate:
    """Decide per request; an empty allow-list means everyone is allowed."""

    allowed_chats: frozenset[int]
    allowed_users: frozenset[int]
    limiter: RateLimiter

    def check(self, user_id: int | None, chat_id: int | None) -> Verdict:
        """Judge one request from a user in a chat (either may be unknown)."""
        if not self.admits(user_id, chat_id):
            logger.info("refused user %s in chat %s: not on the allow-list", user_id, chat_id)
            return Verdict.FORBIDDEN
        if user_id is not None and not self.limiter.allow(user_id):
            logger.info("throttled user %s", user_id)
            return Verdict.THROTTLED
        return Verdict.ALLOWED

    def admits(self, user_id: int | None, chat_id: int | None) -> bool:
        """Whether the allow-lists let this user or this chat in."""
        if not self.allowed_chats and not self.allowed_users:
            return True
        return (user_id is not None and user_id in self.allowed_users) or (
            chat_id is not None and chat_id in self.allowed_chats
        )
