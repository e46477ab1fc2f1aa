"""Who may use the bot: an optional allow-list of chats and users, and per-user budgets."""

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
    THROTTLED = "throttled"  # over budget: tell the user once
    QUIET = "quiet"  # over budget and already told in this window: say nothing


REFUSALS = {
    Verdict.FORBIDDEN: "抱歉，这个机器人只对授权的用户和群组开放。",
    Verdict.THROTTLED: "提问太频繁了，请稍等一分钟再试。",
}
INLINE_THROTTLED = "提问太频繁了，请稍后再试"


@dataclass
class Gate:
    """Decide per request; an empty allow-list means everyone is allowed.

    Questions spend ``limiter``; browsing (buttons, inline queries) spends its own, larger
    ``browse`` budget, so paging through results never uses up the questions. ``notices``
    lets one throttle notice per user through per window.
    """

    allowed_chats: frozenset[int]
    allowed_users: frozenset[int]
    limiter: RateLimiter
    browse: RateLimiter | None = None
    notices: RateLimiter | None = None

    def check(self, user_id: int | None, chat_id: int | None, *, browsing: bool = False) -> Verdict:
        """Judge one request from a user in a chat (either may be unknown)."""
        if not self.admits(user_id, chat_id):
            logger.info("refused user %s in chat %s: not on the allow-list", user_id, chat_id)
            return Verdict.FORBIDDEN
        budget = self.browse if browsing and self.browse is not None else self.limiter
        if user_id is not None and not budget.allow(user_id):
            logger.info("throttled user %s", user_id)
            told = self.notices is not None and not self.notices.allow(user_id)
            return Verdict.QUIET if told else Verdict.THROTTLED
        return Verdict.ALLOWED

    def admits(self, user_id: int | None, chat_id: int | None) -> bool:
        """Whether the allow-lists let this user or this chat in."""
        if not self.allowed_chats and not self.allowed_users:
            return True
        return (user_id is not None and user_id in self.allowed_users) or (
            chat_id is not None and chat_id in self.allowed_chats
        )
