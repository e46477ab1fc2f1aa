"""Per-user request budget: a sliding window of timestamps, bounded in memory."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable


class RateLimiter:
    """Allow each key at most `limit` events per `window` seconds (limit 0 allows all)."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        self._events: OrderedDict[int, deque[float]] = OrderedDict()

    def allow(self, key: int) -> bool:
        """Record one event for key and say whether it is within the budget."""
        if self.limit <= 0:
            return True
        now = self.clock()
        events = self._events.pop(key, None) or deque()
        while events and now - events[0] >= self.window:
            events.popleft()
        self._events[key] = events  # re-inserted last: the oldest keys are evicted first
        if len(self._events) > self.max_keys:
            self._events.popitem(last=False)
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True

    def __len__(self) -> int:
        return len(self._events)
